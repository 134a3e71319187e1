"""The blob store writes ciphertext atomically and leaves nothing behind on failure."""

from pathlib import Path

import pytest

from casework.store.blobs import BACKGROUND_AFTER_BYTES, BlobStore
from crypto import decrypt_chunks, encrypt_chunks, generate_file_key


def test_round_trip_through_encrypted_stream(tmp_path: Path) -> None:
    """A stream encrypted into the store decrypts back to the same bytes."""
    store = BlobStore(tmp_path / "blobs")
    key = generate_file_key()
    content = [b"x" * 100_000, b"y" * 70_000, b"z"]

    name, size = store.write(encrypt_chunks(key, content))

    assert store.size(name) == size
    assert b"".join(decrypt_chunks(key, store.read(name))) == b"".join(content)


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    """An upload that fails halfway leaves neither a blob nor a temporary file."""
    store = BlobStore(tmp_path / "blobs")

    def broken() -> list[bytes]:
        yield b"ciphertext"
        raise OSError("connection lost")

    with pytest.raises(OSError, match="connection lost"):
        store.write(broken())

    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []


def test_writer_without_commit_is_discarded(tmp_path: Path) -> None:
    """A writer left without commit (a rejected upload) deletes its temporary file."""
    store = BlobStore(tmp_path / "blobs")

    with store.open_writer() as writer:
        writer.write(b"partial")

    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    "name", ["../etc/passwd", "ABCDEF", "0" * 31, "g" * 32, "/" + "0" * 31], ids=str
)
def test_hostile_names_are_refused(tmp_path: Path, name: str) -> None:
    """Only names the store itself made can be read or deleted."""
    store = BlobStore(tmp_path / "blobs")

    with pytest.raises(ValueError, match="not a blob name"):
        store.delete(name)


def test_store_folder_is_private(tmp_path: Path) -> None:
    """The blob folder is created readable by its owner only."""
    BlobStore(tmp_path / "blobs")

    assert (tmp_path / "blobs").stat().st_mode & 0o077 == 0


def test_large_blob_written_in_background_round_trips(tmp_path: Path) -> None:
    """Past the background threshold the pieces still land whole, in order."""
    store = BlobStore(tmp_path / "blobs")
    pieces = [bytes([i]) * (BACKGROUND_AFTER_BYTES // 3) for i in range(12)]

    with store.open_writer() as writer:
        for piece in pieces:
            writer.write(piece)
        writer.commit()

    assert b"".join(store.read(writer.name, first=5, block=70_000)) == b"".join(pieces)
    assert writer.size == store.size(writer.name)


def test_large_blob_aborted_in_background_leaves_no_file(tmp_path: Path) -> None:
    """Aborting while the background appender runs still removes the temporary file."""
    store = BlobStore(tmp_path / "blobs")
    writer = store.open_writer()
    for _ in range(8):
        writer.write(b"c" * BACKGROUND_AFTER_BYTES)

    writer.abort()

    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []


def test_read_with_header_cuts_on_record_boundaries(tmp_path: Path) -> None:
    """``first`` makes the first piece the header and every later piece a whole block."""
    store = BlobStore(tmp_path / "blobs")
    name, _ = store.write([b"h" * 24, b"r" * 250])

    pieces = list(store.read(name, first=24, block=100))

    assert [len(p) for p in pieces] == [24, 100, 100, 50]
