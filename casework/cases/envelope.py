"""Cases and their encrypted records, grants and reporter keys.

The ``case`` table holds the clear metadata of DESIGN.md and nothing else. Every piece of
content is a :class:`CaseRecord` encrypted under the case key with associated data binding
it to ``("case_record", record id, kind)``. The case key is sealed to each grantee
(:class:`Grant`) and to the reporter (:class:`ReporterKey`, found by the receipt's lookup id
through a unique index).

Each :class:`Grant` also carries a copy of the case metadata the inbox filters and sorts by
(the ``case_*`` columns), so that a principal's inbox page is one range of one composite
index on ``grant`` (see :mod:`casework.cases.inbox`). The copies are kept in step by two mapper
events in this module, whatever code path changes a case through the ORM: a new grant
copies its case, and a flushed change to a copied case column is written to every grant of
the case in the same transaction. Code that writes ``case`` rows with core statements
(bulk loads, the benchmark's filler) must write the copies itself, with :func:`inbox_copy`.
"""

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Connection, Index, LargeBinary, UniqueConstraint, event, inspect
from sqlalchemy import select as core_select
from sqlalchemy import update as core_update
from sqlalchemy.orm import Mapper
from sqlmodel import Field, Session, SQLModel, col, select

from casework.channels.policy import CLOSED, RECEIVED
from casework.store.clock import today, utcnow
from casework.store.ids import new_id, reference_prefix


class CaseStatus(enum.StrEnum):
    """The two statuses every channel shares; the steps between are each channel's own.

    See :mod:`casework.channels.policy` (a channel's statuses, transitions and outcomes).
    """

    RECEIVED = RECEIVED
    CLOSED = CLOSED


class RecordKind(enum.StrEnum):
    """What an encrypted case record holds."""

    ANSWERS = "answers"
    IDENTITY = "identity"
    NOTE = "note"


class Case(SQLModel, table=True):
    """A matter: the clear metadata every channel shares (DESIGN.md, "Clear metadata").

    What only one channel needs (a retaliation determination, a disclosure cycle) lives in
    that channel's own table keyed by case id. The due dates are computed by the channel's
    policy (:meth:`casework.channels.policy.ChannelPolicy.schedule`): ``ack_due_on`` for
    the acknowledgement, ``due_on`` for the next deadline, named by ``due_rule``.
    ``submitter_id`` is the signed-in principal who submitted (a filer), None for a
    receipt holder.
    """

    __tablename__ = "case"
    __table_args__ = (
        # The annual report (casework.statistics): a period's matters by channel and
        # category from the first index alone (SQLite skip-scans it; no sort for the
        # grouping), one channel's matters of a period (reports, requests) from the second.
        Index("ix_case_channel_category_received", "channel", "category", "received_on"),
        Index("ix_case_channel_received", "channel", "received_on"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    channel: str = Field(index=True, max_length=64)
    form_version: int = Field(default=1)
    category: str = Field(default="", index=True, max_length=64)
    status: str = Field(default=CaseStatus.RECEIVED, index=True, max_length=16)
    received_on: date = Field(default_factory=today, index=True)
    acknowledged_on: date | None = Field(default=None)
    ack_due_on: date | None = Field(default=None, index=True)
    due_on: date | None = Field(default=None, index=True)
    due_rule: str = Field(default="", max_length=32)
    closed_on: date | None = Field(default=None)
    outcome: str | None = Field(default=None, max_length=64)
    submitter_id: str | None = Field(default=None, foreign_key="principal.id", max_length=32)
    assigned_to: str | None = Field(
        default=None, foreign_key="principal.id", max_length=32, index=True
    )
    last_activity_on: date = Field(default_factory=today, index=True)
    awaiting_office: bool = Field(default=True, index=True)
    shredded: bool = Field(default=False)


class ReporterKey(SQLModel, table=True):
    """How a receipt opens its case: lookup id (unique) → reporter keys and sealed case key."""

    __tablename__ = "reporter_key"

    case_id: str = Field(primary_key=True, foreign_key="case.id", max_length=32)
    lookup_id: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False, unique=True))
    box_public: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    verify_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sealed_case_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class CaseRecord(SQLModel, table=True):
    """One encrypted piece of a case (answers, identity, note...)."""

    __tablename__ = "case_record"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    kind: str = Field(max_length=32)
    ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    padded_size: int = Field(default=0)
    created_on: date = Field(default_factory=today)


NO_DATE = date.max
"""The copy of a missing due date: it sorts after every real one and is never overdue."""

INBOX_SORT_COLUMNS = (
    "case_received_on",
    "case_ack_due_on",
    "case_due_on",
    "case_last_activity_on",
)
"""The grant columns the inbox sorts by; each has an index ``(principal_id, column, case_id)``."""


