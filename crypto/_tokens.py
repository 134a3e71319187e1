"""Random tokens, keyed hashes and constant-time comparison.

Small helpers so that the rest of Confide never reaches for :mod:`random`, never compares
secrets with ``==``, and never invents its own MAC: tokens come from the OS CSPRNG
(:mod:`secrets`), keyed hashes are BLAKE2b-256 in keyed mode with a personalisation string
naming their purpose, and comparisons go through :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import hmac
import secrets

from nacl.encoding import RawEncoder
from nacl.hash import blake2b

from ._errors import FormatError

__all__ = [
    "KEYED_HASH_BYTES",
    "KEYED_HASH_MAX_KEY_BYTES",
    "KEYED_HASH_MIN_KEY_BYTES",
    "KEYED_HASH_PERSON_MAX_BYTES",
    "TOKEN_BYTES",
    "constant_time_equal",
    "keyed_hash",
    "random_token",
    "token_urlsafe",
]

TOKEN_BYTES = 32
"""Default token length (256 bits)."""

KEYED_HASH_BYTES = 32
"""Length of a :func:`keyed_hash` output."""

KEYED_HASH_MIN_KEY_BYTES = 16
KEYED_HASH_MAX_KEY_BYTES = 64
KEYED_HASH_PERSON_MAX_BYTES = 16


def _check_token_length(n_bytes: int) -> None:
    if isinstance(n_bytes, bool) or not isinstance(n_bytes, int) or n_bytes < 1:
        raise FormatError("a token length must be a positive number of bytes")


def random_token(n_bytes: int = TOKEN_BYTES) -> bytes:
    """Draw random bytes from the OS CSPRNG.

    Args:
        n_bytes: How many bytes.

    Returns:
        ``n_bytes`` random bytes.

    Raises:
        FormatError: ``n_bytes`` is not a positive int.
    """
    _check_token_length(n_bytes)
    return secrets.token_bytes(n_bytes)


def token_urlsafe(n_bytes: int = TOKEN_BYTES) -> str:
    """Draw a random token as URL-safe base64 text without padding.

    Args:
        n_bytes: How many random bytes the token carries.

    Returns:
        The token, ``ceil(4 * n_bytes / 3)`` characters of ``A-Z a-z 0-9 - _``.

    Raises:
        FormatError: ``n_bytes`` is not a positive int.
    """
    _check_token_length(n_bytes)
    return secrets.token_urlsafe(n_bytes)


def keyed_hash(key: bytes, data: bytes, *, person: bytes) -> bytes:
    """Compute BLAKE2b-256 of data in keyed mode, personalised for one purpose.

    Args:
        key: A 16- to 64-byte secret key.
        data: The bytes to hash.
        person: The purpose, at most 16 bytes (e.g. ``b"confide-csrf"``).

    Returns:
        The :data:`KEYED_HASH_BYTES`-byte keyed hash.

    Raises:
        FormatError: The key or personalisation has an invalid length.
    """
    if not KEYED_HASH_MIN_KEY_BYTES <= len(key) <= KEYED_HASH_MAX_KEY_BYTES:
        raise FormatError("a keyed-hash key is 16 to 64 bytes")
    if len(person) > KEYED_HASH_PERSON_MAX_BYTES:
        raise FormatError("a personalisation string is at most 16 bytes")
    return blake2b(
        bytes(data),
        digest_size=KEYED_HASH_BYTES,
        key=bytes(key),
        person=bytes(person),
        encoder=RawEncoder,
    )


def constant_time_equal(a: bytes, b: bytes) -> bool:
    """Compare two byte strings in time independent of where they differ.

    Args:
        a: One value.
        b: The other.

    Returns:
        Whether they are equal.
    """
    return hmac.compare_digest(a, b)
