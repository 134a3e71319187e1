"""The blob store: encrypted file streams in a folder under the data directory.

A blob is written to a temporary name in the same folder and renamed into place only after
it is complete and flushed to disk, so a reader never sees half a file and a crash leaves at
most an orphaned temporary file (ciphertext only: plaintext never reaches this module).
Names are random; a blob's key, file name and type are case records elsewhere.
"""

import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

BLOB_NAME_BYTES = 16
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
    rejected upload) deletes the temporary file.
    """

    def __init__(self, name: str, final: Path) -> None:
        """Open the temporary file next to ``final``."""
        self.name = name
        self.size = 0
        self._final = final
        self._temporary = final.with_suffix(".part")
        self._handle = open(self._temporary, "xb")  # noqa: SIM115 - closed in commit/abort
        self._committed = False

    def write(self, chunk: bytes) -> None:
        """Append ciphertext."""
        self._handle.write(chunk)
        self.size += len(chunk)

    def commit(self) -> None:
        """Flush to disk and make the blob visible under its name."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self._temporary, self._final)
        self._committed = True

    def abort(self) -> None:
        """Discard what was written."""
        if not self._handle.closed:
            self._handle.close()
        self._temporary.unlink(missing_ok=True)

    def __enter__(self) -> "BlobWriter":
        return self

    def __exit__(self, *_exc: object) -> None:
        if not self._committed:
            self.abort()