class Grant(SQLModel, table=True):
    """The case key sealed to one principal's public key (G3), with the inbox's copies."""

    __tablename__ = "grant"
    __table_args__ = (
        UniqueConstraint("case_id", "principal_id"),
        *(
            Index(f"ix_grant_inbox_{name.removeprefix('case_')}", "principal_id", name, "case_id")
            for name in INBOX_SORT_COLUMNS
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    principal_id: str = Field(foreign_key="principal.id", max_length=32)
    sealed_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    granted_by: str | None = Field(default=None, foreign_key="principal.id", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    # Copies of the case's clear metadata for the inbox (kept in step by the events below).
    case_channel: str = Field(default="", max_length=64)
    case_category: str = Field(default="", max_length=64)
    case_status: str = Field(default=CaseStatus.RECEIVED, max_length=16)
    case_received_on: date = Field(default=NO_DATE)
    case_acknowledged: bool = Field(default=False)
    case_ack_due_on: date = Field(default=NO_DATE)
    case_due_on: date = Field(default=NO_DATE)
    case_last_activity_on: date = Field(default=NO_DATE)
    case_assigned_to: str | None = Field(default=None, max_length=32)
    case_shredded: bool = Field(default=False)


COPIED_CASE_COLUMNS = (
    "channel",
    "category",
    "status",
    "received_on",
    "acknowledged_on",
    "ack_due_on",
    "due_on",
    "last_activity_on",
    "assigned_to",
    "shredded",
)
"""The case columns a grant copies; a change to any of them is written to the grants."""


def inbox_copy(case: Any) -> dict[str, Any]:
    """The grant columns that copy ``case`` (a :class:`Case` or a row with its columns)."""
    return {
        "case_channel": case.channel,
        "case_category": case.category,
        "case_status": str(case.status),
        "case_received_on": case.received_on,
        "case_acknowledged": case.acknowledged_on is not None,
        "case_ack_due_on": case.ack_due_on or NO_DATE,
        "case_due_on": case.due_on or NO_DATE,
        "case_last_activity_on": case.last_activity_on,
        "case_assigned_to": case.assigned_to,
        "case_shredded": bool(case.shredded),
    }


@event.listens_for(Grant, "before_insert")
def _copy_case_into_new_grant(_mapper: Mapper[Any], connection: Connection, grant: Grant) -> None:
    """A new grant starts with its case's metadata (the case row is flushed before it)."""
    table = Case.__table__  # type: ignore[attr-defined]
    columns = [table.c[name] for name in COPIED_CASE_COLUMNS]
    row = connection.execute(core_select(*columns).where(table.c.id == grant.case_id)).one_or_none()
    if row is not None:
        for name, value in inbox_copy(row).items():
            setattr(grant, name, value)


@event.listens_for(Case, "after_update")
def _copy_case_changes_to_grants(_mapper: Mapper[Any], connection: Connection, case: Case) -> None:
    """A flushed change to a copied column is written to every grant of the case."""
    state = inspect(case)
    if any(state.attrs[name].history.has_changes() for name in COPIED_CASE_COLUMNS):
        grants = Grant.__table__  # type: ignore[attr-defined]
        connection.execute(
            core_update(grants).where(grants.c.case_id == case.id).values(**inbox_copy(case))
        )


def cases_by_reference(*, session: Session, reference: str) -> list[str]:
    """The ids of the cases a typed reference (or id) names: usually one, none if unknown."""
    prefix = reference_prefix(reference)
    if prefix is None:
        return []
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    query = select(Case.id).where(col(Case.id) >= prefix, col(Case.id) < upper).limit(2)
    return list(session.exec(query))


def get_case(*, session: Session, case_id: str) -> Case | None:
    """The case with this id, or None."""
    return session.get(Case, case_id)


def find_reporter_key(*, session: Session, lookup_id: bytes) -> ReporterKey | None:
    """One indexed lookup by the receipt's lookup id."""
    return session.exec(select(ReporterKey).where(ReporterKey.lookup_id == lookup_id)).first()


def get_grant(*, session: Session, case_id: str, principal_id: str) -> Grant | None:
    """The principal's grant on the case, or None."""
    return session.exec(
        select(Grant).where(Grant.case_id == case_id, Grant.principal_id == principal_id)
    ).first()


def grantees(*, session: Session, case_id: str) -> list[str]:
    """Principal ids holding a grant on the case."""
    rows = session.exec(select(Grant.principal_id).where(Grant.case_id == case_id))
    return sorted(rows)


def add_grant(
    *,
    session: Session,
    case_id: str,
    principal_id: str,
    sealed_key: bytes,
    granted_by: str | None,
) -> Grant:
    """Store a grant (the caller sealed the key; see :mod:`casework.cases.access`)."""
    grant = Grant(
        case_id=case_id, principal_id=principal_id, sealed_key=sealed_key, granted_by=granted_by
    )
    session.add(grant)
    session.flush()
    return grant


def records_of(*, session: Session, case_id: str, kind: str | None = None) -> list[CaseRecord]:
    """The case's records, oldest first, optionally of one kind."""
    query = select(CaseRecord).where(CaseRecord.case_id == case_id)
    if kind is not None:
        query = query.where(CaseRecord.kind == kind)
    return list(session.exec(query.order_by(col(CaseRecord.created_on), col(CaseRecord.id))))
