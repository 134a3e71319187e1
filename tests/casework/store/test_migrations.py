"""Alembic migrations: upgrade an empty database, match the models, and downgrade."""

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from casework.schema import metadata
from casework.store.db import make_engine
from casework.store.migrate import current_revision, downgrade, upgrade


def test_upgrade_from_empty_creates_every_table(database_url: str) -> None:
    """An empty database upgraded to head has every table the models declare."""
    engine = make_engine(database_url)

    upgrade(engine)

    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables
    assert current_revision(engine) is not None
    engine.dispose()


def test_models_and_migrations_agree(engine: Engine) -> None:
    """Autogenerate finds nothing to do: the migrations describe the models exactly."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)

    assert differences == []


def test_downgrade_to_empty_and_back(engine: Engine) -> None:
    """Downgrading to base drops everything, and upgrading again restores it."""
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

    upgrade(engine)

    assert set(metadata.tables) <= set(inspect(engine).get_table_names())


def test_sqlite_runs_with_wal_foreign_keys_and_secure_delete(tmp_path: object) -> None:
    """SQLite connections use WAL, enforce foreign keys and overwrite deleted content."""
    engine = make_engine(f"sqlite:///{tmp_path}/pragmas.sqlite3")

    with engine.connect() as connection:
        journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        secure_delete = connection.exec_driver_sql("PRAGMA secure_delete").scalar()

    assert (journal, foreign_keys, secure_delete) == ("wal", 1, 1)
    engine.dispose()


def test_inbox_migration_fills_the_grant_copies(database_url: str) -> None:
    """Upgrading a database with cases and grants fills each grant's copy from its case."""
    from datetime import date

    from sqlmodel import Session, select

    from casework.cases.envelope import Case, Grant, inbox_copy

    engine = make_engine(database_url)
    upgrade(engine, "0002_consent")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO principal (id, username, role, status, box_public, verify_key,"
            " wrapped_seed, recovery_sealed_seed, totp_last_step, failed_logins, created_at,"
            " password_changed_at)"
            " VALUES ('p1', 'olga', 'officer', 'active', '', '', '', '', 0, 0,"
            " '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
        )
        connection.exec_driver_sql(
            'INSERT INTO "case" (id, channel, form_version, category, status, received_on,'
            " acknowledged_on, ack_due_on, feedback_due_on, assigned_to, last_activity_on,"
            " awaiting_office, shredded) VALUES ('c1', 'report', 1, 'fraud', 'acknowledged',"
            " '2024-01-02', '2024-01-03', NULL, '2024-04-03', 'p1', '2024-01-05', true, false)"
        )
        connection.exec_driver_sql(
            'INSERT INTO "grant" (id, case_id, principal_id, sealed_key, created_at)'
            " VALUES ('g1', 'c1', 'p1', '', '2024-01-01 00:00:00')"
        )

    upgrade(engine)

    with Session(engine) as session:
        case = session.get(Case, "c1")
        grant = session.exec(select(Grant)).one()
        assert case is not None and case.received_on == date(2024, 1, 2)
        assert {name: getattr(grant, name) for name in inbox_copy(case)} == inbox_copy(case)
        assert grant.case_ack_due_on == date.max and grant.case_acknowledged
    engine.dispose()
