"""Case records and key grants.

A case has a random 32-byte case key. Every record of the case is encrypted under it with
XChaCha20-Poly1305-IETF (random 192-bit nonces, so no nonce bookkeeping is needed)::

    record = 0x01 (version, 1) || nonce (24) || ciphertext || Poly1305 tag (16)

The associated data is the version byte followed by :func:`record_associated_data`, a
canonical encoding of the table, row id and field the ciphertext belongs to::

    b"confide-record-v1" || u32be(len) || table || u32be(len) || row_id || u32be(len) || field

Lengths are prefixed so no two (table, row, field) triples encode alike; a ciphertext
copied to another row or field, or a version byte changed, fails authentication instead of
decrypting in the wrong place.

The case key reaches its grantees as a grant: ``crypto_box_seal`` to the grantee's X25519
public key (an ephemeral sender key, so grants are anonymous and need no sender secret)::

    grant = 0x01 (version, 1) || crypto_box_seal(plaintext) (48 + len(plaintext))

:func:`seal_to` and :func:`open_sealed` are the same format for any plaintext; recovery
uses them to seal seeds to the office recovery key.
"""

from __future__ import annotations

import struct

import nacl.exceptions
import nacl.utils
from nacl.bindings import crypto_box_SEALBYTES
from nacl.public import PrivateKey, PublicKey, SealedBox

from ._aead import aead_decrypt, aead_encrypt
from ._errors import DecryptionError, FormatError
from ._keys import PrincipalKeys

__all__ = [
    "BOX_PUBLIC_KEY_BYTES",
    "CASE_KEY_BYTES",
    "PADDING_BLOCK_BYTES",
    "RECORD_VERSION",
    "SEALED_VERSION",
    "decrypt_record",
    "encrypt_record",
    "generate_case_key",
    "open_case_key",
    "open_sealed",
    "padded_size",
    "record_associated_data",
    "seal_case_key",
    "seal_to",
]

CASE_KEY_BYTES = 32
"""Length of a case key."""

BOX_PUBLIC_KEY_BYTES = 32
"""Length of an X25519 public key."""

PADDING_BLOCK_BYTES = 4096
"""Ciphertext sizes are disclosed only rounded up to this block (4 KiB)."""

RECORD_VERSION = 0x01
SEALED_VERSION = 0x01

_RECORD_AD_LABEL = b"confide-record-v1"
_SEALED_OVERHEAD_BYTES: int = 1 + crypto_box_SEALBYTES


def generate_case_key() -> bytes:
    """Draw a fresh case key from the OS CSPRNG.

    Returns:
        :data:`CASE_KEY_BYTES` random bytes.
    """
    return nacl.utils.random(CASE_KEY_BYTES)


def _length_prefixed(part: str) -> bytes:
    try:
        encoded = part.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FormatError("associated data must be valid Unicode text") from error
    return struct.pack(">I", len(encoded)) + encoded


def record_associated_data(*, table: str, row_id: str, field: str) -> bytes:
    """Encode where a record lives, canonically, for use as associated data.

    Args:
        table: The table name.
        row_id: The row's id, as text.
        field: The column or field name.

    Returns:
        ``b"confide-record-v1"`` followed by each part as a u32 big-endian length and UTF-8.

    Raises:
        FormatError: A part is not encodable as UTF-8 (e.g. a lone surrogate).
    """
    parts = (table, row_id, field)
    return _RECORD_AD_LABEL + b"".join(_length_prefixed(part) for part in parts)


def encrypt_record(key: bytes, plaintext: bytes, *, table: str, row_id: str, field: str) -> bytes:
    """Encrypt one field of one row, bound to that place.

    Args:
        key: The :data:`CASE_KEY_BYTES`-byte case key (or a principal record key).
        plaintext: The bytes to encrypt.
        table: The table the ciphertext is stored in.
        row_id: The id of its row.
        field: The field it is stored in.

    Returns:
        ``0x01 || nonce (24) || ciphertext || tag (16)``.

    Raises:
        FormatError: The key has the wrong length or a part is not valid Unicode.
    """
    label = record_associated_data(table=table, row_id=row_id, field=field)
    return aead_encrypt(key, plaintext, RECORD_VERSION, label)


