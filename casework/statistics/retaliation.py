"""Protection against retaliation: determinations and referrals for investigation, counted.

Requests themselves are matters (:mod:`casework.statistics.matters`: advice requests and
formal requests by year). What the office decided on the formal requests is counted by
*cohort*: the preliminary-review determinations (by reason code) and the prima facie cases
referred for investigation, of the requests received in the period, whenever the decision
was taken. So "16 formal requests in 2023, 7 determinations, 2 referred" speaks of the same
16 requests, and a figure for a past year may still grow while its requests are decided.

The two tables are named here as plain table clauses (``case_determination``,
``protection_step``) rather than imported: their modules sit beside the workflow that
writes them, which this package may not import (the import contract keeps every path to a
key out of the statistics).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import column, func, table
from sqlalchemy import select as core_select
from sqlmodel import Session, col

from casework.cases.envelope import Case
from casework.channels.retaliation.policy import (
    NO_CAUSAL_LINK,
    NO_PROTECTED_ACTIVITY,
    PRELIMINARY_REVIEW,
    PRIMA_FACIE,
    PROTECTION_POLICY,
)
from casework.statistics.counts import Period

REASONS = (NO_PROTECTED_ACTIVITY, NO_CAUSAL_LINK, PRIMA_FACIE)
REFERRAL_STEP = "referral"

_determination = table("case_determination", column("case_id"), column("code"), column("reason"))
_step = table("protection_step", column("case_id"), column("kind"))


@dataclass(frozen=True, slots=True)
class Determinations:
    """Decisions on the formal requests received in a period."""

    by_reason: dict[str, int] = field(default_factory=dict)
    referred: int = 0

    @property
    def total(self) -> int:
        """Requests with a preliminary-review determination."""
        return sum(self.by_reason.values())


def _in_cohort(period: Period) -> tuple[Any, ...]:
    """The requests received in ``period``: joined from the (small) decision tables, so the
    database reads the decisions and looks each case up, never a year of cases."""
    return (
        col(Case.channel) == PROTECTION_POLICY.id,
        col(Case.received_on).between(period.start, period.end),
    )


def determinations(*, session: Session, period: Period) -> Determinations:
    """Determinations by reason and referrals, of the formal requests received in ``period``.

    A request with more than one determination counts once: with the prima facie reason if
    it ever had it (``prima_facie`` sorts after both negative codes, so ``max`` picks it),
    else the other. Two aggregate queries.
    """
    latest = (
        core_select(_determination.c.case_id, func.max(_determination.c.reason).label("reason"))
        .select_from(_determination)
        .join(Case, col(Case.id) == _determination.c.case_id)
        .where(_determination.c.code == PRELIMINARY_REVIEW, *_in_cohort(period))
        .group_by(_determination.c.case_id)
        .subquery()
    )
    rows = session.execute(
        core_select(latest.c.reason, func.count()).group_by(latest.c.reason)
    ).all()
    referred = session.execute(
        core_select(func.count(func.distinct(_step.c.case_id)))
        .select_from(_step)
        .join(Case, col(Case.id) == _step.c.case_id)
        .where(_step.c.kind == REFERRAL_STEP, *_in_cohort(period))
    ).scalar_one()
    found = {str(reason): int(count) for reason, count in rows}
    return Determinations(
        by_reason={reason: found.get(reason, 0) for reason in REASONS}, referred=int(referred)
    )
