"""The exceptions of :mod:`crypto`.

Like argon2-cffi, the package has one base exception, :class:`CryptoError`, and a few
specific subclasses. Callers catch the specific class where they can act on it (a
:class:`WrongPasswordError` at login, a :class:`ChainError` in the log checker) and the base
class at the web boundary, where every failure becomes one generic answer. No message ever
contains secret material or the user's input.

The hierarchy::

    CryptoError
     +-- DecryptionError          authentication failed
     |    +-- WrongPasswordError  a wrapped seed did not open with that password or code
     |    +-- StreamError         a file stream was truncated, reordered or tampered with
     +-- FormatError (ValueError) malformed input: length, version byte, type
     |    +-- ReceiptFormatError  typed text is not a 20-digit receipt
     +-- ChainError               a hash-chained log is broken at a named entry
     +-- SignatureError           a signature does not verify
"""

from __future__ import annotations

__all__ = [
    "ChainError",
    "CryptoError",
    "DecryptionError",
    "FormatError",
    "ReceiptFormatError",
    "SignatureError",
    "StreamError",
    "WrongPasswordError",
]


class CryptoError(Exception):
    """Base class of every error raised by :mod:`crypto`."""


class DecryptionError(CryptoError):
    """Authentication failed: wrong key, wrong associated data, or tampered ciphertext."""


class WrongPasswordError(DecryptionError):
    """A wrapped seed did not open with that password (or recovery code)."""


class FormatError(CryptoError, ValueError):
    """Malformed input: wrong length, unknown version byte, or unsupported type."""


class ReceiptFormatError(FormatError):
    """The typed text is not a 20-digit receipt. The message never echoes the input."""


class StreamError(DecryptionError):
    """A file stream was truncated, reordered, tampered with, or lacks its final tag."""


class ChainError(CryptoError):
    """A hash-chained log is broken.

    Attributes:
        entry_id: The id of the first broken entry, exactly as the caller passed it in.
        position: The 0-based index of that entry in the iterable that was checked.
    """

    def __init__(self, entry_id: object, position: int) -> None:
        """Build the error for the first broken entry.

        Args:
            entry_id: The id of the first broken entry, as passed in by the caller.
            position: Its 0-based index in the checked iterable.
        """
        super().__init__(f"hash chain broken at entry {entry_id!r} (position {position})")
        self.entry_id = entry_id
        self.position = position

    def __reduce__(self) -> tuple[type[ChainError], tuple[object, int]]:
        """Pickle with the constructor's arguments, not the formatted message."""
        return (type(self), (self.entry_id, self.position))


class SignatureError(CryptoError):
    """A signature does not verify, or the key or signature is malformed."""
