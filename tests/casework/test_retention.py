"""Retention: closed cases past their period are crypto-shredded, logged, and only once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlmodel import select

from casework.cases.access import NoGrantError, open_case, reporter_case_key
from casework.cases.access_log import AccessAction, AccessEntry, verify_access_log
from casework.cases.envelope import Case, CaseRecord, Grant
from casework.cases.messages import Attachment
from casework.retention import apply_retention, retention_period
from casework.store.blobs import BlobStore
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from crypto import TEST_KDF, derive_keys, derive_receipt, generate_receipt
from crypto.seedwrap import unwrap_seed
from tests.factories import make_case

PERIOD = timedelta(days=30)


def _close(engine, case_id: str, days_ago: int) -> None:
    with transaction(engine) as session:
        case = session.get(Case, case_id)
        case.status = "closed"
        case.closed_on = today() - timedelta(days=days_ago)
        case.outcome = "substantiated"
        session.add(case)


def _count(engine, model, case_id: str) -> int:
    with transaction(engine) as session:
        return len(list(session.exec(select(model).where(model.case_id == case_id))))


def _officer_keys(office, person):  # type: ignore[no-untyped-def]
    from casework.people.principals import Principal

    with transaction(office.engine) as session:
        principal = session.get(Principal, person.id)
        return derive_keys(unwrap_seed(principal.wrapped_seed, person.password))


def test_old_closed_case_is_shredded_and_the_rest_kept(office, settings: Settings) -> None:
    """Past the period: keys, grants, ciphertext and blobs go; metadata stays; others untouched."""
    olga = office.person("olga")
    blobs = BlobStore(settings.blob_dir)
    old, _ = make_case(
        office.engine, settings, office, recipients=[olga.id], files=[("a.pdf", b"%PDF old")]
    )
    recent, _ = make_case(office.engine, settings, office, recipients=[olga.id])
    still_open, _ = make_case(office.engine, settings, office, recipients=[olga.id])
    _close(office.engine, old, days_ago=40)
    _close(office.engine, recent, days_ago=10)
    blob_count = len([p for p in blobs.root.rglob("*") if p.is_file()])

    run = apply_retention(office.engine, blobs, today=today(), office_default=PERIOD)

    assert (run.shredded, run.blobs_removed) == (1, 1)
    assert len([p for p in blobs.root.rglob("*") if p.is_file()]) == blob_count - 1
    for model in (Grant, CaseRecord, Attachment):
        assert _count(office.engine, model, old) == 0
    assert (
        _count(office.engine, Grant, recent) == 1 and _count(office.engine, Grant, still_open) == 1
    )
    with transaction(office.engine) as session:
        case = session.get(Case, old)
        assert case.shredded and case.channel == "speak-up" and case.outcome == "substantiated"
        assert case.closed_on == today() - timedelta(days=40)
        shreds = list(session.exec(select(AccessEntry).where(AccessEntry.action == "shred")))
        assert [(e.case_id, e.actor_id, e.detail) for e in shreds] == [(old, None, "retention:30d")]
        assert verify_access_log(session=session).count >= 1
    with transaction(office.engine) as session, pytest.raises(NoGrantError):
        open_case(
            session=session, case_id=old, principal_id=olga.id, keys=_officer_keys(office, olga)
        )


def test_the_receipt_opens_nothing_after_shredding(office, settings: Settings) -> None:
    """The reporter's sealed key is destroyed: the receipt finds the case but cannot open it."""
    from casework.cases.intake import Submission, submit_case

    receipt = generate_receipt()
    secrets = derive_receipt(
        receipt, office_salt=office.office_salt, pepper=settings.pepper, params=TEST_KDF
    )
    with transaction(office.engine) as session:
        case, _key = submit_case(
            session=session,
            submission=Submission("report", 1, "fraud", b'{"what": "x"}', None),
            reporter=secrets,
        )
    _close(office.engine, case.id, days_ago=31)

    apply_retention(
        office.engine, BlobStore(settings.blob_dir), today=today(), office_default=PERIOD
    )

    with transaction(office.engine) as session:
        opened = reporter_case_key(
            session=session, lookup_id=secrets.lookup_id, keys=derive_keys(secrets.seed)
        )
    assert opened is None


def test_retention_is_idempotent_and_off_by_default(office, settings: Settings) -> None:
    """A second run shreds nothing more; with no period nothing is ever shredded."""
    olga = office.person("olga")
    case_id, _ = make_case(office.engine, settings, office, recipients=[olga.id])
    _close(office.engine, case_id, days_ago=400)
    blobs = BlobStore(settings.blob_dir)

    never = apply_retention(office.engine, blobs, today=today(), office_default=None)
    first = apply_retention(office.engine, blobs, today=today(), office_default=PERIOD)
    second = apply_retention(office.engine, blobs, today=today(), office_default=PERIOD)

    assert (never.shredded, first.shredded, second.shredded) == (0, 1, 0)
    with transaction(office.engine) as session:
        shreds = session.exec(select(AccessEntry).where(AccessEntry.action == AccessAction.SHRED))
        assert len(list(shreds)) == 1


def test_period_is_read_in_one_place() -> None:
    """Every channel follows the office-wide setting until channel policies exist."""
    assert retention_period("report", office_default=PERIOD) == PERIOD
    assert retention_period("speak-up", office_default=None) is None
    assert Settings(data_dir=__import__("pathlib").Path("."), retention_days=0).retention is None


def test_maintenance_applies_retention(office, settings: Settings, monkeypatch) -> None:
    """`confide maintenance` shreds what is due and says so."""
    from confide.cli import main

    olga = office.person("olga")
    case_id, _ = make_case(office.engine, settings, office, recipients=[olga.id])
    _close(office.engine, case_id, days_ago=45)
    monkeypatch.setenv("CONFIDE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CONFIDE_RETENTION_DAYS", "30")
    monkeypatch.setenv("CONFIDE_PEPPER", settings.pepper.hex())

    result = CliRunner().invoke(main, ["maintenance", "--data-dir", str(settings.data_dir)])
    again = CliRunner().invoke(main, ["maintenance", "--data-dir", str(settings.data_dir)])

    assert result.exit_code == 0, result.output
    assert "retention: shredded 1 case(s)" in result.output
    assert "retention: shredded 0 case(s)" in again.output
