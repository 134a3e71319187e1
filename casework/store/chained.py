"""Appending to a hash-chained log table safely under concurrency.

Each entry stores the hash of the previous one and its own hash over that and a canonical
encoding of its clear fields (:mod:`crypto._chain`). Appends must be serialised, or two
writers would chain to the same predecessor: PostgreSQL takes a transaction-scoped advisory
lock per log; SQLite serialises writers already (one write transaction at a time), and the
``BEGIN IMMEDIATE``-like effect is obtained by writing before reading the tail.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlmodel import Session, col, select

from casework.store.db import lock_for_update
from crypto import GENESIS_HASH, ChainError, ChainValue, entry_hash, verify_chain


class ChainedRow(Protocol):
    """What a chained log row provides."""

    id: int | None
    prev_hash: bytes
    entry_hash: bytes

    def chain_fields(self) -> Mapping[str, ChainValue]:
        """The clear fields covered by the hash."""
        ...


LOCK_KEYS = {"access_log": 0x636F6E6669646501, "consent_log": 0x636F6E6669646502}


def _serialise(session: Session, table: str) -> None:
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEYS[table]})
    else:
        # Take SQLite's write lock now so that the tail we read cannot change under us.
        lock_for_update(session, table)


def append(
    *, session: Session, row: Any, model: Any, seal: Callable[[Any], None] | None = None
) -> Any:
    """Chain ``row`` to the tail of ``model``'s table and insert it.

    Args:
        session: the open transaction.
        row: a new row (``id`` unset).
        model: its table class.
        seal: called with the row once its ``id`` and ``prev_hash`` are set and before its
            hash is computed, under the log's lock: a signature over the entry's position
            (the consent log's seal) is made here, and the hash then covers it too.

    Returns:
        The inserted row with ``id``, ``prev_hash`` and ``entry_hash`` set.
    """
    _serialise(session, model.__tablename__)
    tail = session.exec(select(model).order_by(col(model.id).desc()).limit(1)).first()
    previous = tail.entry_hash if tail is not None else GENESIS_HASH
    next_id = (tail.id if tail is not None else 0) + 1
    row.id = next_id
    row.prev_hash = previous
    if seal is not None:
        seal(row)
    row.entry_hash = entry_hash(previous, row.chain_fields())
    session.add(row)
    session.flush()
    return row


class SealError(ValueError):
    """A log entry's seal (a signature or a keyed MAC over its position) does not verify."""

    def __init__(self, entry_id: int | None, what: str) -> None:
        """Name the entry and which seal failed."""
        super().__init__(f"log entry {entry_id}: {what} does not verify")
        self.entry_id = entry_id
        self.what = what


@dataclass(frozen=True, slots=True)
class LogHead:
    """Where a log stands: how many entries, and the hash of the newest (the head).

    Recorded outside the database (written down, published in the annual report, copied to
    the audit committee), a head later shows whether entries up to it were dropped or
    rewritten, which no check inside the database can: dropping the newest entries leaves
    a valid, shorter chain.
    """

    count: int
    head: bytes

    def line(self, log: str) -> str:
        """The head as one line, the format ``confide verify-logs --expect-head`` reads."""
        return f"{HEAD_PREFIX} {log} {self.count} {self.head.hex()}"


HEAD_PREFIX = "head"


def current_head(*, session: Session, model: Any) -> LogHead:
    """The stored head (not verified: :func:`verify` checks the chain up to it)."""
    tail = session.exec(select(model.id, model.entry_hash).order_by(col(model.id).desc())).first()
    if tail is None:
        return LogHead(0, GENESIS_HASH)
    return LogHead(int(tail[0]), bytes(tail[1]))


def hash_at(*, session: Session, model: Any, entry_id: int) -> bytes | None:
    """The stored hash of one entry, or None when there is no such entry."""
    stored = session.exec(select(model.entry_hash).where(model.id == entry_id)).first()
    return None if stored is None else bytes(stored)


def rows_in_order(*, session: Session, model: Any, batch: int = 1000) -> Iterator[Any]:
    """Every row of a log, by id, in batches (constant memory).

    A row whose stored values cannot even be read (a non-date where a date belongs, written
    by someone with access to the database) raises :class:`crypto.ChainError` naming it,
    never a driver error: the batch is read again one row at a time to find it.
    """
    last = 0
    position = 0
    while True:
        try:
            rows = list(
                session.exec(
                    select(model).where(model.id > last).order_by(col(model.id)).limit(batch)
                )
            )
        except READ_ERRORS:
            rows = _rows_one_by_one(session, model, last, batch, position)
        if not rows:
            return
        yield from rows
        position += len(rows)
        last = rows[-1].id


READ_ERRORS = (ValueError, TypeError, AttributeError, StatementError)
"""What reading a row with a malformed stored value raises (by driver and column type)."""


def _rows_one_by_one(
    session: Session, model: Any, after: int, batch: int, position: int
) -> list[Any]:
    """Read a batch row by row, to name the first one that cannot be read."""
    session.rollback()
    query = select(model.id).where(model.id > after).order_by(col(model.id)).limit(batch)
    rows = []
    for offset, entry_id in enumerate(list(session.exec(query))):
        try:
            rows.append(session.exec(select(model).where(model.id == entry_id)).one())
        except READ_ERRORS as error:
            session.rollback()
            raise ChainError(entry_id, position + offset) from error
    return rows


def verify(*, session: Session, model: Any) -> LogHead:
    """Check the whole chain of a log table.

    Returns:
        The head: the number of entries verified and the newest one's hash.

    Raises:
        crypto.ChainError: naming the first broken (or unreadable) entry.
    """
    last = [GENESIS_HASH]

    def remember(rows: Iterator[ChainEntry]) -> Iterator[ChainEntry]:
        for entry in rows:
            last[0] = entry[3]
            yield entry

    count = verify_chain(remember(_contiguous(rows_in_order(session=session, model=model))))
    return LogHead(count, bytes(last[0]))


ChainEntry = tuple[object, Mapping[str, ChainValue], bytes, bytes]


def _contiguous(rows: Iterator[Any]) -> Iterator[ChainEntry]:
    """Chain entries in order; a gap in the ids (a deleted entry) is itself a break.

    Ids are assigned 1, 2, 3, ... by :func:`append`, so a missing id names the deleted entry
    even though the rows around it may still chain (if the attacker re-hashed them).
    """
    expected = 1
    for position, row in enumerate(rows):
        if row.id != expected:
            raise ChainError(expected, position)
        try:
            fields = row.chain_fields()
        except READ_ERRORS as error:  # e.g. a date column holding something else
            raise ChainError(row.id, position) from error
        yield row.id, fields, row.prev_hash, row.entry_hash
        expected += 1
