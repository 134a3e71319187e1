"""Files: streamed, encrypted as they arrive, limited per file and per case, never spooled."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from starlette.requests import Request
from starlette.testclient import TestClient

from casework.cases.access import open_case
from casework.cases.attachments import decrypt_stream, file_meta
from casework.cases.envelope import Case
from casework.cases.messages import Attachment
from casework.people.sessions import WebSession
from casework.store.db import transaction
from gateway.app import create_app
from tests.gateway.conftest import (
    BASE_URL,
    Officer,
    blob_files,
    csrf_token,
    submit_report,
)

KIB = 1024


def _rows(engine, table) -> list:
    with Session(engine) as session:
        return list(session.exec(select(table)))


@pytest.fixture
def no_spooling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make Starlette's spooling form parser unusable, so any use of it fails the test."""

    async def refuse(*_args, **_kwargs):
        raise AssertionError("request.form() spools uploads to disk; the gateway must not use it")

    monkeypatch.setattr(Request, "form", refuse)


@pytest.mark.usefixtures("no_spooling")
def test_evidence_is_encrypted_and_readable_by_the_officer(
    client: TestClient, app, officer: Officer
) -> None:
    """Two files sent with a report are stored encrypted and decrypt to the same bytes."""
    big = bytes(range(256)) * 1200  # ~300 KiB: several secretstream chunks
    files = [
        ("evidence", ("ledger.pdf", big, "application/pdf")),
        ("evidence", ("note.txt", b"small note", "text/plain")),
    ]

    sent = submit_report(client, files=files)

    assert sent.status_code == 200
    engine = app.state.engine
    case = _rows(engine, Case)[0]
    with transaction(engine) as session:
        key = open_case(
            session=session, case_id=case.id, principal_id=officer.person.id, keys=officer.keys
        )
        stored = {}
        for attachment in _rows(engine, Attachment):
            meta = file_meta(case_key=key, attachment=attachment)
            data = b"".join(
                decrypt_stream(blobs=app.state.blobs, case_key=key, attachment=attachment)
            )
            stored[meta.name] = (meta.content_type, data)
    assert stored == {
        "ledger.pdf": ("application/pdf", big),
        "note.txt": ("text/plain", b"small note"),
    }
    assert all(not p.name.endswith(".part") for p in blob_files(app.state.blobs.root))
    assert all(a.padded_size % 4096 == 0 for a in _rows(engine, Attachment))


@pytest.mark.parametrize(
    ("sent_name", "shown_name"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\secret.docx", "secret.docx"),
        ("<img src=x onerror=alert(1)>.png", "&lt;img src=x onerror=alert(1)&gt;.png"),
    ],
    ids=["unix-traversal", "windows-path", "markup"],
)
@pytest.mark.usefixtures("no_spooling")
def test_files_added_later_keep_only_a_safe_base_name(
    client: TestClient, app, sent_name: str, shown_name: str
) -> None:
    """A file added from the case page is stored under its base name, shown escaped."""
    page = submit_report(client)

    added = client.post(
        f"/case/files?csrf_token={csrf_token(page.text)}",
        files=[("files", (sent_name, b"later evidence", "text/plain"))],
        follow_redirects=False,
    )
    case_page = client.get("/case")

    assert added.status_code == 303
    assert shown_name in case_page.text
    assert len(_rows(app.state.engine, Attachment)) == 1


@pytest.mark.usefixtures("office")
def test_oversize_file_gets_413_and_leaves_nothing(gateway_settings) -> None:
    """A file over the per-file limit is refused with a readable page; no blob, case or session."""
    settings = gateway_settings.with_overrides(max_file_bytes=64 * KIB, max_case_bytes=256 * KIB)
    app = create_app(settings)
    with TestClient(app, base_url=BASE_URL) as client:
        response = submit_report(
            client, files=[("evidence", ("big.bin", b"x" * (100 * KIB), "application/pdf"))]
        )
        engine = app.state.engine

        assert response.status_code == 413
        assert "too large" in response.text.lower()
        assert "Traceback" not in response.text
        assert blob_files(settings.blob_dir) == []
        assert _rows(engine, Case) == []
        assert _rows(engine, WebSession) == []


@pytest.mark.usefixtures("office")
def test_files_over_the_case_limit_together_get_413(gateway_settings) -> None:
    """Files under the per-file limit but over the per-case limit together are refused too."""
    settings = gateway_settings.with_overrides(max_file_bytes=64 * KIB, max_case_bytes=100 * KIB)
    app = create_app(settings)
    files = [("evidence", (f"part{i}.bin", b"y" * (60 * KIB), "application/pdf")) for i in range(2)]
    with TestClient(app, base_url=BASE_URL) as client:
        response = submit_report(client, files=files)

        assert response.status_code == 413
        assert blob_files(settings.blob_dir) == []
        assert _rows(app.state.engine, Case) == []


