"""The signed, append-only consent log: what tampering it resists and how it is found."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from casework.referrals.consent_log import (
    ConsentEntry,
    LogSignatureError,
    verify_consent_log,
)
from casework.store.db import transaction
from crypto import (
    GENESIS_HASH,
    ChainError,
    entry_hash,
    sign,
)
from tests.casework.referrals.referralkit import World, _ask_and_answer, _on_consent, _record, world

__all__ = ["world"]


def test_database_refuses_update_and_delete(world: World, engine: Engine) -> None:
    """The consent log table itself refuses UPDATE and DELETE."""
    _record(world, _on_consent(_ask_and_answer(world)))

    for statement in ("UPDATE consent_log SET recipient = 'legal'", "DELETE FROM consent_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))


@contextmanager
def _as_owner(engine: Engine) -> Iterator[Connection]:
    """A connection with database-owner rights: append-only triggers and foreign keys off."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("DROP TRIGGER IF EXISTS consent_log_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS consent_log_no_delete"))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        else:
            connection.execute(text("SET session_replication_role = replica"))
        yield connection
        connection.commit()
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        else:
            connection.execute(text("SET session_replication_role = DEFAULT"))


def _attack(engine: Engine, statements: list[tuple[str, dict[str, object]]]) -> None:
    """Run statements as an attacker with database-owner rights: triggers and keys off."""
    with _as_owner(engine) as connection:
        for statement, parameters in statements:
            connection.execute(text(statement), parameters)


def _three_entries(world: World) -> None:
    for _ in range(3):
        request_id = _ask_and_answer(world)
        _record(world, _on_consent(request_id))


@pytest.mark.parametrize(
    ("statements", "named"),
    [
        pytest.param(["UPDATE consent_log SET recipient = 'legal' WHERE id = 2"], 2, id="edit"),
        pytest.param(["DELETE FROM consent_log WHERE id = 2"], 2, id="delete"),
        pytest.param(
            [
                "UPDATE consent_log SET id = 99 WHERE id = 2",
                "UPDATE consent_log SET id = 2 WHERE id = 3",
                "UPDATE consent_log SET id = 3 WHERE id = 99",
            ],
            2,
            id="reorder",
        ),
    ],
)
def test_tampering_is_found_and_named(
    world: World, engine: Engine, statements: list[str], named: int
) -> None:
    """Editing, deleting or reordering one row breaks the chain at that row."""
    _three_entries(world)
    _attack(engine, [(statement, {}) for statement in statements])

    with transaction(engine) as session, pytest.raises(ChainError) as raised:
        verify_consent_log(session=session)

    assert raised.value.entry_id == named


def test_resigning_with_another_key_is_found(world: World, engine: Engine) -> None:
    """Re-signing an entry with another key, and re-chaining, fails the signature check."""
    _three_entries(world)
    with transaction(engine) as session:
        entries = list(session.exec(select(ConsentEntry).order_by(ConsentEntry.id)))  # type: ignore[arg-type]
        session.expunge_all()
        forged = sign(world.second_keys, entries[1].statement())
        previous = entries[0].entry_hash
        updates = []
        for entry in entries[1:]:
            if entry.id == 2:
                entry.signature = forged
            entry.prev_hash = previous
            previous = entry_hash(previous, entry.chain_fields())
            updates.append((entry.id, entry.signature, entry.prev_hash, previous))
    statement = (
        "UPDATE consent_log SET signature = :s, prev_hash = :p, entry_hash = :h WHERE id = :i"
    )
    _attack(
        engine,
        [(statement, {"s": s, "p": p, "h": h, "i": i}) for i, s, p, h in updates],
    )

    with transaction(engine) as session, pytest.raises(LogSignatureError) as raised:
        verify_consent_log(session=session)

    assert raised.value.entry_id == 2