def decrypt_record(key: bytes, ciphertext: bytes, *, table: str, row_id: str, field: str) -> bytes:
    """Decrypt one field of one row, checking it was encrypted for that place.

    Args:
        key: The key the record was encrypted under.
        ciphertext: The stored record.
        table: The table it was read from.
        row_id: The id of its row.
        field: The field it was read from.

    Returns:
        The plaintext.

    Raises:
        FormatError: Wrong key length, truncated record, or unknown version byte.
        DecryptionError: Wrong key, another row's or field's record, or tampering.
    """
    label = record_associated_data(table=table, row_id=row_id, field=field)
    return aead_decrypt(key, ciphertext, RECORD_VERSION, label)


def seal_to(plaintext: bytes, recipient_box_public: bytes) -> bytes:
    """Seal bytes anonymously to an X25519 public key (``crypto_box_seal``).

    Args:
        plaintext: The bytes to seal.
        recipient_box_public: The recipient's 32-byte X25519 public key.

    Returns:
        ``0x01 || crypto_box_seal(plaintext)``.

    Raises:
        FormatError: The public key is malformed or a low-order point.
    """
    if len(recipient_box_public) != BOX_PUBLIC_KEY_BYTES:
        raise FormatError(f"a box public key is {BOX_PUBLIC_KEY_BYTES} bytes")
    try:
        sealed = SealedBox(PublicKey(bytes(recipient_box_public))).encrypt(bytes(plaintext))
    except nacl.exceptions.CryptoError as error:
        raise FormatError("unusable box public key") from error
    return bytes([SEALED_VERSION]) + sealed


def open_sealed(sealed: bytes, box_private: PrivateKey) -> bytes:
    """Open bytes sealed with :func:`seal_to`.

    Args:
        sealed: ``0x01 || crypto_box_seal(plaintext)``.
        box_private: The recipient's X25519 private key.

    Returns:
        The plaintext.

    Raises:
        FormatError: Too short or unknown version byte.
        DecryptionError: Not sealed to this key, or tampered with.
    """
    if len(sealed) < _SEALED_OVERHEAD_BYTES:
        raise FormatError("sealed box is too short")
    if sealed[0] != SEALED_VERSION:
        raise FormatError("unknown sealed box version")
    try:
        return SealedBox(box_private).decrypt(bytes(sealed[1:]))
    except nacl.exceptions.CryptoError as error:
        raise DecryptionError("sealed box did not open") from error


def seal_case_key(case_key: bytes, recipient_box_public: bytes) -> bytes:
    """Grant a case key to a principal by sealing it to their box public key.

    Args:
        case_key: The :data:`CASE_KEY_BYTES`-byte case key.
        recipient_box_public: The grantee's 32-byte X25519 public key.

    Returns:
        The grant, ``0x01 || crypto_box_seal(case_key)`` (81 bytes).

    Raises:
        FormatError: The case key or public key is malformed.
    """
    if len(case_key) != CASE_KEY_BYTES:
        raise FormatError(f"a case key is {CASE_KEY_BYTES} bytes")
    return seal_to(case_key, recipient_box_public)


def open_case_key(sealed: bytes, keys: PrincipalKeys) -> bytes:
    """Open a grant with the grantee's keys.

    Args:
        sealed: A grant made by :func:`seal_case_key`.
        keys: The grantee's keys.

    Returns:
        The :data:`CASE_KEY_BYTES`-byte case key.

    Raises:
        FormatError: The grant is malformed or does not hold a case key.
        DecryptionError: The grant is not sealed to these keys, or was tampered with.
    """
    case_key = open_sealed(sealed, keys.box)
    if len(case_key) != CASE_KEY_BYTES:
        raise FormatError("grant does not hold a case key")
    return case_key


def padded_size(n_bytes: int, block: int = PADDING_BLOCK_BYTES) -> int:
    """Round a size up to the next multiple of ``block`` (0 stays 0).

    This is the only form in which ciphertext sizes may appear in clear metadata.

    Args:
        n_bytes: The exact size in bytes.
        block: The block size in bytes (4 KiB by default).

    Returns:
        The smallest multiple of ``block`` that is at least ``n_bytes``.

    Raises:
        FormatError: ``n_bytes`` is negative or ``block`` is not positive.
    """
    if n_bytes < 0:
        raise FormatError("a size cannot be negative")
    if block < 1:
        raise FormatError("a block size must be positive")
    return -(-n_bytes // block) * block
