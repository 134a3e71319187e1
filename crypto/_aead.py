"""XChaCha20-Poly1305-IETF with a version byte: the shape shared by records and sessions.

Layout, as used by :func:`crypto.encrypt_record` and :func:`crypto.seal_session`::

    version (1) || nonce (24, random) || ciphertext || Poly1305 tag (16)

The associated data is ``version || label``: the version byte is authenticated, and the
label (a record's place, or the session domain) binds the ciphertext to its purpose.
192-bit random nonces make nonce reuse negligible without any counter state.
"""

from __future__ import annotations

import nacl.exceptions
import nacl.utils
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_ABYTES,
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
)

from ._errors import DecryptionError, FormatError

__all__ = [
    "AEAD_KEY_BYTES",
    "AEAD_NONCE_BYTES",
    "AEAD_TAG_BYTES",
    "aead_decrypt",
    "aead_encrypt",
    "check_key",
]

AEAD_KEY_BYTES: int = crypto_aead_xchacha20poly1305_ietf_KEYBYTES
"""Length of an XChaCha20-Poly1305 key (32)."""

AEAD_NONCE_BYTES: int = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
"""Length of an XChaCha20-Poly1305 nonce (24)."""

AEAD_TAG_BYTES: int = crypto_aead_xchacha20poly1305_ietf_ABYTES
"""Length of a Poly1305 tag (16)."""


def check_key(key: bytes) -> None:
    """Check that a symmetric key has the AEAD key length.

    Args:
        key: The key to check.

    Raises:
        FormatError: The key is not :data:`AEAD_KEY_BYTES` bytes long.
    """
    if len(key) != AEAD_KEY_BYTES:
        raise FormatError(f"a key is {AEAD_KEY_BYTES} bytes")


def aead_encrypt(key: bytes, plaintext: bytes, version: int, label: bytes) -> bytes:
    """Encrypt as ``version || nonce || ciphertext+tag``; the AD is ``version || label``.

    Args:
        key: A :data:`AEAD_KEY_BYTES`-byte key.
        plaintext: The bytes to encrypt.
        version: The version byte to prefix (and authenticate).
        label: The rest of the associated data.

    Returns:
        The versioned ciphertext.

    Raises:
        FormatError: The key has the wrong length.
    """
    check_key(key)
    header = bytes([version]) + nacl.utils.random(AEAD_NONCE_BYTES)
    body = crypto_aead_xchacha20poly1305_ietf_encrypt(
        bytes(plaintext), header[:1] + label, header[1:], bytes(key)
    )
    return header + body


def aead_decrypt(key: bytes, ciphertext: bytes, version: int, label: bytes) -> bytes:
    """Open a ciphertext made by :func:`aead_encrypt`.

    Args:
        key: The :data:`AEAD_KEY_BYTES`-byte key.
        ciphertext: ``version || nonce || ciphertext+tag``.
        version: The only version byte accepted.
        label: The rest of the associated data.

    Returns:
        The plaintext.

    Raises:
        FormatError: Wrong key length, too short, or unknown version byte.
        DecryptionError: Wrong key, wrong associated data, or tampering.
    """
    check_key(key)
    if len(ciphertext) < 1 + AEAD_NONCE_BYTES + AEAD_TAG_BYTES:
        raise FormatError("ciphertext is too short")
    if ciphertext[0] != version:
        raise FormatError("unknown ciphertext version")
    data = bytes(ciphertext)
    try:
        nonce, body = data[1 : 1 + AEAD_NONCE_BYTES], data[1 + AEAD_NONCE_BYTES :]
        return crypto_aead_xchacha20poly1305_ietf_decrypt(body, data[:1] + label, nonce, bytes(key))
    except nacl.exceptions.CryptoError as error:
        raise DecryptionError("ciphertext did not authenticate") from error
