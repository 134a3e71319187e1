"""Confide's cryptography: pure functions over bytes, no I/O.

The public surface is re-exported here; the implementation lives in private modules, one
concept each (``_records``, ``_receipts``, ``_sessions``, ``_streams``, ``_chain``, ...),
each of which documents its format and reasoning. Every error is a :class:`CryptoError`.

Unwrapping a principal's seed lives apart, in :mod:`crypto.seedwrap`, which this package
deliberately does not import: the gateway may import :mod:`crypto` but is forbidden (by an
import-linter contract) from reaching :mod:`crypto.seedwrap` by any path.

Primitives are libsodium's (through PyNaCl): XChaCha20-Poly1305, crypto_box_seal
(X25519), Ed25519, BLAKE2b, secretstream and Argon2id (``crypto_pwhash``, one lane);
argon2-cffi derives the Argon2id keys libsodium cannot (more than one lane), with the same
output (:mod:`crypto._kdf`).
"""

from ._chain import (
    CHAIN_HASH_BYTES,
    GENESIS_HASH,
    ChainValue,
    canonical_encoding,
    entry_hash,
    verify_chain,
)
from ._digest import SHA256_HEX_CHARS, Sha256
from ._errors import (
    ChainError,
    CryptoError,
    DecryptionError,
    FormatError,
    ReceiptFormatError,
    SignatureError,
    StreamError,
    WrongPasswordError,
)
from ._kdf import (
    KDF_SALT_BYTES,
    PRODUCTION_KDF,
    TEST_KDF,
    KdfImplementation,
    KdfParams,
    derive_key,
    kdf_implementation,
    libsodium_refusal,
)
from ._keys import SEED_BYTES, PrincipalKeys, derive_keys, generate_seed, principal_record_key
from ._receipts import (
    LOOKUP_ID_BYTES,
    OFFICE_SALT_BYTES,
    PEPPER_BYTES,
    RECEIPT_DIGITS,
    RECEIPT_GROUP,
    ReceiptSecrets,
    derive_receipt,
    format_receipt,
    generate_office_salt,
    generate_pepper,
    generate_receipt,
    normalise_receipt,
)
from ._records import (
    CASE_KEY_BYTES,
    decrypt_record,
    encrypt_record,
    generate_case_key,
    open_case_key,
    open_sealed,
    padded_size,
    record_associated_data,
    seal_case_key,
    seal_to,
)
from ._sessions import SESSION_KEY_BYTES, open_session, seal_session, session_lookup_id
from ._signing import sign, verify_signature
from ._streams import (
    FILE_CHUNK_BYTES,
    FILE_KEY_BYTES,
    STREAM_HEADER_BYTES,
    STREAM_OVERHEAD_BYTES,
    StreamDecryptor,
    StreamEncryptor,
    ciphertext_size,
    decrypt_chunks,
    encrypt_chunks,
    generate_file_key,
)
from ._tokens import constant_time_equal, keyed_hash, random_token, token_urlsafe

__all__ = [
    "CASE_KEY_BYTES",
    "CHAIN_HASH_BYTES",
    "FILE_CHUNK_BYTES",
    "FILE_KEY_BYTES",
    "GENESIS_HASH",
    "KDF_SALT_BYTES",
    "LOOKUP_ID_BYTES",
    "OFFICE_SALT_BYTES",
    "PEPPER_BYTES",
    "PRODUCTION_KDF",
    "RECEIPT_DIGITS",
    "RECEIPT_GROUP",
    "SEED_BYTES",
    "SESSION_KEY_BYTES",
    "SHA256_HEX_CHARS",
    "STREAM_HEADER_BYTES",
    "STREAM_OVERHEAD_BYTES",
    "TEST_KDF",
    "ChainError",
    "ChainValue",
    "CryptoError",
    "DecryptionError",
    "FormatError",
    "KdfImplementation",
    "KdfParams",
    "PrincipalKeys",
    "ReceiptFormatError",
    "ReceiptSecrets",
    "Sha256",
    "SignatureError",
    "StreamDecryptor",
    "StreamEncryptor",
    "StreamError",
    "WrongPasswordError",
    "canonical_encoding",
    "ciphertext_size",
    "constant_time_equal",
    "decrypt_chunks",
    "decrypt_record",
    "derive_key",
    "derive_keys",
    "derive_receipt",
    "encrypt_chunks",
    "encrypt_record",
    "entry_hash",
    "format_receipt",
    "generate_case_key",
    "generate_file_key",
    "generate_office_salt",
    "generate_pepper",
    "generate_receipt",
    "generate_seed",
    "kdf_implementation",
    "keyed_hash",
    "libsodium_refusal",
    "normalise_receipt",
    "open_case_key",
    "open_sealed",
    "open_session",
    "padded_size",
    "principal_record_key",
    "random_token",
    "record_associated_data",
    "seal_case_key",
    "seal_session",
    "seal_to",
    "session_lookup_id",
    "sign",
    "token_urlsafe",
    "verify_chain",
    "verify_signature",
]
