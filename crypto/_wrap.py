"""The password-wrapped seed format, shared by officers' and filers' wraps.

Layout (98 bytes, integers big-endian)::

    version (1) || memory_kib u32 (4) || iterations u32 (4) || parallelism u8 (1)
      || salt (16) || nonce (24) || XChaCha20-Poly1305(seed) with tag (48)

The associated data is the whole 50-byte header, version byte included. The version names
whose seed it is: ``0x01`` a staff principal's (:mod:`crypto.seedwrap`), ``0x02`` a filer's
(:mod:`crypto.filerwrap`). Each public module unwraps only its own version, and since the
version byte is authenticated, a staff wrap relabelled as a filer's fails to open even with
the right password: code that can unwrap filer seeds cannot unwrap an officer's (G6).

This module is private: only :mod:`crypto.seedwrap` and :mod:`crypto.filerwrap` import it,
and the gateway may reach it only through :mod:`crypto.filerwrap` (import-linter, "G6").
"""

from __future__ import annotations

import struct
import unicodedata

import nacl.exceptions
import nacl.utils
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)

from . import _kdf
from ._aead import AEAD_NONCE_BYTES, AEAD_TAG_BYTES
from ._errors import FormatError, WrongPasswordError
from ._kdf import KDF_SALT_BYTES, KdfParams
from ._keys import SEED_BYTES

_PARAMS_FORMAT = ">IIB"
_PARAMS_BYTES = struct.calcsize(_PARAMS_FORMAT)
_U8_MAX = 255
_WRAP_KEY_BYTES = 32
WRAP_HEADER_BYTES = 1 + _PARAMS_BYTES + KDF_SALT_BYTES + AEAD_NONCE_BYTES  # 50
WRAPPED_SEED_BYTES = WRAP_HEADER_BYTES + SEED_BYTES + AEAD_TAG_BYTES  # 98


def password_bytes(password: str) -> bytes:
    """NFKC-normalised UTF-8 (the same password typed on any keyboard gives the same key)."""
    try:
        return unicodedata.normalize("NFKC", password).encode("utf-8")
    except UnicodeEncodeError as error:
        raise FormatError("a password must be valid Unicode text") from error


def parse_header(wrapped: bytes, version: int) -> tuple[KdfParams, bytes]:
    """The KDF parameters and the header of a wrap of ``version``.

    Raises:
        FormatError: wrong length, or a wrap of another version.
    """
    if len(wrapped) != WRAPPED_SEED_BYTES:
        raise FormatError(f"a wrapped seed is {WRAPPED_SEED_BYTES} bytes")
    if wrapped[0] != version:
        raise FormatError("unknown wrapped seed version")
    memory_kib, iterations, parallelism = struct.unpack_from(_PARAMS_FORMAT, wrapped, 1)
    params = KdfParams(memory_kib=memory_kib, iterations=iterations, parallelism=parallelism)
    return params, bytes(wrapped[:WRAP_HEADER_BYTES])


def wrap(seed: bytes, password: str, params: KdfParams, version: int) -> bytes:
    """Wrap ``seed`` under ``password`` as a wrap of ``version``.

    Raises:
        FormatError: the seed has the wrong length, the password is not valid Unicode,
            or parallelism does not fit the header.
    """
    if len(seed) != SEED_BYTES:
        raise FormatError(f"a seed is {SEED_BYTES} bytes")
    if params.parallelism > _U8_MAX:
        raise FormatError("parallelism does not fit a wrapped seed header")
    salt = nacl.utils.random(KDF_SALT_BYTES)
    header = (
        bytes([version])
        + struct.pack(_PARAMS_FORMAT, params.memory_kib, params.iterations, params.parallelism)
        + salt
        + nacl.utils.random(AEAD_NONCE_BYTES)
    )
    key = _kdf.derive_key(password_bytes(password), salt, params, _WRAP_KEY_BYTES)
    nonce = header[-AEAD_NONCE_BYTES:]
    return header + crypto_aead_xchacha20poly1305_ietf_encrypt(bytes(seed), header, nonce, key)


def unwrap(wrapped: bytes, password: str, version: int) -> bytes:
    """Unwrap a wrap of ``version`` (one Argon2id run; success is the password check).

    Raises:
        FormatError: malformed, or of another version.
        WrongPasswordError: wrong password, or the wrap was altered.
    """
    params, header = parse_header(wrapped, version)
    salt = header[1 + _PARAMS_BYTES : 1 + _PARAMS_BYTES + KDF_SALT_BYTES]
    nonce = header[-AEAD_NONCE_BYTES:]
    key = _kdf.derive_key(password_bytes(password), salt, params, _WRAP_KEY_BYTES)
    try:
        return crypto_aead_xchacha20poly1305_ietf_decrypt(
            bytes(wrapped[WRAP_HEADER_BYTES:]), header, nonce, key
        )
    except nacl.exceptions.CryptoError as error:
        raise WrongPasswordError("the seed did not unwrap with that password") from error
