"""Engines and sessions for SQLite (the embedded default) and PostgreSQL.

SQLite runs with WAL (readers never block the writer), foreign keys enforced, and
``secure_delete`` so that crypto-shredded ciphertext is overwritten rather than left in
free pages. A busy timeout lets concurrent writers queue instead of failing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from crypto import keyed_hash

SQLITE_BUSY_TIMEOUT_MS = 30_000
LOG_KEY = "confide_log_key"
"""Where a session carries the office's log key (``Session.info``)."""

_LOG_KEYS: "WeakKeyDictionary[Engine, bytes]" = WeakKeyDictionary()


def log_key(pepper: bytes) -> bytes:
    """The key that seals access-log entries, derived from the pepper (never stored).

    The pepper lives outside the database and its backups, so someone who can only write
    to the database cannot make a seal (:mod:`casework.cases.access_log`).
    """
    return keyed_hash(pepper, b"access log seals", person=b"confide-log-key")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, *, pepper: bytes | None = None, **kwargs: Any) -> Engine:
    """Create an engine with Confide's connection settings.

    Args:
        url: a SQLAlchemy URL (``sqlite:///...`` or ``postgresql+psycopg://...``).
        pepper: the office's pepper, when this engine writes the access log (each entry is
            sealed with a key derived from it); None for engines that never write it.
        **kwargs: passed to :func:`sqlmodel.create_engine`.

    Returns:
        The engine.
    """
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        kwargs.setdefault("pool_pre_ping", True)
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
        engine = create_engine(url, **kwargs)
    if pepper:
        _LOG_KEYS[engine] = log_key(pepper)
    return engine


def session_log_key(session: Session) -> bytes | None:
    """The log key the session's engine was made with, if any."""
    key = session.info.get(LOG_KEY)
    return key if isinstance(key, bytes) else None


def is_postgres(engine: Engine) -> bool:
    """Whether the engine talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any exception."""
    info = {LOG_KEY: _LOG_KEYS.get(engine)}
    with Session(engine, expire_on_commit=False, info=info) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


_WRITE_LOCKS = {
    name: text(f"UPDATE {name} SET id = id WHERE 0")  # noqa: S608 - fixed names  # nosec
    for name in ("principal", "access_log", "consent_log")
}


def lock_for_update(session: Session, table: str) -> None:
    """Take the write lock that serialises a read-then-write on ``table``'s rows.

    On SQLite a no-op UPDATE starts the write transaction at once, so nothing read after it
    can change before the commit (SQLite has one writer at a time). PostgreSQL callers lock
    the row itself with ``SELECT ... FOR UPDATE`` or an advisory lock; this does nothing
    there.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(_WRITE_LOCKS[table])
