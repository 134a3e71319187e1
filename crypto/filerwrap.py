"""Filers' password-wrapped seeds: the only unwrapping the public gateway may do.

A filer (DESIGN.md, "Filers") is a principal with their own keys, signed in on the gateway.
Their seed is wrapped in the same format as a staff principal's (:mod:`crypto._wrap`) but
with version byte ``0x02``. :func:`unwrap_filer_seed` opens only that version; because the
version byte is authenticated associated data, an officer's wrap (``0x01``) fails here even
with the right password, and changing its first byte makes it fail everywhere. So the
gateway, which imports this module, still cannot unwrap any officer's, director's or
reviewer's key (G6), and :mod:`crypto.seedwrap` cannot open a filer's wrap either.
"""

from __future__ import annotations

import secrets

from . import _wrap
from ._kdf import KdfParams
from ._keys import generate_seed

__all__ = [
    "FILER_WRAP_VERSION",
    "dummy_filer_wrap",
    "filer_wrap_params",
    "unwrap_filer_seed",
    "wrap_filer_seed",
]

FILER_WRAP_VERSION = 0x02
_DUMMY_PASSWORD_BYTES = 32


def wrap_filer_seed(seed: bytes, password: str, params: KdfParams) -> bytes:
    """Wrap a filer's seed under their password.

    Args:
        seed: The 32-byte seed.
        password: The filer's password (NFKC, UTF-8).
        params: Argon2id parameters.

    Returns:
        A 98-byte wrap of version ``0x02``.

    Raises:
        FormatError: malformed seed, password or parameters.
    """
    return _wrap.wrap(seed, password, params, FILER_WRAP_VERSION)


def unwrap_filer_seed(wrapped: bytes, password: str) -> bytes:
    """Unwrap a filer's seed; success is the password check (one Argon2id run).

    Args:
        wrapped: A wrap made by :func:`wrap_filer_seed`.
        password: The password to try.

    Returns:
        The seed.

    Raises:
        FormatError: not a filer's wrap (an officer's wrap is refused here, unopened).
        WrongPasswordError: the password is wrong or the wrap was altered.
    """
    return _wrap.unwrap(wrapped, password, FILER_WRAP_VERSION)


def filer_wrap_params(wrapped: bytes) -> KdfParams:
    """The KDF parameters of a filer's wrap (to decide on a re-wrap).

    Raises:
        FormatError: not a filer's wrap.
    """
    return _wrap.parse_header(wrapped, FILER_WRAP_VERSION)[0]


def dummy_filer_wrap(params: KdfParams) -> bytes:
    """A filer wrap no password opens, for equal work when a sign-in names nobody.

    Args:
        params: The parameters real wraps use.

    Returns:
        The wrap.
    """
    return wrap_filer_seed(generate_seed(), secrets.token_urlsafe(_DUMMY_PASSWORD_BYTES), params)
