"""Training and awareness figures, from clear facts only (never a key).

The office reports how many training sessions it ran and for how many people ("47 sessions
for 1,200 people"). Each logged training matter keeps its counts as clear facts
(``sessions``, ``participants``), so the totals for a period are one query over
metadata, whoever asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, cast, func
from sqlmodel import Session, col, select

from casework.cases.envelope import Case
from casework.cases.facts import ClearFact
from casework.channels.logged.policy import LOGGED_POLICY
from intake_forms.logged import TRAINING


@dataclass(frozen=True, slots=True)
class TrainingTotals:
    """Logged training matters in a period, and their sessions and participants."""

    matters: int
    sessions: int
    participants: int


def training_totals(*, session: Session, start: date, end: date) -> TrainingTotals:
    """The training logged with a date from ``start`` to ``end`` (both included)."""
    in_period = select(Case.id).where(
        Case.channel == LOGGED_POLICY.id,
        Case.category == TRAINING,
        col(Case.received_on) >= start,
        col(Case.received_on) <= end,
    )
    matters = session.exec(select(func.count()).select_from(in_period.subquery())).one()
    sums = {}
    for name in ("sessions", "participants"):
        total = session.exec(
            select(func.coalesce(func.sum(cast(ClearFact.value, Integer)), 0)).where(
                col(ClearFact.case_id).in_(in_period), ClearFact.name == name
            )
        ).one()
        sums[name] = int(total)
    return TrainingTotals(int(matters), sums["sessions"], sums["participants"])
