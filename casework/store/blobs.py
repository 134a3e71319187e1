"""The blob store: encrypted file streams in a folder under the data directory.

A blob is written to a temporary name in the same folder and renamed into place only after
it is complete and flushed to disk, so a reader never sees half a file and a crash leaves at
most an orphaned temporary file (ciphertext only: plaintext never reaches this module).
Names are random; a blob's key, file name and type are case records elsewhere.

Writing a large blob overlaps with producing it: once a writer has taken
:data:`BACKGROUND_AFTER_BYTES`, later pieces go through a small bounded queue
(:data:`QUEUE_PIECES` pieces) to a thread of the writer's own that appends them to the
file, so the thread encrypting the next piece does not wait for the disk. Memory stays
bounded by the queue; small blobs are written directly, with no thread.
"""

import os
import queue
import secrets
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

BLOB_NAME_BYTES = 16
BACKGROUND_AFTER_BYTES = 1024 * 1024
QUEUE_PIECES = 4
READ_CHUNK_BYTES = 64 * 1024 + 17
"""Default read size: one secretstream ciphertext chunk (callers pass larger blocks)."""


class BlobStore:
    """Write-once files of ciphertext, named at random."""

    def __init__(self, root: Path) -> None:
        """Use ``root`` (created with mode 0700 when missing)."""
        self.root = root
        root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def _path(self, name: str) -> Path:
        if len(name) != 2 * BLOB_NAME_BYTES or not all(c in "0123456789abcdef" for c in name):
            raise ValueError("not a blob name")
        return self.root / name[:2] / name

    def open_writer(self) -> "BlobWriter":
        """A writer for a blob that arrives in pieces (an upload being streamed)."""
        name = secrets.token_hex(BLOB_NAME_BYTES)
        final = self._path(name)
        final.parent.mkdir(mode=0o700, exist_ok=True)
        return BlobWriter(name, final)

    def write(self, chunks: Iterable[bytes]) -> tuple[str, int]:
        """Store a stream of ciphertext atomically.

        Args:
            chunks: the ciphertext, in pieces.

        Returns:
            The blob's name and its size in bytes.
        """
        with self.open_writer() as writer:
            for chunk in chunks:
                writer.write(chunk)
            writer.commit()
        return writer.name, writer.size

    def read(self, name: str, *, first: int = 0, block: int = READ_CHUNK_BYTES) -> Iterator[bytes]:
        """The blob's ciphertext, in pieces (constant memory).

        Args:
            name: the blob.
            first: if positive, the first piece is exactly this many bytes (a stream
                header), so that every later piece starts on a record boundary.
            block: the size of every later piece (the last may be shorter).
        """
        with open(self._path(name), "rb", buffering=0) as handle:
            if first > 0 and (head := handle.read(first)):
                yield head
            while chunk := handle.read(block):
                yield chunk

    def size(self, name: str) -> int:
        """The blob's size in bytes."""
        return self._path(name).stat().st_size

    def delete(self, name: str) -> None:
        """Remove a blob (crypto-shredding removes its key too)."""
        self._path(name).unlink(missing_ok=True)


class BlobWriter:
    """Writes one blob to a temporary file; :meth:`commit` renames it into place.

    Used as a context manager: leaving the block without :meth:`commit` (an error, a
    rejected upload) deletes the temporary file. Used by one thread at a time; past
    :data:`BACKGROUND_AFTER_BYTES` the appends themselves happen in a thread of its own.
    """

    def __init__(self, name: str, final: Path) -> None:
        """Open the temporary file next to ``final``."""
        self.name = name
        self.size = 0
        self._final = final
        self._temporary = final.with_suffix(".part")
        self._handle = open(self._temporary, "xb")  # noqa: SIM115 - closed in commit/abort
        self._committed = False
        self._queue: queue.Queue[bytes | None] | None = None
        self._thread: threading.Thread | None = None
        self._error: OSError | None = None

    def write(self, chunk: bytes) -> None:
        """Append ciphertext (raises the error of an earlier background append, if any)."""
        if self._error is not None:
            raise self._error
        if self._queue is not None:
            self._queue.put(chunk)
        elif self.size >= BACKGROUND_AFTER_BYTES:
            self._queue = queue.Queue(maxsize=QUEUE_PIECES)
            self._thread = threading.Thread(target=self._append, name="blob-writer", daemon=True)
            self._thread.start()
            self._queue.put(chunk)
        else:
            self._handle.write(chunk)
        self.size += len(chunk)

    def _append(self) -> None:
        assert self._queue is not None
        while (chunk := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._handle.write(chunk)
                except OSError as error:  # handed to the producer, never lost
                    self._error = error

    def _drain(self) -> None:
        """Wait until every queued piece is appended (or the appender failed)."""
        if self._queue is not None and self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._queue = self._thread = None

    def commit(self) -> None:
        """Flush to disk and make the blob visible under its name."""
        self._drain()
        if self._error is not None:
            self.abort()
            raise self._error
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self._temporary, self._final)
        self._committed = True

    def abort(self) -> None:
        """Discard what was written."""
        self._drain()
        if not self._handle.closed:
            self._handle.close()
        self._temporary.unlink(missing_ok=True)

    def __enter__(self) -> "BlobWriter":
        return self

    def __exit__(self, *_exc: object) -> None:
        if not self._committed:
            self.abort()
