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

COUNTS = ("sessions", "participants")


@dataclass(frozen=True, slots=True)
class TrainingTotals:
    """Logged training matters in a period, and their sessions and participants."""

    matters: int
    sessions: int
    participants: int


def training_totals(*, session: Session, start: date, end: date) -> TrainingTotals:
    """The training logged with a date from ``start`` to ``end`` (both included).

    Two aggregate queries: the matters, and their counts summed by fact name (one join).
    """
    in_period = (
        col(Case.channel) == LOGGED_POLICY.id,
        col(Case.category) == TRAINING,
        col(Case.received_on).between(start, end),
    )
    matters = session.exec(select(func.count()).select_from(Case).where(*in_period)).one()
    sums = dict.fromkeys(COUNTS, 0)
    rows = session.exec(
        select(col(ClearFact.name), func.sum(cast(col(ClearFact.value), Integer)))
        .join(Case, col(Case.id) == col(ClearFact.case_id))
        .where(*in_period, col(ClearFact.name).in_(COUNTS))
        .group_by(col(ClearFact.name))
    ).all()
    for name, total in rows:
        sums[name] = int(total or 0)
    return TrainingTotals(int(matters), sums["sessions"], sums["participants"])
