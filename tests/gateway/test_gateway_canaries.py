"""G1 and G2: what a reporter writes, and who they are on the network, never reach disk or logs."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from confide.settings import Settings
from gateway.app import create_app
from tests.gateway.conftest import (
    BASE_URL,
    csrf_token,
    database_dump,
    folder_bytes,
    log_in,
    receipt_from,
    submit_report,
)

CANARIES = {
    "what": "canary-what-7f3a9c",
    "when": "2019-07-13",
    "where": "canary-where-b81d2e",
    "who": "canary-who-4c6e0f",
    "reported_where": "canary-reported-where-93aa1b",
    "identity_name": "canary-name-Ørsted-5d7e",
    "identity_contact": "canary-contact-e2f6@example.org",
}
FILE_NAME = "canary-filename-1a2b3c.pdf"
FILE_BODY = b"canary-file-body-9z8y7x " * 5000
REPLY = "canary-reply-6d5c4b"
LATER_FILE = ("canary-later-file-0f0e.txt", b"canary-later-body-0d0c")

IDENTIFIERS = {
    "X-Forwarded-For": "203.0.113.77, 198.51.100.99",
    "Forwarded": "for=192.0.2.60;proto=https",
    "X-Real-IP": "192.0.2.61",
    "User-Agent": "CanaryAgent/9.9 (device-5150-zz)",
    "Referer": "https://referer-canary.example/leak-path",
}
CLIENT_ADDRESS = ("198.51.100.23", 41414)


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the temp folder (TMPDIR and the tempfile module) at a folder the test can read."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _written(settings: Settings, engine, temp_folder: Path, logs: str) -> dict[str, bytes]:
    return {
        "database": database_dump(engine),
        "blobs": folder_bytes(settings.blob_dir),
        "data folder": folder_bytes(settings.data_dir),
        "temp folder": folder_bytes(temp_folder),
        "logs": logs.encode(),
    }


def _assert_absent(needles: list[str], written: dict[str, bytes]) -> None:
    for place, data in written.items():
        for needle in needles:
            raw = needle.encode()
            assert raw not in data, f"{needle!r} found in {place}"
            assert raw.hex().encode() not in data, f"{needle!r} found hex-encoded in {place}"


@pytest.mark.usefixtures("office")
def test_canaries_in_every_field_never_reach_disk_or_logs(
    gateway_settings: Settings,
    temp_folder: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """G1: every answer, the identity, file names and bodies, replies: ciphertext only at rest."""
    caplog.set_level(logging.DEBUG)
    answers = {
        "category": "fraud",
        "how_known": ["witnessed", "documents"],
        "where_country": "CH",
        "reported_elsewhere": "yes",
        "share_identity": "yes",
        **CANARIES,
    }
    app = create_app(gateway_settings)
    with TestClient(app, base_url=BASE_URL) as client:
        sent = submit_report(
            client, answers, files=[("evidence", (FILE_NAME, FILE_BODY, "application/pdf"))]
        )
        receipt = receipt_from(sent.text)
        client.cookies.clear()
        log_in(client, receipt)
        page = client.get("/case")
        client.post("/case/reply", data={"body": REPLY, "csrf_token": csrf_token(page.text)})
        client.post(
            f"/case/files?csrf_token={csrf_token(page.text)}",
            files=[("files", (LATER_FILE[0], LATER_FILE[1], "text/plain"))],
        )
        final = client.get("/case")
        engine = app.state.engine
        logs = "".join(capfd.readouterr()) + caplog.text

        assert sent.status_code == 200
        assert REPLY in final.text and LATER_FILE[0] in final.text
        needles = [
            *CANARIES.values(),
            FILE_NAME,
            FILE_BODY[:24].decode(),
            REPLY,
            LATER_FILE[0],
            LATER_FILE[1].decode(),
            receipt,
        ]
        written = _written(gateway_settings, engine, temp_folder, logs)
        assert b"fraud" in written["database"], "the dump must see clear metadata"
        assert written["blobs"], "the blob store must hold the files"
        _assert_absent(needles, written)


@pytest.mark.usefixtures("office")
def test_network_identifiers_leave_no_trace(
    gateway_settings: Settings,
    temp_folder: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """G2: forwarded addresses, user agent, referrer and the client address are never kept."""
    caplog.set_level(logging.DEBUG)
    app = create_app(gateway_settings)
    with TestClient(app, base_url=BASE_URL, client=CLIENT_ADDRESS) as client:
        client.headers.update(IDENTIFIERS)
        client.get("/")
        sent = submit_report(client, files=[("evidence", ("e.txt", b"evidence", "text/plain"))])
        receipt = receipt_from(sent.text)
        client.cookies.clear()
        log_in(client, "1" * 20)
        log_in(client, receipt)
        page = client.get("/case")
        client.post("/case/reply", data={"body": "hello", "csrf_token": csrf_token(page.text)})
        client.get("/missing-page")
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/case").text)})
        engine = app.state.engine
        logs = "".join(capfd.readouterr()) + caplog.text

        assert sent.status_code == 200
        needles = [
            *IDENTIFIERS.values(),
            "203.0.113.77",
            "198.51.100.99",
            "192.0.2.60",
            "device-5150",
            "referer-canary",
            CLIENT_ADDRESS[0],
            "testclient",
        ]
        _assert_absent(needles, _written(gateway_settings, engine, temp_folder, logs))
