"""The programme's tables: clear metadata and ciphertext only, and no code that opens either.

Kept apart from the workflows so that the statistics (which may never reach a key, an
import contract says) can count cycles, filers and statements without importing anything
that decrypts. Sealed columns are filled and read by :mod:`casework.disclosure.filers`
(names and emails) and :mod:`casework.disclosure.statements` (drafts).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from casework.disclosure.rules import QualificationRules
from casework.store.clock import today, utcnow
from casework.store.ids import new_id

FILER_TABLE = "disclosure_filer"


class CycleStatus(enum.StrEnum):
    """A cycle is open for filing, then closed."""

    OPEN = "open"
    CLOSED = "closed"


class DisclosureCycle(SQLModel, table=True):
    """One annual filing cycle."""

    __tablename__ = "disclosure_cycle"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    year: int = Field(unique=True)
    deadline: date
    reminder_days: str = Field(default="14,7,1", max_length=64)
    rules_json: str = Field(max_length=2000)
    status: str = Field(default=CycleStatus.OPEN, max_length=16)
    opened_by: str = Field(foreign_key="principal.id", max_length=32)
    opened_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = Field(default=None)

    @property
    def rules(self) -> QualificationRules:
        """The qualification rules this cycle was opened with."""
        return QualificationRules.from_json(self.rules_json)

    @property
    def reminders(self) -> tuple[int, ...]:
        """Days before the deadline on which non-filers are reminded, largest first."""
        return tuple(int(d) for d in self.reminder_days.split(",") if d)

    @property
    def is_open(self) -> bool:
        """Whether filers may still file."""
        return self.status == CycleStatus.OPEN


class DisclosureFiler(SQLModel, table=True):
    """One person who must file in one cycle."""

    __tablename__ = FILER_TABLE
    __table_args__ = (
        UniqueConstraint("cycle_id", "staff_lookup"),
        # The cycle page's counts and lists read only these columns, in this order
        # (casework.disclosure.overview): the index alone answers, with no table lookups.
        Index(
            "ix_disclosure_filer_cycle_order",
            "cycle_id",
            "due_on",
            "id",
            "principal_id",
            "invited_at",
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    cycle_id: str = Field(foreign_key="disclosure_cycle.id", max_length=32)
    staff_lookup: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False, index=True))
    name_ct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    email_ct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    due_on: date
    joined_late: bool = Field(default=False)
    principal_id: str | None = Field(
        default=None, foreign_key="principal.id", index=True, max_length=32
    )
    invited_at: datetime | None = Field(default=None)
    added_at: datetime = Field(default_factory=utcnow)
    # The language the filer's emails are written in (a code of intake_forms.languages):
    # from the roster's optional column, then whatever the filer chooses on the gateway.
    language: str | None = Field(default=None, max_length=16)


class DisclosureDraft(SQLModel, table=True):
    """A filer's unfinished statement for one cycle, sealed to the filer alone.

    The text is sealed under a random draft key; the key is sealed to the filer's public key
    (``filer_key``, with the public key it was sealed to in ``sealed_to``) and to the office
    recovery key (``recovery_key``), which can already open every filer's seed, so no new
    reader is added. After a new invitation ``sealed_to`` is no longer the filer's key: the
    draft is withheld until the director gives it back with the recovery code
    (:mod:`casework.disclosure.draft_regrant`). Drafts saved before these columns existed
    (all three empty) are sealed under a key from the filer's seed, as they were.
    """

    __tablename__ = "disclosure_draft"
    __table_args__ = (UniqueConstraint("filer_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    filer_id: str = Field(foreign_key="disclosure_filer.id", max_length=32)
    ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    saved_on: date = Field(default_factory=today)
    filer_key: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    recovery_key: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    sealed_to: bytes | None = Field(default=None, sa_column=Column(LargeBinary(32), nullable=True))


class DisclosureStatement(SQLModel, table=True):
    """A filed statement: the case it is, and its clear metadata."""

    __tablename__ = "disclosure_statement"
    __table_args__ = (
        # A cycle's statistics read only the flag and the kinds of its statements
        # (casework.statistics.disclosure): from this index alone, with no table lookups.
        Index(
            "ix_disclosure_statement_cycle_figures",
            "cycle_id",
            "case_id",
            "nothing_to_disclose",
            "kinds",
        ),
    )

    case_id: str = Field(primary_key=True, foreign_key="case.id", max_length=32)
    filer_id: str = Field(foreign_key="disclosure_filer.id", unique=True, max_length=32)
    cycle_id: str = Field(foreign_key="disclosure_cycle.id", max_length=32)
    nothing_to_disclose: bool = Field(default=False, index=True)
    kinds: str = Field(default="", max_length=200)
    versions: int = Field(default=1)
    first_filed_on: date = Field(default_factory=today)
    filed_on: date = Field(default_factory=today)