def test_verify_logs_command_names_a_bad_signature(world: World, engine: Engine) -> None:
    """`confide verify-logs` exits 1 and names the entry whose signature fails."""
    from click.testing import CliRunner

    from confide.cli import main

    _three_entries(world)
    with transaction(engine) as session:
        entry = session.exec(select(ConsentEntry).where(ConsentEntry.id == 3)).one()
        session.expunge(entry)
    forged = sign(world.second_keys, entry.statement())
    entry.signature = forged
    new_hash = entry_hash(entry.prev_hash, entry.chain_fields())
    _attack(
        engine,
        [
            (
                "UPDATE consent_log SET signature = :s, entry_hash = :h WHERE id = 3",
                {"s": forged, "h": new_hash},
            )
        ],
    )

    result = CliRunner().invoke(
        main,
        ["verify-logs"],
        env={"CONFIDE_DATABASE_URL": engine.url.render_as_string(hide_password=False)},
    )

    assert result.exit_code == 1
    assert "consent log: BAD SIGNATURE at entry 3" in result.output


def _rewrite_log(engine: Engine, mutate) -> None:  # type: ignore[no-untyped-def]
    """As a database owner without any key: change the entries, re-chain them, write back.

    ``mutate`` gets the entries in order (detached copies) and returns the new list; every
    id, previous hash and entry hash is then recomputed, so the hash chain alone is intact.
    """
    with transaction(engine) as session:
        entries = list(session.exec(select(ConsentEntry).order_by(ConsentEntry.id)))  # type: ignore[arg-type]
        rows = [entry.model_dump() for entry in entries]
    rows = mutate(rows)
    previous = GENESIS_HASH
    for position, row in enumerate(rows, start=1):
        row["id"] = position
        row["prev_hash"] = previous
        previous = row["entry_hash"] = entry_hash(previous, ConsentEntry(**row).chain_fields())
    table = ConsentEntry.__table__  # type: ignore[attr-defined]
    with _as_owner(engine) as connection:
        connection.execute(table.delete())
        connection.execute(table.insert(), rows)


def _back_date(rows):  # type: ignore[no-untyped-def]
    rows[1]["recorded_on"] = date(2020, 1, 1)
    return rows


def _copy_to_the_tail(rows):  # type: ignore[no-untyped-def]
    return [*rows, {**rows[1], "recorded_on": date(2031, 1, 1)}]


def _delete_and_renumber(rows):  # type: ignore[no-untyped-def]
    return [rows[0], rows[2]]


@pytest.mark.parametrize(
    ("attack", "named"),
    [
        pytest.param(_back_date, 2, id="back-date"),
        pytest.param(_copy_to_the_tail, 4, id="copy-a-signed-entry"),
        pytest.param(_delete_and_renumber, 2, id="delete-renumber-rechain"),
    ],
)
def test_rechained_changes_need_an_officers_key(
    world: World, engine: Engine, attack, named: int
) -> None:
    """Back-dating, copying or hiding an entry and re-chaining the rest fails the seal."""
    _three_entries(world)
    _rewrite_log(engine, attack)

    with transaction(engine) as session, pytest.raises(LogSignatureError) as raised:
        verify_consent_log(session=session)

    assert raised.value.entry_id == named
    assert "position" in raised.value.what


def test_entries_are_sealed_by_whoever_made_them_take_effect(world: World, engine: Engine) -> None:
    """A consent entry is sealed by its recorder, an exception by its approver."""
    _three_entries(world)

    with transaction(engine) as session:
        entries = list(session.exec(select(ConsentEntry)))
        assert verify_consent_log(session=session).count == 3

    assert all(entry.seal and entry.sealed_by == entry.recorded_by for entry in entries)


def test_consent_log_still_verifies_after_its_case_is_shredded(
    world: World, engine: Engine
) -> None:
    """Retention destroys the case's keys and ciphertext; the signed log entries still verify."""
    from datetime import timedelta

    from casework.cases.envelope import Case
    from casework.retention import apply_retention
    from casework.store.clock import today

    _three_entries(world)
    with transaction(engine) as session:
        case = session.get(Case, world.cases[0][0])
        case.closed_on = today() - timedelta(days=100)
        session.add(case)

    run = apply_retention(engine, world.blobs, today=today(), office_default=timedelta(days=30))

    assert run.shredded == 1
    with transaction(engine) as session:
        assert verify_consent_log(session=session).count == 3
