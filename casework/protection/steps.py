"""What the office records on a request for protection besides its status: the referral,
interim measures, and the Ethics Panel review.

One row per event, codes and days only; an interim measure's description is a sealed case
record the row points to. A referral and an interim measure that involves anyone outside
the office each point to the referral that is their entry in the consent log (G4).
"""

from __future__ import annotations

import enum
from datetime import date

from sqlmodel import Field, Session, SQLModel, col, select

from casework.store.clock import today
from casework.store.ids import new_id
from intake_forms.languages import N_


class StepKind(enum.StrEnum):
    """What a protection step records."""

    REFERRAL = "referral"
    INTERIM_MEASURE = "interim_measure"
    PANEL_REQUEST = "panel_request"


class PanelResult(enum.StrEnum):
    """Where an Ethics Panel chair's review stands."""

    PENDING = "pending"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


PANEL_RESULT_LABELS: dict[str, str] = {
    PanelResult.PENDING: N_("pending"),
    PanelResult.UPHELD: N_("upheld"),
    PanelResult.OVERTURNED: N_("overturned"),
}
"""What the console shows for a panel review's result (translated where shown)."""


class ProtectionStep(SQLModel, table=True):
    """A referral, an interim measure or a panel review request on a protection case."""

    __tablename__ = "protection_step"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    kind: str = Field(max_length=32)
    day: date = Field(default_factory=today)
    recorded_by: str = Field(foreign_key="principal.id", max_length=32)
    referral_id: str | None = Field(default=None, foreign_key="referral.id", max_length=32)
    record_id: str | None = Field(default=None, foreign_key="case_record.id", max_length=32)
    result: str = Field(default="", max_length=16)
    result_on: date | None = Field(default=None)


def steps_of(
    *, session: Session, case_id: str, kind: StepKind | None = None
) -> list[ProtectionStep]:
    """The case's steps (of one kind), oldest first."""
    query = select(ProtectionStep).where(ProtectionStep.case_id == case_id)
    if kind is not None:
        query = query.where(ProtectionStep.kind == kind)
    return list(session.exec(query.order_by(col(ProtectionStep.day), col(ProtectionStep.id))))
