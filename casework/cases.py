"""Cases and their encrypted records, grants and reporter keys.

The ``case`` table holds the clear metadata of DESIGN.md and nothing else. Every piece of
content is a :class:`CaseRecord` encrypted under the case key with associated data binding
it to ``("case_record", record id, kind)``. The case key is sealed to each grantee
(:class:`Grant`) and to the reporter (:class:`ReporterKey`, found by the receipt's lookup id
through a unique index).
"""

import enum
from datetime import date, datetime

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from .clock import today, utcnow
from .ids import new_id


class CaseStatus(enum.StrEnum):
    """Where a case stands."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    IN_REVIEW = "in_review"
    CLOSED = "closed"


class RecordKind(enum.StrEnum):
    """What an encrypted case record holds."""

    ANSWERS = "answers"
    IDENTITY = "identity"
    NOTE = "note"


class Case(SQLModel, table=True):
    """A matter: clear metadata only (DESIGN.md, "Clear metadata")."""

    __tablename__ = "case"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    channel: str = Field(index=True, max_length=64)
    form_version: int = Field(default=1)
    category: str = Field(default="", index=True, max_length=64)
    status: str = Field(default=CaseStatus.RECEIVED, index=True, max_length=16)
    received_on: date = Field(default_factory=today, index=True)
    acknowledged_on: date | None = Field(default=None)
    ack_due_on: date | None = Field(default=None, index=True)
    feedback_due_on: date | None = Field(default=None, index=True)
    closed_on: date | None = Field(default=None)
    outcome: str | None = Field(default=None, max_length=64)
    determination: str | None = Field(default=None, max_length=64)
    filer_id: str | None = Field(default=None, foreign_key="principal.id", max_length=32)
    cycle: str | None = Field(default=None, max_length=16)
    nothing_to_disclose: bool | None = Field(default=None)
    review_outcome: str | None = Field(default=None, max_length=64)
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


class Grant(SQLModel, table=True):
    """The case key sealed to one principal's public key (G3)."""

    __tablename__ = "grant"
    __table_args__ = (UniqueConstraint("case_id", "principal_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    principal_id: str = Field(foreign_key="principal.id", index=True, max_length=32)
    sealed_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    granted_by: str | None = Field(default=None, foreign_key="principal.id", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


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
    """Store a grant (the caller sealed the key; see :mod:`casework.access`)."""
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
