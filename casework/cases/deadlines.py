"""Deadlines of a case, as its channel's policy defines them: the stored schedule and badges.

The rules live in each channel's policy (:class:`~casework.channels.policy.DeadlineRule`);
this module applies them. :func:`reschedule` stores the due dates on the case after every
change that can move them (submission, a status change, a milestone), so that the inbox
can sort and filter by them in SQL; :func:`badges` says what an officer sees.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from casework.cases.envelope import Case, CaseStatus
from casework.channels.registry import get_policy

SOON_DAYS = 3


def days_left(due: date | None, today: date) -> int | None:
    """Days until ``due`` (negative when overdue), or None when nothing is due."""
    return None if due is None else (due - today).days


@dataclass(frozen=True, slots=True)
class Badge:
    """A deadline shown next to a case: ``kind`` is the rule's code, ``label`` its name."""

    kind: str
    label: str
    days: int

    @property
    def overdue(self) -> bool:
        """Whether the deadline has passed."""
        return self.days < 0

    @property
    def level(self) -> str:
        """``overdue``, ``soon`` or ``ok`` (a style class)."""
        if self.days < 0:
            return "overdue"
        return "soon" if self.days <= SOON_DAYS else "ok"


def reschedule(case: Case, milestones: Mapping[str, date]) -> None:
    """Store the policy's due dates for the case's milestones on the case."""
    schedule = get_policy(case.channel).schedule(milestones)
    case.ack_due_on = schedule.ack_due_on
    case.due_on = schedule.due_on
    case.due_rule = schedule.due_rule


def badges(case: Case, milestones: Mapping[str, date], today: date) -> list[Badge]:
    """The deadline badges of an open case: its stored due dates, named by its policy.

    The dates are the stored ones (those the inbox filters by), so a badge and the
    "overdue" filter always agree. A provisional deadline (its period has not properly
    started, e.g. feedback on an unacknowledged report) is shown only once overdue.
    """
    if case.status == CaseStatus.CLOSED:
        return []
    policy = get_policy(case.channel)
    shown: list[Badge] = []
    ack = next((r for r in policy.deadlines if r.acknowledgement), None)
    if ack is not None and case.acknowledged_on is None and case.ack_due_on is not None:
        shown.append(Badge(ack.code, ack.label, (case.ack_due_on - today).days))
    rule = policy.rule(case.due_rule)
    if rule is not None and case.due_on is not None:
        days = (case.due_on - today).days
        if rule.after in milestones or days < 0:
            shown.append(Badge(rule.code, rule.label, days))
    return shown
