"""A throwaway office for a run: data folder, pepper, database, one officer, filler cases.

The office is made with Confide's own provisioning (:mod:`confide.provision`), so the
schema, the recovery key and the officer's wrapped seed are exactly what ``confide init``
makes. The full run uses a fresh schema in the PostgreSQL database ``test`` on 127.0.0.1
(dropped at the end); the smoke run uses SQLite in the data folder.

Filler cases (the 100,000 of the scale phases) are bulk-inserted with SQLAlchemy core in
the shapes :func:`casework.cases.intake.submit_case` writes: a ``case`` row with plausible clear
metadata spread over seven years, a ``reporter_key`` with a unique random lookup id, a
``grant`` holding a real case key sealed to the officer and the inbox's copy of the case
metadata (:func:`casework.cases.envelope.inbox_copy`, which the ORM events would have written), and
an encrypted ``case_record``
of the answers. No Argon2id is run for them (nobody will log in with their receipts); the
cases whose receipts are measured are made through the gateway itself.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pyotp
from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from casework.cases.envelope import (
    Case,
    CaseRecord,
    CaseStatus,
    Grant,
    RecordKind,
    ReporterKey,
    inbox_copy,
)
from casework.channels.policy import ACKNOWLEDGED_MILESTONE, RECEIVED_MILESTONE, Schedule
from casework.channels.report.policy import ACKNOWLEDGED, IN_REVIEW, REPORT_POLICY
from casework.people.office import set_channel_recipients
from casework.people.principals import Principal, Role
from casework.store.db import make_engine, transaction
from casework.store.sealing import seal_field
from confide.provision import add_principal, create_office_database, write_pepper
from confide.settings import Settings
from crypto import generate_case_key, padded_size, seal_case_key
from intake_forms import all_forms

POSTGRES_BASE_URL = os.environ.get(
    "CONFIDE_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
OFFICER = "bench.officer"
OFFICER_PASSWORD = "bench officer password 1"
CATEGORIES = ("fraud", "misuse", "abuse", "harassment", "conflict", "other")
STATUS_WEIGHTS = {
    CaseStatus.CLOSED: 70,
    IN_REVIEW: 15,
    ACKNOWLEDGED: 10,
    CaseStatus.RECEIVED: 5,
}
SEED_BATCH = 5000
SPAN_DAYS = 7 * 365


@dataclass
class Office:
    """The office a run works on."""

    data_dir: Path
    database_url: str
    schema: str | None
    engine: Engine
    officer_id: str
    officer_totp: str

    def totp(self) -> str:
        """The officer's current TOTP code."""
        return pyotp.TOTP(self.officer_totp).now()

    def case_count(self) -> int:
        """How many cases are stored."""
        with self.engine.connect() as connection:
            return int(connection.execute(text('SELECT count(*) FROM "case"')).scalar_one())

    def drop(self) -> None:
        """Drop the PostgreSQL schema (SQLite goes with the data folder)."""
        self.engine.dispose()
        if self.schema is not None:
            admin = make_engine(POSTGRES_BASE_URL)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            admin.dispose()


def _database(data_dir: Path, kind: str) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{data_dir / 'confide.sqlite3'}", None
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_BASE_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    separator = "&" if "?" in POSTGRES_BASE_URL else "?"
    return f"{POSTGRES_BASE_URL}{separator}options=-csearch_path%3D{schema}", schema


def create(workdir: Path, *, database: str, settings_for: dict[str, object]) -> Office:
    """Make the data folder, pepper, database and officer (receiving every channel)."""
    data_dir = workdir / "data"
    pepper = write_pepper(data_dir)
    url, schema = _database(data_dir, database)
    settings = Settings(data_dir=data_dir, database_url=url, pepper=pepper, **settings_for)  # type: ignore[arg-type]
    settings.check()
    new = create_office_database(settings, "Bench Office")
    enrolment = add_principal(
        new.engine, settings, username=OFFICER, role=Role.OFFICER, password=OFFICER_PASSWORD
    )
    with transaction(new.engine) as session:
        for form in all_forms():
            set_channel_recipients(
                session=session, channel=form.id, principal_ids=[enrolment.principal_id]
            )
    assert enrolment.totp_secret is not None
    return Office(data_dir, url, schema, new.engine, enrolment.principal_id, enrolment.totp_secret)


