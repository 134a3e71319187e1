"""Alembic migrations: upgrade an empty database, match the models, and downgrade."""

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from casework.db import make_engine
from casework.migrate import current_revision, downgrade, upgrade
from casework.schema import metadata


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
