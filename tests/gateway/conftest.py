"""Gateway fixtures: the app under TestClient over https, an officer who receives reports,
and helpers that submit a report and log in the way a browser does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from casework.people.office import set_channel_recipients
from casework.people.principals_auth import sign_in
from casework.store.db import transaction
from confide.settings import Settings
from crypto import TEST_KDF, PrincipalKeys
from gateway.app import create_app
from tests.browserkit import serve
from tests.conftest import OfficeFixture, Person

BASE_URL = "https://testserver"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"|csrf_token=([A-Za-z0-9_\-]+)')
RECEIPT_RE = re.compile(r'<p class="receipt" id="receipt"[^>]*>(.*?)</p>', re.S)

VALID_ANSWERS: dict[str, str | list[str]] = {
    "category": "fraud",
    "what": "Invoices were paid twice to the same supplier.",
    "when": "2024-03-01",
    "where_country": "CH",
    "where": "Procurement unit",
    "who": "A procurement officer",
    "how_known": ["documents"],
    "reported_elsewhere": "no",
}


def csrf_token(html: str) -> str:
    """The CSRF token embedded in a page's forms."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def receipt_from(html: str) -> str:
    """The receipt digits shown on a receipt page."""
    match = RECEIPT_RE.search(html)
    assert match, "no receipt on the page"
    return re.sub(r"\D", "", re.sub(r"<[^>]+>", "", match.group(1)))


@dataclass
class Officer:
    """An officer who receives every new report, with their keys for reading cases."""

    person: Person
    keys: PrincipalKeys


@pytest.fixture
def officer(office: OfficeFixture) -> Officer:
    """An officer set as the default recipient of the report channel."""
    person = office.person("officer.one")
    with transaction(office.engine) as session:
        set_channel_recipients(session=session, channel="report", principal_ids=[person.id])
    signed = sign_in(
        engine=office.engine,
        username=person.username,
        password=person.password,
        totp_code=person.totp(),
        params=TEST_KDF,
        lock_threshold=5,
        lock_for=timedelta(minutes=1),
    )
    return Officer(person=person, keys=signed.keys)


@pytest.fixture
def gateway_settings(settings: Settings) -> Settings:
    """Test settings with a small pool and queue, so admission control is cheap to saturate."""
    return settings.with_overrides(kdf_workers=2, kdf_queue=2)


@pytest.fixture
def app(gateway_settings: Settings, office: OfficeFixture) -> Starlette:
    """A gateway on the test office's database."""
    return create_app(gateway_settings)


@pytest.fixture
def live_gateway(
    gateway_settings: Settings, office: OfficeFixture, tmp_path: Path
) -> Iterator[str]:
    """The real gateway under uvicorn over TLS (see :mod:`tests.browserkit`); its base URL."""
    with serve(create_app(gateway_settings), tmp_path) as url:
        yield url


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js(request: pytest.FixtureRequest) -> bool:
    """Whether the browser runs JavaScript (every journey is tried both ways)."""
    return bool(request.param)


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    """A client speaking https to the gateway, with its lifespan running."""
    with TestClient(app, base_url=BASE_URL) as test_client:
        yield test_client


def submit_report(
    client: TestClient,
    answers: dict[str, str | list[str]] | None = None,
    files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
    form_id: str = "report",
    headers: dict[str, str] | None = None,
):
    """Load the form, then post it as multipart with the token in the action URL."""
    page = client.get(f"/report/{form_id}", headers=headers)
    token = csrf_token(page.text)
    data = dict(VALID_ANSWERS if answers is None else answers)
    return client.post(
        f"/report/{form_id}?csrf_token={token}",
        data=data,
        files=files or [("evidence", ("", b"", "application/octet-stream"))],
        headers=headers,
    )


def log_in(client: TestClient, receipt: str, headers: dict[str, str] | None = None):
    """Post a receipt to the follow-up login form."""
    page = client.get("/followup", headers=headers)
    return client.post(
        "/followup",
        data={"receipt": receipt, "csrf_token": csrf_token(page.text)},
        headers=headers,
        follow_redirects=False,
    )


def officer_session(engine) -> Session:
    """A plain session for officer-side reads in tests."""
    return Session(engine)


def database_dump(engine) -> bytes:
    """Everything the database holds, as bytes: the SQLite files, or every PostgreSQL row."""
    from sqlalchemy import inspect, text

    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database)
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())
    chunks: list[bytes] = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            query = text(f'SELECT t::text FROM "{table}" t')  # noqa: S608 - names from the schema
            for row in connection.execute(query):
                chunks.append(row[0].encode())
    return b"\n".join(chunks)


def folder_bytes(folder: Path) -> bytes:
    """The concatenated contents of every file under ``folder``."""
    if not folder.exists():
        return b""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def blob_files(folder: Path) -> list[Path]:
    """Every file in the blob store, temporary or not."""
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def report_and_reply_in(client: TestClient, code: str, body: str) -> None:
    """Choose ``code``, send a report, come back with its receipt (same choice) and reply."""
    client.get(f"/language/{code}?next=/")
    receipt = receipt_from(submit_report(client).text)
    client.cookies.clear()
    client.get(f"/language/{code}?next=/")
    log_in(client, receipt)
    page = client.get("/case")
    client.post("/case/reply", data={"body": body, "csrf_token": csrf_token(page.text)})