def _schedule(received: date, acknowledged: date | None) -> Schedule:
    """The report policy's due dates for a case received (and acknowledged) on these days."""
    dated = {RECEIVED_MILESTONE: received}
    if acknowledged is not None:
        dated[ACKNOWLEDGED_MILESTONE] = acknowledged
    return REPORT_POLICY.schedule(dated)


def _filler(rng: random.Random, officer_id: str, officer_box: bytes, day0: date) -> dict[str, dict]:
    received = day0 - timedelta(days=rng.randrange(SPAN_DAYS))
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    acknowledged = (
        None if status == CaseStatus.RECEIVED else received + timedelta(rng.randint(1, 7))
    )
    closed = (
        received + timedelta(days=rng.randint(20, 200)) if status == CaseStatus.CLOSED else None
    )
    schedule = _schedule(received, acknowledged)
    case_id = secrets.token_hex(16)
    case_key = generate_case_key()
    record_id = secrets.token_hex(16)
    answers = json.dumps({"what": "x" * rng.randint(200, 1500), "category": "fraud"}).encode()
    ciphertext = seal_field(case_key, CaseRecord, record_id, RecordKind.ANSWERS, answers)
    case = {
        "id": case_id,
        "channel": "report",
        "form_version": 1,
        "category": rng.choice(CATEGORIES),
        "status": str(status),
        "received_on": received,
        "acknowledged_on": acknowledged,
        "ack_due_on": schedule.ack_due_on,
        "due_on": schedule.due_on,
        "due_rule": schedule.due_rule,
        "closed_on": closed,
        "outcome": "no_action" if closed else None,
        "assigned_to": officer_id if rng.random() < 0.3 else None,
        "last_activity_on": closed or acknowledged or received,
        "awaiting_office": status != CaseStatus.CLOSED and rng.random() < 0.5,
        "shredded": False,
    }
    return {
        "case": case,
        "reporter_key": {
            "case_id": case_id,
            "lookup_id": secrets.token_bytes(32),
            "box_public": secrets.token_bytes(32),
            "verify_key": secrets.token_bytes(32),
            "sealed_case_key": secrets.token_bytes(81),
        },
        "grant": {
            "id": secrets.token_hex(16),
            "case_id": case_id,
            "principal_id": officer_id,
            "sealed_key": seal_case_key(case_key, officer_box),
            "granted_by": None,
            "created_at": datetime.now(UTC),
            **inbox_copy(SimpleNamespace(**case)),
        },
        "case_record": {
            "id": record_id,
            "case_id": case_id,
            "kind": str(RecordKind.ANSWERS),
            "ciphertext": ciphertext,
            "padded_size": padded_size(len(ciphertext)),
            "created_on": received,
        },
    }


def seed_cases(office: Office, count: int, *, seed: int = 6) -> None:
    """Bulk-insert ``count`` filler cases granted to the officer, then refresh statistics."""
    rng = random.Random(seed)
    with transaction(office.engine) as session:
        principal = session.get(Principal, office.officer_id)
        assert principal is not None
        officer_box = principal.box_public
    tables = {
        "case": Case.__table__,
        "reporter_key": ReporterKey.__table__,
        "grant": Grant.__table__,
        "case_record": CaseRecord.__table__,
    }
    day0 = date.today()
    done = 0
    while done < count:
        batch = [
            _filler(rng, office.officer_id, officer_box, day0)
            for _ in range(min(SEED_BATCH, count - done))
        ]
        with office.engine.begin() as connection:
            for name, table in tables.items():
                connection.execute(insert(table), [row[name] for row in batch])  # type: ignore[arg-type]
        done += len(batch)
    with office.engine.connect() as plain:
        plain.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
