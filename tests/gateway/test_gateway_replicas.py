"""Two gateway replicas on one PostgreSQL database: a reporter alternates and loses nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from casework.cases.envelope import Case
from casework.cases.messages import Attachment, Message
from casework.store.db import transaction
from confide.settings import Settings
from gateway.reporter_sessions import COOKIE_NAME
from tests.gateway.conftest import VALID_ANSWERS, csrf_token, receipt_from
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
READY_SECONDS = 60


def _start(settings: Settings, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CONFIDE_")},
        "CONFIDE_DATA_DIR": str(settings.data_dir),
        "CONFIDE_DATABASE_URL": settings.database_url,
        "CONFIDE_PEPPER": settings.pepper.hex(),
        "CONFIDE_DEMO": "1",
        "CONFIDE_RECEIPT_KDF": "test",
        "CONFIDE_PASSWORD_KDF": "test",
        "CONFIDE_HTTPS": "0",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "gateway.app:from_environment"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    command += ["--http", "confide.web.timeouts:TimedHttpToolsProtocol"]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture
def replicas(settings: Settings, office, tmp_path: Path) -> Iterator[list[str]]:
    """Two gateway processes on the same PostgreSQL schema and the same blob folder."""
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("replicas share one PostgreSQL database")
    first = free_port()
    ports = [first, free_port(first + 1, 21999)]
    processes = [_start(settings, port, tmp_path / f"gw{port}.log") for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            _wait_ready(url, process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while True:
        assert process.poll() is None, "a gateway replica exited at start-up"
        try:
            if httpx.get(f"{url}/").status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet: try again until the deadline
        assert time.monotonic() < deadline, "a gateway replica did not start"
        time.sleep(0.2)


class Reporter:
    """A browser that carries its session cookie from one replica to the other."""

    def __init__(self) -> None:
        self.http = httpx.Client(follow_redirects=False, timeout=30)
        self.cookie: str | None = None

    def _headers(self) -> dict[str, str]:
        return {"Cookie": f"{COOKIE_NAME}={self.cookie}"} if self.cookie else {}

    def _keep(self, response: httpx.Response) -> httpx.Response:
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            if name.strip() == COOKIE_NAME:
                self.cookie = rest.split(";", 1)[0] or None
        return response

    def get(self, url: str) -> httpx.Response:
        return self._keep(self.http.get(url, headers=self._headers()))

    def post(self, url: str, **kwargs: object) -> httpx.Response:
        return self._keep(self.http.post(url, headers=self._headers(), **kwargs))  # type: ignore[arg-type]


@pytest.fixture
def reporter() -> Iterator[Reporter]:
    """A reporter's browser, closed afterwards."""
    browser = Reporter()
    with browser.http:
        yield browser


def test_reporter_alternates_between_replicas(
    replicas: list[str], reporter: Reporter, office
) -> None:
    """Submit on one, read the receipt, sign in, reply and add files on the other: all kept."""
    a, b = replicas

    token = csrf_token(reporter.get(f"{a}/report/report").text)
    sent = reporter.post(
        f"{a}/report/report?csrf_token={token}",
        data=VALID_ANSWERS,
        files=[("evidence", ("first.pdf", b"%PDF from replica a", "application/pdf"))],
    )
    receipt_page = reporter.get(f"{b}/receipt")  # the receipt sealed in the session, read on b
    receipt = receipt_from(receipt_page.text)
    reporter.cookie = None  # a new browser session: come back with the receipt
    signed_in = reporter.post(
        f"{b}/followup",
        data={"receipt": receipt, "csrf_token": csrf_token(reporter.get(f"{b}/followup").text)},
    )
    case_page = reporter.get(f"{a}/case")
    replied = reporter.post(
        f"{a}/case/reply",
        data={"body": "An answer sent to replica a", "csrf_token": csrf_token(case_page.text)},
    )
    added = reporter.post(
        f"{b}/case/files?csrf_token={csrf_token(reporter.get(f'{b}/case').text)}",
        files=[("files", ("second.pdf", b"%PDF from replica b", "application/pdf"))],
    )
    final = {url: reporter.get(f"{url}/case").text for url in replicas}

    assert (sent.status_code, sent.headers["location"]) == (303, "/receipt")
    assert receipt_page.status_code == 200
    assert signed_in.status_code == 303
    assert (replied.status_code, added.status_code) == (303, 303)
    for page in final.values():
        assert "first.pdf" in page and "second.pdf" in page
        assert "An answer sent to replica a" in page
    with transaction(office.engine) as session:
        case = session.exec(select(Case)).one()
        assert len(list(session.exec(select(Attachment).where(Attachment.case_id == case.id)))) == 2
        assert len(list(session.exec(select(Message).where(Message.case_id == case.id)))) == 1