@pytest.mark.usefixtures("office")
def test_adding_files_past_the_case_limit_gets_413(gateway_settings) -> None:
    """Adding files later counts what the case already holds."""
    settings = gateway_settings.with_overrides(max_file_bytes=64 * KIB, max_case_bytes=100 * KIB)
    app = create_app(settings)
    with TestClient(app, base_url=BASE_URL) as client:
        page = submit_report(client, files=[("evidence", ("a.bin", b"a" * (60 * KIB), "x/y"))])
        before = sorted(blob_files(settings.blob_dir))

        response = client.post(
            f"/case/files?csrf_token={csrf_token(page.text)}",
            files=[("files", ("b.bin", b"b" * (60 * KIB), "x/y"))],
        )

        assert response.status_code == 413
        assert sorted(blob_files(settings.blob_dir)) == before
        assert len(_rows(app.state.engine, Attachment)) == 1


def test_invalid_report_with_files_keeps_no_blob(client: TestClient, app) -> None:
    """With invalid answers the already-encrypted files are deleted, and the page says so."""

    page = submit_report(
        client, {"category": "fraud"}, files=[("evidence", ("e.txt", b"evidence", "text/plain"))]
    )

    assert page.status_code == 422
    assert "choose them again" in page.text
    assert blob_files(app.state.blobs.root) == []


def test_adding_no_file_is_refused_with_a_message(client: TestClient) -> None:
    """Posting the add-files form without a file explains what to do."""
    page = submit_report(client)

    response = client.post(
        f"/case/files?csrf_token={csrf_token(page.text)}",
        files=[("files", ("", b"", "application/octet-stream"))],
    )

    assert response.status_code == 422
    assert "Choose at least one file" in response.text


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\n"),
        ("multipart/form-data; boundary=zz", b"garbage"),
        ("text/plain", b"category=fraud"),
        ("application/json", b"{}"),
    ],
    ids=["no-boundary", "garbage-multipart", "text-plain", "json"],
)
def test_malformed_bodies_get_400_and_leave_nothing(
    client: TestClient, app, content_type: str, body: bytes
) -> None:
    """A body that is not a well-formed form is refused with a page, not an error."""
    token = csrf_token(client.get("/report/report").text)

    response = client.post(
        f"/report/report?csrf_token={token}", content=body, headers={"content-type": content_type}
    )

    assert response.status_code in {400, 422}
    assert "Traceback" not in response.text
    assert _rows(app.state.engine, Case) == []


def _pieces(data: bytes, size: int):
    """A request body sent in pieces, as a real client's arrives."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.usefixtures("no_spooling")
def test_file_of_several_batches_is_parsed_in_a_worker_and_round_trips(
    client: TestClient, app, officer: Officer
) -> None:
    """A file larger than one parsing batch (parsed off the event loop) decrypts to itself."""
    page = submit_report(client)
    body_file = bytes(range(256)) * (12 * KIB)  # 3 MiB: three batches, background appends
    boundary = "batchboundary42"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + body_file
        + f"\r\n--{boundary}--\r\n".encode()
    )

    added = client.post(
        f"/case/files?csrf_token={csrf_token(page.text)}",
        content=_pieces(body, 100_000),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        follow_redirects=False,
    )

    assert added.status_code == 303
    engine = app.state.engine
    case = _rows(engine, Case)[0]
    with transaction(engine) as session:
        key = open_case(
            session=session, case_id=case.id, principal_id=officer.person.id, keys=officer.keys
        )
    attachment = _rows(engine, Attachment)[0]
    data = b"".join(decrypt_stream(blobs=app.state.blobs, case_key=key, attachment=attachment))
    assert data == body_file
    assert all(not p.name.endswith(".part") for p in blob_files(app.state.blobs.root))


@pytest.mark.usefixtures("office")
def test_oversize_file_past_a_batch_gets_413_and_leaves_nothing(gateway_settings) -> None:
    """A file that passes the limit inside a worker-parsed batch is refused and removed."""
    settings = gateway_settings.with_overrides(max_file_bytes=1536 * KIB, max_case_bytes=8192 * KIB)
    app = create_app(settings)
    with TestClient(app, base_url=BASE_URL) as client:
        response = submit_report(
            client, files=[("evidence", ("big.bin", b"x" * (3072 * KIB), "application/pdf"))]
        )

        assert response.status_code == 413
        assert blob_files(settings.blob_dir) == []
        assert _rows(app.state.engine, Case) == []
