"""SHA-256 fingerprints of exported material.

The consent log stores the SHA-256 of every referral export so that the audit committee, or
the recipient, can check with any standard tool that a file is the one the log names. This
is a public fingerprint, not a secret-keyed primitive: libsodium offers SHA-256 only in one
shot through PyNaCl, and exports are streamed, so the incremental hash comes from the
standard library's ``hashlib`` (OpenSSL's SHA-256), wrapped here so that the rest of
Confide still takes every hash from :mod:`crypto`.
"""

from __future__ import annotations

import hashlib

__all__ = ["SHA256_HEX_CHARS", "Sha256"]

SHA256_HEX_CHARS = 64


class Sha256:
    """An incremental SHA-256 over a stream of bytes."""

    def __init__(self) -> None:
        """Start an empty digest."""
        self._state = hashlib.sha256()

    def update(self, data: bytes) -> None:
        """Feed more bytes.

        Args:
            data: the next piece of the stream.
        """
        self._state.update(data)

    def hexdigest(self) -> str:
        """The fingerprint so far, as 64 lower-case hexadecimal characters.

        Returns:
            The hexadecimal digest.
        """
        return self._state.hexdigest()
