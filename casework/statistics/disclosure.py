"""Statistics of a disclosure cycle, from clear metadata only (no key is ever opened).

Statements filed, how many and what share had nothing to disclose, disclosures by kind
(a statement counts once per kind it has entries for), and review outcomes: closed with no
action, closed after more information, advice given, and still open (for all statements,
and for those that disclosed something). The database does the counting (grouped by outcome
and the flag, a sum per kind), from covering indexes where it can.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from casework.cases.envelope import Case
from casework.channels.disclosure.policy import (
    ADVICE_GIVEN,
    DISCLOSURE_POLICY,
    MORE_INFORMATION,
    NO_ACTION,
)
from casework.disclosure.tables import DisclosureFiler, DisclosureStatement
from intake_forms.disclosure import KINDS

OPEN = "open"
CHANNEL = DISCLOSURE_POLICY.id
OUTCOMES = (NO_ACTION, MORE_INFORMATION, ADVICE_GIVEN, OPEN)


@dataclass(frozen=True, slots=True)
class CycleStatistics:
    """The figures of one cycle."""

    filers: int
    filed: int
    nothing_to_disclose: int
    by_kind: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    disclosed_outcomes: dict[str, int] = field(default_factory=dict)
    """The outcomes of the statements that disclosed something (the review's real work)."""

    @property
    def nothing_share(self) -> float:
        """The share of filed statements with nothing to disclose (0 when none was filed)."""
        return self.nothing_to_disclose / self.filed if self.filed else 0.0

    @property
    def disclosed(self) -> int:
        """Statements that disclosed something."""
        return self.filed - self.nothing_to_disclose


def _pattern(kind: str) -> str:
    """A constant LIKE pattern for one kind in the comma-separated list (``_`` escaped)."""
    return "%" + kind.replace("/", "//").replace("_", "/_").replace("%", "/%") + "%"


def _kinds(session: Session, cycle_id: str) -> dict[str, int]:
    """Statements per kind disclosed: a sum per kind over the statements that disclosed any."""
    sums = [
        func.sum(
            case((col(DisclosureStatement.kinds).like(_pattern(name), escape="/"), 1), else_=0)
        )
        for name, _title in KINDS
    ]
    row = session.exec(
        select(*sums).where(
            DisclosureStatement.cycle_id == cycle_id,
            col(DisclosureStatement.nothing_to_disclose).is_(False),
        )
    ).one()
    values: list[Any] = list(row)
    return {name: int(summed or 0) for (name, _title), summed in zip(KINDS, values, strict=True)}


def cycle_statistics(*, session: Session, cycle_id: str) -> CycleStatistics:
    """The statistics of one cycle: three aggregate queries, whatever the number of statements.

    Each reads an index alone (the filers' cycle; the statements' cycle, flag and kinds) but
    the outcomes, which join each statement to its case. The kinds are summed only over the
    statements that disclosed something (a sixth of them in the model office).
    """
    filers = session.exec(
        select(func.count())
        .select_from(DisclosureFiler)
        .where(DisclosureFiler.cycle_id == cycle_id)
    ).one()
    nothing = func.sum(case((col(DisclosureStatement.nothing_to_disclose), 1), else_=0))
    rows = session.exec(
        select(Case.outcome, func.count(), nothing)
        .select_from(DisclosureStatement)
        .join(Case, col(Case.id) == DisclosureStatement.case_id)
        # The channel narrows the join to statements (PostgreSQL would otherwise hash the
        # whole case table to find them).
        .where(DisclosureStatement.cycle_id == cycle_id, col(Case.channel) == CHANNEL)
        .group_by(col(Case.outcome), col(DisclosureStatement.nothing_to_disclose))
    ).all()
    outcomes: Counter[str] = Counter()
    disclosed: Counter[str] = Counter()
    nothing_count = 0
    for outcome, count, nothing_sum in rows:
        outcomes[outcome or OPEN] += int(count)
        nothing_count += int(nothing_sum or 0)
        disclosed[outcome or OPEN] += int(count) - int(nothing_sum or 0)
    return CycleStatistics(
        filers=int(filers),
        filed=sum(outcomes.values()),
        nothing_to_disclose=nothing_count,
        by_kind=_kinds(session, cycle_id),
        outcomes={code: outcomes.get(code, 0) for code in OUTCOMES},
        disclosed_outcomes={code: disclosed.get(code, 0) for code in OUTCOMES},
    )
