"""Streaming uploads: a stream that was never finished is never committed."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.cases.messages import Author
from casework.cases.uploads import IncompleteUploadError, attach_uploads, start_upload
from casework.store.blobs import BlobStore
from casework.store.db import transaction


def test_unfinished_upload_is_refused_and_not_committed(engine, tmp_path: Path) -> None:
    """Without its final chunk an upload is refused, and its blob never renamed into place."""
    blobs = BlobStore(tmp_path / "blobs")
    upload = start_upload(blobs=blobs, name="a.pdf", content_type="application/pdf", limit=10**6)
    upload.write(b"half a file")

    with transaction(engine) as session, pytest.raises(IncompleteUploadError):
        attach_uploads(
            session=session,
            case_id="c" * 32,
            case_key=bytes(32),
            author=Author.REPORTER,
            uploads=[upload],
            max_case_bytes=10**7,
        )

    committed = [p for p in blobs.root.rglob("*") if p.is_file() and p.suffix != ".part"]
    assert committed == []
    upload.abort()
