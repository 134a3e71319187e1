"""Upgrading a database that holds data loses nothing (SQLite and PostgreSQL).

The database is filled through the project's own interfaces (cases, consent, a referral in
the signed consent log, messages, the access log), taken down to ``0003_inbox`` (the shape
the previous release made) and upgraded again: every row of every table is the same, the
logs still verify, sealed fields still open and the referral's export still matches the
SHA-256 in the consent log.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from casework.cases.access_log import verify_access_log
from casework.cases.envelope import Case
from casework.cases.workflow import change_status, write
from casework.channels.report.policy import ACKNOWLEDGED
from casework.referrals.consent_log import verify_consent_log
from casework.referrals.recording import Referral, body_of
from casework.store.db import transaction
from casework.store.migrate import current_revision, downgrade, upgrade
from tests.casework.referrals.referralkit import (  # the consent tests' office and steps
    World,
    _ask_and_answer,
    _export,
    _on_consent,
    _record,
    world,
)

__all__ = ["world"]
PREVIOUS_HEAD = "0003_inbox"
SKIP = "due_rule"  # new in 0004; filled by the upgrade (checked below)
RENAMED = {"disclosure": "referral"}
RENAMED_COLUMNS = {
    "disclosure_id": "referral_id",
    "feedback_due_on": "due_on",
    "filer_id": "submitter_id",
}


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, with today's names for renamed tables and columns."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            if table == "alembic_version":
                continue
            query = text(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the inspector
            rows = connection.execute(query).mappings().all()
            named = [
                tuple(
                    sorted(
                        (RENAMED_COLUMNS.get(k, k), v) for k, v in row.items() if k != "due_rule"
                    )
                )
                for row in rows
            ]
            found[RENAMED.get(table, table)] = sorted(named, key=repr)
    return found


def _fill(world: World) -> str:
    """A referral with its consent, a reply, an acknowledgement: data in every log."""
    referral_id = _record(world, _on_consent(_ask_and_answer(world)))
    case_id, key, _ = world.cases[0]
    with transaction(world.office.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        change_status(session=session, case=case, actor_id=world.officer, to=ACKNOWLEDGED)
        write(
            session=session,
            case=case,
            case_key=key,
            actor_id=world.officer,
            body="Thanks",
            internal=False,
        )
    return referral_id


def test_upgrading_a_filled_database_loses_nothing(world: World) -> None:
    """Down to the previous head and up again: every row, signature and export survives."""
    engine = world.office.engine
    referral_id = _fill(world)
    export_before = _export(world, referral_id)
    before = _snapshot(engine)

    downgrade(engine, PREVIOUS_HEAD)
    assert "disclosure" in inspect(engine).get_table_names()
    upgrade(engine)

    assert _snapshot(engine) == before
    assert current_revision(engine) != PREVIOUS_HEAD
    with transaction(engine) as session:
        assert verify_consent_log(session=session) == 1
        assert verify_access_log(session=session) > 0
        referral = session.get(Referral, referral_id)
        assert referral is not None
        assert body_of(referral, world.cases[0][1])["referral_id"] == referral_id
        case = session.get(Case, world.cases[0][0])
        assert case is not None and case.due_rule == "feedback" and case.due_on is not None
    assert _export(world, referral_id) == export_before


def test_upgrade_refuses_values_that_have_no_home_yet(world: World) -> None:
    """A determination stored on a case stops the upgrade before anything changes."""
    engine = world.office.engine
    downgrade(engine, PREVIOUS_HEAD)
    with engine.begin() as connection:
        connection.execute(text("""UPDATE "case" SET determination = 'prima_facie'"""))

    with pytest.raises(RuntimeError, match="determination"):
        upgrade(engine)

    assert current_revision(engine) == PREVIOUS_HEAD
    with engine.connect() as connection:
        kept = connection.execute(text('SELECT determination FROM "case"')).scalars().all()
    assert kept == ["prima_facie", "prima_facie"]
