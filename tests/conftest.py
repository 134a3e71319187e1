"""Shared fixtures: a fresh database per test (SQLite, and PostgreSQL when configured),
cheap key-derivation settings, and factories for an office and its principals."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from casework.people.office import create_office
from casework.people.principals import Role
from casework.people.principals_auth import enrol
from casework.people.second_factor import new_totp_secret
from casework.store.db import make_engine, transaction
from casework.store.migrate import upgrade
from confide.settings import Settings
from crypto import TEST_KDF, generate_office_salt, generate_pepper
from crypto.seedwrap import generate_recovery
from tests.factories import register_test_channels

register_test_channels()
pytest_plugins = ["tests.mailbox"]

POSTGRES_URL = os.environ.get("CONFIDE_TEST_DATABASE_URL", "")
PASSWORD = "correct horse battery staple"


def _postgres_schema_url(base: str) -> tuple[str, str]:
    """A per-test schema on the configured PostgreSQL server, so tests never share state."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}", schema


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite in tmp_path, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'confide.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests are off: set CONFIDE_TEST_DATABASE_URL to run them")
    url, schema = _postgres_schema_url(POSTGRES_URL)
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def pepper() -> bytes:
    """The test office's pepper (the settings and the engine share it)."""
    return generate_pepper()


@pytest.fixture
def engine(database_url: str, pepper: bytes) -> Iterator[Engine]:
    """A migrated engine on the fresh database, writing sealed access-log entries."""
    engine = make_engine(database_url, pepper=pepper)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str, pepper: bytes) -> Settings:
    """Demo-mode settings with the cheap test KDF, on the fresh database."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        pepper=pepper,
        demo=True,
        receipt_kdf=TEST_KDF,
        password_kdf=TEST_KDF,
        https=False,
    ).check()


@dataclass
class Person:
    """A principal created for a test, with what is needed to sign in as it."""

    id: str
    username: str
    role: Role
    password: str
    totp_secret: str

    def totp(self) -> str:
        """A currently valid TOTP code."""
        return pyotp.TOTP(self.totp_secret).now()


@dataclass
class OfficeFixture:
    """An initialised office: its engine, recovery code and a factory for principals."""

    engine: Engine
    recovery_code: str
    recovery_public: bytes
    office_salt: bytes

    def person(self, username: str, role: Role = Role.OFFICER) -> Person:
        """Enrol a principal with the test KDF."""
        secret = new_totp_secret()
        with transaction(self.engine) as session:
            principal = enrol(
                session=session,
                username=username,
                role=role,
                password=PASSWORD,
                params=TEST_KDF,
                recovery_public=self.recovery_public,
                totp_secret=secret,
            )
            return Person(principal.id, principal.username, role, PASSWORD, secret)


@pytest.fixture
def office(engine: Engine) -> OfficeFixture:
    """An office row with a fresh recovery key pair and salt."""
    code, public = generate_recovery()
    salt = generate_office_salt()
    with transaction(engine) as session:
        create_office(session=session, name="Test Office", office_salt=salt, recovery_public=public)
    return OfficeFixture(
        engine=engine, recovery_code=code, recovery_public=public, office_salt=salt
    )
