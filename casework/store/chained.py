"""Appending to a hash-chained log table safely under concurrency.

Each entry stores the hash of the previous one and its own hash over that and a canonical
encoding of its clear fields (:mod:`crypto._chain`). Appends must be serialised, or two
writers would chain to the same predecessor: PostgreSQL takes a transaction-scoped advisory
lock per log; SQLite serialises writers already (one write transaction at a time), and the
``BEGIN IMMEDIATE``-like effect is obtained by writing before reading the tail.
"""

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from sqlalchemy import text
from sqlmodel import Session, col, select

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
        session.execute(text(f"UPDATE {table} SET id = id WHERE 0"))  # noqa: S608 - fixed names


def append(*, session: Session, row: Any, model: Any) -> Any:
    """Chain ``row`` to the tail of ``model``'s table and insert it.

    Args:
        session: the open transaction.
        row: a new row (``id`` unset).
        model: its table class.

    Returns:
        The inserted row with ``id``, ``prev_hash`` and ``entry_hash`` set.
    """
    _serialise(session, model.__tablename__)
    tail = session.exec(select(model).order_by(col(model.id).desc()).limit(1)).first()
    previous = tail.entry_hash if tail is not None else GENESIS_HASH
    next_id = (tail.id if tail is not None else 0) + 1
    row.id = next_id
    row.prev_hash = previous
    row.entry_hash = entry_hash(previous, row.chain_fields())
    session.add(row)
    session.flush()
    return row


def rows_in_order(*, session: Session, model: Any, batch: int = 1000) -> Iterator[Any]:
    """Every row of a log, by id, in batches (constant memory)."""
    last = 0
    while True:
        rows = list(
            session.exec(select(model).where(model.id > last).order_by(col(model.id)).limit(batch))
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def verify(*, session: Session, model: Any) -> int:
    """Check the whole chain of a log table.

    Returns:
        The number of entries verified.

    Raises:
        crypto.ChainError: naming the first broken entry.
    """
    return verify_chain(_contiguous(rows_in_order(session=session, model=model)))


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
        yield row.id, row.chain_fields(), row.prev_hash, row.entry_hash
        expected += 1
