"""Dated events of a case that a channel's deadlines run from (clear metadata, day precision).

``received`` and ``acknowledged`` are columns of the case; any other milestone a channel's
policy names (``information_complete``, ``negative_determination_notified``...) is a row
here, recorded once per case and name. :func:`milestones_of` gives the mapping the policy's
:meth:`~casework.channels.policy.ChannelPolicy.schedule` reads.
"""

from collections.abc import Iterable
from datetime import date

from sqlmodel import Field, Session, SQLModel, col, select

from casework.cases.envelope import Case
from casework.channels.policy import ACKNOWLEDGED_MILESTONE, RECEIVED_MILESTONE
from casework.channels.registry import get_policy

BUILT_IN = frozenset({RECEIVED_MILESTONE, ACKNOWLEDGED_MILESTONE})


class CaseMilestone(SQLModel, table=True):
    """One dated event of a case (never content: a name from its channel's policy)."""

    __tablename__ = "case_milestone"

    case_id: str = Field(foreign_key="case.id", primary_key=True, max_length=32)
    name: str = Field(primary_key=True, max_length=32)
    day: date


def _built_in(case: Case) -> dict[str, date]:
    found = {RECEIVED_MILESTONE: case.received_on}
    if case.acknowledged_on is not None:
        found[ACKNOWLEDGED_MILESTONE] = case.acknowledged_on
    return found


def needs_rows(channel: str) -> bool:
    """Whether the channel's deadlines read milestones beyond the case's own columns."""
    names = set()
    for rule in get_policy(channel).deadlines:
        names.update({rule.after, rule.met_by or "", rule.otherwise_after or ""})
    names = {n for n in names if n and not n.startswith("rule:")}
    return not names <= BUILT_IN


def milestones_of(*, session: Session, case: Case) -> dict[str, date]:
    """Every milestone of one case, by name."""
    return milestones_of_many(session=session, cases=[case])[case.id]


def milestones_of_many(*, session: Session, cases: Iterable[Case]) -> dict[str, dict[str, date]]:
    """The milestones of several cases (one query, and none when no channel needs rows)."""
    cases = list(cases)
    found = {case.id: _built_in(case) for case in cases}
    wanted = [case.id for case in cases if needs_rows(case.channel)]
    if wanted:
        rows = session.exec(select(CaseMilestone).where(col(CaseMilestone.case_id).in_(wanted)))
        for row in rows:
            found[row.case_id].setdefault(row.name, row.day)
    return found


def add_milestone(*, session: Session, case_id: str, name: str, day: date) -> bool:
    """Record a milestone once; returns False when it was already recorded.

    Raises:
        ValueError: ``name`` is one of the case's own columns (set by the workflow).
    """
    if name in BUILT_IN:
        raise ValueError(f"{name!r} is recorded by the workflow")
    if session.get(CaseMilestone, (case_id, name)) is not None:
        return False
    session.add(CaseMilestone(case_id=case_id, name=name, day=day))
    return True
