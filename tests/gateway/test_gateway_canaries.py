"""G1 and G2: what a reporter writes, and who they are on the network, never reach disk or logs."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from casework.people.office import set_channel_recipients
from casework.store.db import transaction
from confide.settings import Settings
from gateway.app import create_app
from tests.conftest import OfficeFixture
from tests.gateway.conftest import (
    BASE_URL,
    csrf_token,
    database_dump,
    folder_bytes,
    log_in,
    receipt_from,
    submit_report,
)
from tests.gateway.filerkit import (
    accept,
    ask_filer,
    invitation_path,
    open_cycle_with_roster,
    post_form,
    statement_path_of,
)
from tests.mailbox import running_mailbox

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


FILER_CANARIES = {
    "name": "canary-filer-name-Zoë-71f",
    "email": "canary-filer-mail-88@example.org",
    "staff_id": "CANARY77",
    "password": "canary orchard velvet lantern 4d2",
    "draft": "canary-draft-asset-3e1",
    "asset": "canary-filed-asset-6c0",
    "gift": "canary-gift-giver-9a2",
    "answer": "canary-filer-answer-5b8",
}


def test_filer_pages_leave_no_plaintext(
    gateway_settings: Settings,
    office: OfficeFixture,
    temp_folder: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """G1 for filers: roster names and emails, staff id, password, drafts, statements, answers."""
    caplog.set_level(logging.DEBUG)
    # The test's own SMTP server (aiosmtpd) logs the recipients it receives; it stands for
    # the office's mail relay, not for Confide, so its logger is left out of the capture.
    caplog.set_level(logging.WARNING, logger="mail.log")
    c = FILER_CANARIES
    roster = f"staff_id,email,name,grade,role\n{c['staff_id']},{c['email']},{c['name']},P-5,x\n"
    app = create_app(gateway_settings)
    with running_mailbox() as box, TestClient(app, base_url=BASE_URL) as client:
        officer = office.person("olga")
        with transaction(office.engine) as session:
            set_channel_recipients(
                session=session, channel="disclosure", principal_ids=[officer.id]
            )
        open_cycle_with_roster(office, gateway_settings, box, roster.encode())
        accept(client, invitation_path(box, c["email"]), c["password"])
        path = statement_path_of(client)
        post_form(client, path, {"assets.0.description": c["draft"], "intent": "save"})
        filed = {
            "assets.0.description": c["asset"],
            "assets.0.value.amount": "20000",
            "assets.0.value.currency": "EUR",
            "gifts.0.giver": c["gift"],
            "gifts.0.description": "Pen",
        }
        post_form(client, path, {**filed, "intent": "file", "certify": "yes"})
        ask_filer(office.engine, gateway_settings, box, officer, "canary-question-0a9")
        token = csrf_token(client.get(path).text)
        client.post(path + "/answer", data={"body": c["answer"], "csrf_token": token})
        final = client.get(path).text
        logs = "".join(capfd.readouterr()) + caplog.text

        assert c["answer"] in final and "canary-question-0a9" in final
        written = _written(gateway_settings, app.state.engine, temp_folder, logs)
        assert b"disclosure" in written["database"], "the dump must see clear metadata"
        _assert_absent([*c.values(), "canary-question-0a9"], written)
