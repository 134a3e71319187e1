"""File streams: libsodium secretstream (XChaCha20-Poly1305) in fixed-size chunks.

A file is encrypted as it streams in and decrypted as it streams out, under its own random
key (itself a case record): never whole in memory, never plaintext on disk. Layout::

    header (24) || n x chunk(65536 + 17, TAG_MESSAGE) || chunk(r + 17, TAG_FINAL)

where ``0 <= r < 65536`` is the remainder, possibly empty. Every ciphertext chunk but the
last is exactly :data:`STREAM_CIPHERTEXT_CHUNK_BYTES` and the last is strictly shorter, so
a reader can cut ciphertext however it arrives. secretstream chains the chunks, so
reordering, dropping or altering one fails authentication; the final tag marks the end, so
truncation is caught at :meth:`StreamDecryptor.finalize`. Plaintext is released chunk by
chunk: treat it as complete only once decryption has finished without a StreamError.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import nacl.exceptions
from nacl import bindings as _sodium
from nacl.utils import random

from ._errors import CryptoError, FormatError, StreamError

__all__ = [
    "FILE_CHUNK_BYTES",
    "FILE_KEY_BYTES",
    "STREAM_CIPHERTEXT_CHUNK_BYTES",
    "STREAM_HEADER_BYTES",
    "STREAM_OVERHEAD_BYTES",
    "StreamDecryptor",
    "StreamEncryptor",
    "ciphertext_size",
    "decrypt_chunks",
    "encrypt_chunks",
    "generate_file_key",
]

FILE_KEY_BYTES: int = _sodium.crypto_secretstream_xchacha20poly1305_KEYBYTES
"""Length of a per-file key (32)."""

FILE_CHUNK_BYTES = 65536
"""Plaintext bytes per chunk (64 KiB)."""

STREAM_HEADER_BYTES: int = _sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
"""Length of the stream header (24)."""

STREAM_OVERHEAD_BYTES: int = _sodium.crypto_secretstream_xchacha20poly1305_ABYTES
"""Ciphertext bytes added to each chunk (17: one tag byte and a 16-byte MAC)."""

STREAM_CIPHERTEXT_CHUNK_BYTES = FILE_CHUNK_BYTES + STREAM_OVERHEAD_BYTES
"""Length of every ciphertext chunk except the final one."""

_TAG_MESSAGE: int = _sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL: int = _sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL


def _check_key(key: bytes) -> None:
    if len(key) != FILE_KEY_BYTES:
        raise FormatError(f"a file key is {FILE_KEY_BYTES} bytes")


def generate_file_key() -> bytes:
    """Draw a fresh per-file key from the OS CSPRNG.

    Returns:
        :data:`FILE_KEY_BYTES` random bytes.
    """
    return random(FILE_KEY_BYTES)


def ciphertext_size(plaintext_size: int) -> int:
    """Compute the exact size of the stream (header included) for a plaintext size.

    Args:
        plaintext_size: The plaintext size in bytes.

    Returns:
        ``24 + plaintext_size + 17 * (plaintext_size // 65536 + 1)``.

    Raises:
        FormatError: ``plaintext_size`` is negative.
    """
    if plaintext_size < 0:
        raise FormatError("a size cannot be negative")
    chunks = plaintext_size // FILE_CHUNK_BYTES + 1
    return STREAM_HEADER_BYTES + plaintext_size + chunks * STREAM_OVERHEAD_BYTES


class StreamEncryptor:
    """Encrypt a stream incrementally, one full chunk at a time.

    Attributes:
        header: The 24-byte stream header; it must precede the ciphertext.
    """

    def __init__(self, key: bytes) -> None:
        """Start a stream.

        Args:
            key: The :data:`FILE_KEY_BYTES`-byte file key.

        Raises:
            FormatError: The key has the wrong length.
        """
        _check_key(key)
        self._state = _sodium.crypto_secretstream_xchacha20poly1305_state()
        self.header: bytes = _sodium.crypto_secretstream_xchacha20poly1305_init_push(
            self._state, bytes(key)
        )
        self._buffer = bytearray()
        self._finished = False

    def _push(self, chunk: bytes, tag: int) -> bytes:
        return _sodium.crypto_secretstream_xchacha20poly1305_push(self._state, chunk, None, tag)

    def update(self, data: bytes | memoryview) -> bytes:
        """Feed plaintext; get the ciphertext of every chunk it completes.

        Args:
            data: The next plaintext bytes, of any length.

        Returns:
            The ciphertext of each completed :data:`FILE_CHUNK_BYTES` chunk, possibly b"".

        Raises:
            CryptoError: The stream was already finalized.
        """
        if self._finished:
            raise CryptoError("the stream is already finalized")
        self._buffer += data
        pieces: list[bytes] = []
        start = 0
        while len(self._buffer) - start >= FILE_CHUNK_BYTES:
            end = start + FILE_CHUNK_BYTES
            pieces.append(self._push(bytes(self._buffer[start:end]), _TAG_MESSAGE))
            start = end
        del self._buffer[:start]
        return b"".join(pieces)

    def finalize(self) -> bytes:
        """Encrypt the buffered remainder (possibly empty) as the final chunk.

        Returns:
            The final ciphertext chunk (at least :data:`STREAM_OVERHEAD_BYTES`).

        Raises:
            CryptoError: The stream was already finalized.
        """
        if self._finished:
            raise CryptoError("the stream is already finalized")
        self._finished = True
        final = self._push(bytes(self._buffer), _TAG_FINAL)
        self._buffer.clear()
        return final


class StreamDecryptor:
    """Decrypt a stream incrementally, however its ciphertext is sliced."""

    def __init__(self, key: bytes, header: bytes) -> None:
        """Start reading a stream.

        Args:
            key: The :data:`FILE_KEY_BYTES`-byte file key.
            header: The stream's :data:`STREAM_HEADER_BYTES`-byte header.

        Raises:
            FormatError: The key or header has the wrong length.
        """
        _check_key(key)
        if len(header) != STREAM_HEADER_BYTES:
            raise FormatError(f"a stream header is {STREAM_HEADER_BYTES} bytes")
        self._state = _sodium.crypto_secretstream_xchacha20poly1305_state()
        _sodium.crypto_secretstream_xchacha20poly1305_init_pull(
            self._state, bytes(header), bytes(key)
        )
        self._buffer = bytearray()
        self._final_seen = False
        self._broken = False

    def _fail(self, message: str) -> StreamError:
        self._broken = True
        return StreamError(message)

    def _pull(self, chunk: bytes) -> bytes:
        try:
            plaintext, tag = _sodium.crypto_secretstream_xchacha20poly1305_pull(self._state, chunk)
        except nacl.exceptions.CryptoError as error:
            raise self._fail("a stream chunk did not authenticate") from error
        self._final_seen = tag == _TAG_FINAL
        return plaintext

    def update(self, data: bytes) -> bytes:
        """Feed ciphertext; get the plaintext of every chunk it completes.

        Args:
            data: The next ciphertext bytes (after the header), of any length.

        Returns:
            The plaintext of each completed full-size chunk, possibly b"".

        Raises:
            StreamError: A chunk did not authenticate or data follows the final chunk.
        """
        if self._broken:
            raise StreamError("the stream already failed")
        self._buffer += data
        pieces: list[bytes] = []
        start = 0
        while len(self._buffer) - start >= STREAM_CIPHERTEXT_CHUNK_BYTES and not self._final_seen:
            end = start + STREAM_CIPHERTEXT_CHUNK_BYTES
            pieces.append(self._pull(bytes(self._buffer[start:end])))
            start = end
        del self._buffer[:start]
        if self._final_seen and self._buffer:
            raise self._fail("data after the final chunk")
        return b"".join(pieces)

    def finalize(self) -> bytes:
        """Decrypt the last, short chunk and check that the stream ended properly.

        Returns:
            The plaintext of the final chunk, possibly b"".

        Raises:
            StreamError: The stream is truncated (no final tag), the last chunk did not
                authenticate, or the stream already failed.
        """
        if self._broken:
            raise StreamError("the stream already failed")
        if self._final_seen:
            return b""
        plaintext = self._pull(bytes(self._buffer)) if self._buffer else None
        self._buffer.clear()
        if plaintext is None or not self._final_seen:
            raise self._fail("the stream is truncated: no final chunk")
        return plaintext


def encrypt_chunks(key: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Encrypt an iterable of plaintext pieces into a stream, lazily.

    Args:
        key: The :data:`FILE_KEY_BYTES`-byte file key.
        chunks: Plaintext pieces of any sizes.

    Yields:
        The header first, then non-empty ciphertext pieces, the final chunk last.

    Raises:
        FormatError: The key has the wrong length.
    """
    encryptor = StreamEncryptor(key)
    yield encryptor.header
    for chunk in chunks:
        piece = encryptor.update(chunk)
        if piece:
            yield piece
    yield encryptor.finalize()


def decrypt_chunks(key: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decrypt a stream given as ciphertext pieces sliced anyhow, lazily.

    Args:
        key: The :data:`FILE_KEY_BYTES`-byte file key.
        chunks: The stream (header first) in pieces of any sizes.

    Yields:
        Non-empty plaintext pieces; complete only if iteration ends without an exception.

    Raises:
        FormatError: The key has the wrong length.
        StreamError: The stream is truncated (even inside its header), reordered, tampered
            with, lacks its final chunk, or has data after it.
    """
    _check_key(key)
    header = bytearray()
    decryptor: StreamDecryptor | None = None
    for chunk in chunks:
        data = bytes(chunk)
        if decryptor is None:
            missing = STREAM_HEADER_BYTES - len(header)
            header += data[:missing]
            data = data[missing:]
            if len(header) < STREAM_HEADER_BYTES:
                continue
            decryptor = StreamDecryptor(key, bytes(header))
        plaintext = decryptor.update(data)
        if plaintext:
            yield plaintext
    if decryptor is None:
        raise StreamError("the stream is truncated inside its header")
    plaintext = decryptor.finalize()
    if plaintext:
        yield plaintext
