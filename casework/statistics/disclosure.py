"""Statistics of a disclosure cycle, from clear metadata only (no key is ever opened).

Statements filed, how many and what share had nothing to disclose, disclosures by kind
(a statement counts once per kind it has entries for), and review outcomes: closed with no
action, closed after more information, advice given, and still open. One query over the
cycle's statements and their cases (indexed by cycle).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlmodel import Session, col, func, select

from casework.cases.envelope import Case
from casework.channels.disclosure.policy import ADVICE_GIVEN, MORE_INFORMATION, NO_ACTION
from casework.disclosure.tables import DisclosureFiler, DisclosureStatement
from intake_forms.disclosure import KINDS

OPEN = "open"


@dataclass(frozen=True, slots=True)
class CycleStatistics:
    """The figures of one cycle."""

    filers: int
    filed: int
    nothing_to_disclose: int
    by_kind: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def nothing_share(self) -> float:
        """The share of filed statements with nothing to disclose (0 when none was filed)."""
        return self.nothing_to_disclose / self.filed if self.filed else 0.0

    @property
    def disclosed(self) -> int:
        """Statements that disclosed something."""
        return self.filed - self.nothing_to_disclose


def cycle_statistics(*, session: Session, cycle_id: str) -> CycleStatistics:
    """The statistics of one cycle."""
    filers = session.exec(
        select(func.count())
        .select_from(DisclosureFiler)
        .where(DisclosureFiler.cycle_id == cycle_id)
    ).one()
    rows = session.exec(
        select(DisclosureStatement.nothing_to_disclose, DisclosureStatement.kinds, Case.outcome)
        .join(Case, col(Case.id) == DisclosureStatement.case_id)
        .where(DisclosureStatement.cycle_id == cycle_id)
    ).all()
    kinds: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for _nothing, kind_list, outcome in rows:
        kinds.update(k for k in kind_list.split(",") if k)
        outcomes[outcome or OPEN] += 1
    return CycleStatistics(
        filers=int(filers),
        filed=len(rows),
        nothing_to_disclose=sum(1 for nothing, _k, _o in rows if nothing),
        by_kind={name: kinds.get(name, 0) for name, _title in KINDS},
        outcomes={
            code: outcomes.get(code, 0)
            for code in (NO_ACTION, MORE_INFORMATION, ADVICE_GIVEN, OPEN)
        },
    )
