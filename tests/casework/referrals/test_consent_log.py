"""The signed, append-only consent log: what tampering it resists and how it is found."""

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from casework.referrals.consent_log import (
    ConsentEntry,
    LogSignatureError,
    verify_consent_log,
)
from casework.store.db import transaction
from crypto import (
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


def _attack(engine: Engine, statements: list[tuple[str, dict[str, object]]]) -> None:
    """Run statements as an attacker with database-owner rights: triggers and keys off."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("DROP TRIGGER IF EXISTS consent_log_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS consent_log_no_delete"))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        else:
            connection.execute(text("SET session_replication_role = replica"))
        for statement, parameters in statements:
            connection.execute(text(statement), parameters)
        connection.commit()
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        else:
            connection.execute(text("SET session_replication_role = DEFAULT"))


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
