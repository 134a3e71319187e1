"""The blob store writes ciphertext atomically and leaves nothing behind on failure."""

from pathlib import Path

import pytest

from casework.blobs import BlobStore
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
