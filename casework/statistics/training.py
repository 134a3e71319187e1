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
from sqlalchemy import select as core_select
from sqlmodel import Session, col

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

    One aggregate query: the matters (from the index on channel, category and date), each
    joined to its ``sessions`` and ``participants`` facts by their primary key (at most
    one of each per matter, so every matter counts once).
    """
    facts = {name: ClearFact.__table__.alias(f"fact_{name}") for name in COUNTS}  # type: ignore[attr-defined]
    query = core_select(
        func.count(), *(func.sum(cast(fact.c.value, Integer)) for fact in facts.values())
    ).select_from(Case)
    for name, fact in facts.items():
        query = query.outerjoin(fact, (fact.c.case_id == col(Case.id)) & (fact.c.name == name))
    matters, *sums = session.execute(
        query.where(
            col(Case.channel) == LOGGED_POLICY.id,
            col(Case.category) == TRAINING,
            col(Case.received_on).between(start, end),
        )
    ).one()
    found = dict(zip(COUNTS, (int(total or 0) for total in sums), strict=True))
    return TrainingTotals(int(matters), found["sessions"], found["participants"])
