"""Determinations: decisions a channel's policy declares, each with one of its reason codes.

A determination (the preliminary review of a request for protection, say) is clear
metadata: its code, its reason code, the day and who decided; the letter that explains it
to the person is a reply like any other. :func:`record_determination` asks the case's
policy: a channel that declares no such determination, or a reason that is missing or not
one of the determination's, is refused before anything is written. The step records the
``determined`` milestone when the channel's deadlines use it (it meets the review
deadline) and moves the case into the status its policy reserves for determinations.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, Session, SQLModel, col, select

from casework.cases.envelope import Case
from casework.cases.workflow import (
    change_status,
    check_determination,
    log_change,
    record_milestone,
)
from casework.channels.registry import get_policy
from casework.store.clock import today
from casework.store.ids import new_id

DETERMINATION_STEP = "determination"
DETERMINED_MILESTONE = "determined"


class CaseDetermination(SQLModel, table=True):
    """One determination of a case: codes and a day, never content."""

    __tablename__ = "case_determination"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    code: str = Field(max_length=32)
    reason: str = Field(default="", max_length=32)
    decided_on: date = Field(default_factory=today)
    decided_by: str = Field(foreign_key="principal.id", max_length=32)


def record_determination(
    *, session: Session, case: Case, actor_id: str, code: str, reason: str | None
) -> CaseDetermination:
    """Record a determination the case's channel defines, with one of its reason codes.

    Raises:
        WorkflowError: the channel has no such determination, the reason is missing or not
            one of its reasons, or the case cannot move to its determined status now.
    """
    policy = get_policy(case.channel)
    check_determination(case, code, reason)
    target = next((s for s in policy.statuses if s.reached_by == DETERMINATION_STEP), None)
    if target is not None:
        change_status(
            session=session, case=case, actor_id=actor_id, to=target.code, step=DETERMINATION_STEP
        )
    used = {r.met_by for r in policy.deadlines} | {r.after for r in policy.deadlines}
    if DETERMINED_MILESTONE in used:
        record_milestone(session=session, case=case, actor_id=actor_id, name=DETERMINED_MILESTONE)
    row = CaseDetermination(case_id=case.id, code=code, reason=reason or "", decided_by=actor_id)
    session.add(row)
    log_change(session, actor_id, case.id, f"determination:{code}:{reason or ''}")
    return row


def determinations_of(*, session: Session, case_id: str) -> list[CaseDetermination]:
    """The determinations of a case, oldest first."""
    query = select(CaseDetermination).where(CaseDetermination.case_id == case_id)
    return list(
        session.exec(query.order_by(col(CaseDetermination.decided_on), col(CaseDetermination.id)))
    )
