"""What a channel is: its statuses, transitions, outcomes, deadlines, audience and retention.

A channel (the anonymous report, ethics advice, retaliation protection, ...) declares all of
its rules in one :class:`ChannelPolicy`, in ``casework/channels/<id>/policy.py``. Workflow
code, the inbox, the deadline badges and the statistics ask the policy; none of them holds a
global list of statuses or outcomes. A policy is plain data: it never touches the database,
so adding a channel is a new folder, not a change to every folder.

The channel's form (``intake_forms``, same id) declares the questions, which answers are
clear metadata (``Field.clear``) and who may fill it in (``Form.audience``);
:func:`casework.channels.registry.register` checks that the two agree.

Two status codes are shared by every channel, because shared code depends on them: a case
starts as :data:`RECEIVED` and ends as :data:`CLOSED` (the inbox's "overdue" filter and
retention read that). Everything between is the channel's own.

Deadlines are :class:`DeadlineRule` values measured from *milestones*: dated events of the
case. ``received`` and ``acknowledged`` are kept on the case; any other milestone a
channel needs (``information_complete`` for "30 days after all requested information is
received", ``negative_determination_notified`` for an appeal window) is recorded with
:func:`casework.cases.workflow.record_milestone`. :meth:`ChannelPolicy.schedule` turns the
milestones into the two due dates the inbox sorts by: the acknowledgement and the next
substantive deadline.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

RECEIVED = "received"
CLOSED = "closed"
RECEIVED_MILESTONE = "received"
ACKNOWLEDGED_MILESTONE = "acknowledged"


class Identity(enum.StrEnum):
    """Whether the person must say who they are (the identity section is sealed apart)."""

    OPTIONAL = "optional"
    REQUIRED = "required"


class PolicyError(ValueError):
    """A policy contradicts itself (raised when it is declared, never at run time)."""


@dataclass(frozen=True, slots=True)
class Code:
    """A stored code and the label an officer reads (an English gettext message id)."""

    code: str
    label: str
    needs_text: str = ""
    """For an outcome: what must be written to the person when closing with it (e.g. "the
    conditions" of an approval with conditions); "" when nothing must be."""


@dataclass(frozen=True, slots=True)
class Status:
    """A step of a channel's workflow.

    Attributes:
        code: stored in ``case.status`` (at most 16 characters).
        label: what the console shows.
        acknowledges: entering it records the ``acknowledged`` milestone.
        reached_by: the workflow step that alone may enter it (``determination``,
            ``referral``...), because entering it needs more than a status change (a reason
            code, a consent-log entry); "" for a status any permitted change may enter.
    """

    code: str
    label: str
    acknowledges: bool = False
    reached_by: str = ""


@dataclass(frozen=True, slots=True)
class Determination:
    """A decision recorded on a case (e.g. at a preliminary review) and its reason codes.

    A determination needs exactly one of ``reasons`` when any are declared.
    """

    code: str
    label: str
    reasons: tuple[Code, ...] = ()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of shorter months."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """A deadline: ``days``/``months`` after the milestone ``after``.

    Attributes:
        code: names the deadline (``ack``, ``feedback``, ``preliminary_review``...).
        label: what the officer's badge says ("acknowledgement").
        after: the milestone the period runs from.
        days, months: the period.
        otherwise_after: while ``after`` has not happened, a provisional start: another
            rule's code prefixed ``rule:`` (its due date) or a milestone. A provisional
            deadline is shown to officers only once it is overdue.
        met_by: the milestone that fulfils the deadline; once recorded it is no longer due.
        acknowledgement: this is the acknowledgement deadline (kept in ``case.ack_due_on``);
            otherwise the earliest open one is kept in ``case.due_on``.
        promise: what the person who wrote in is told, a sentence with a ``%(date)s``
            placeholder ("You will get feedback by %(date)s."), or "". A message id of the
            gateway's catalog (marked ``N_``), translated where it is shown.
    """

    code: str
    label: str
    after: str
    days: int = 0
    months: int = 0
    otherwise_after: str | None = None
    met_by: str | None = None
    acknowledgement: bool = False
    promise: str = ""

    def due_from(self, start: date) -> date:
        """The due date for a period starting on ``start``."""
        return add_months(start, self.months) + timedelta(days=self.days)


@dataclass(frozen=True, slots=True)
class Due:
    """One deadline of a case: its rule, its date, and whether it is provisional."""

    rule: DeadlineRule
    on: date
    provisional: bool = False


@dataclass(frozen=True, slots=True)
class Schedule:
    """The due dates stored on the case (and copied to the grants for the inbox)."""

    ack_due_on: date | None
    due_on: date | None
    due_rule: str


@dataclass(frozen=True, slots=True)
class ChannelPolicy:
    """Everything a channel decides, in one place (see the module docstring).

    Attributes:
        id: the channel id; also the id of its form (``case.channel``).
        title: the channel's name as the console shows it.
        statuses: the workflow steps, in order; the first is ``received``, and ``closed``
            is among them.
        transitions: status code to the codes it may move to.
        outcomes: the codes a case may be closed with.
        determinations: decisions with reason codes (empty for most channels).
        deadlines: the deadline rules.
        identity: whether the identity section is required (intake refuses a case without).
        category_field: the form's clear field (``Field.clear``) whose value is the case's
            category ("" for none); the form's other clear fields are kept as clear facts
            (:mod:`casework.cases.facts`). Who may submit is the form's ``audience``.
        retention: how long after closing the content is kept (None: kept until removed
            by hand); retention shreds the keys and keeps the clear metadata.
    """

    id: str
    title: str
    statuses: tuple[Status, ...]
    transitions: Mapping[str, tuple[str, ...]]
    outcomes: tuple[Code, ...]
    deadlines: tuple[DeadlineRule, ...] = ()
    determinations: tuple[Determination, ...] = ()
    identity: Identity = Identity.OPTIONAL
    category_field: str = ""
    retention: timedelta | None = None

    def __post_init__(self) -> None:
        """Refuse a policy that contradicts itself, when it is declared."""
        codes = [s.code for s in self.statuses]
        if not codes or codes[0] != RECEIVED or CLOSED not in codes:
            raise PolicyError(f"{self.id}: statuses start at {RECEIVED!r} and include {CLOSED!r}")
        known = set(codes)
        for source, targets in self.transitions.items():
            if source not in known or not set(targets) <= known:
                raise PolicyError(f"{self.id}: a transition names an unknown status")
        if max(len(c) for c in codes) > 16:
            raise PolicyError(f"{self.id}: status codes are at most 16 characters")
        if len(self.id) > 64:
            raise PolicyError("a channel id is at most 64 characters")

    def status(self, code: str) -> Status | None:
        """The status with this code, or None."""
        return next((s for s in self.statuses if s.code == code), None)

    def status_label(self, code: str) -> str:
        """The label of a status code (the code itself for one the policy no longer has)."""
        found = self.status(code)
        return found.label if found else code

    def next_statuses(self, code: str, *, step: str = "") -> tuple[Status, ...]:
        """The statuses a case in ``code`` may move to by ``step`` ("" for a plain change)."""
        allowed = set(self.transitions.get(code, ()))
        return tuple(s for s in self.statuses if s.code in allowed and s.reached_by in ("", step))

    def outcome(self, code: str) -> Code | None:
        """The outcome with this code, or None when the channel does not define it."""
        return next((o for o in self.outcomes if o.code == code), None)

    def outcome_label(self, code: str | None) -> str:
        """The label of an outcome code ("" for none)."""
        if not code:
            return ""
        found = self.outcome(code)
        return found.label if found else code

    def determination(self, code: str) -> Determination | None:
        """The determination with this code, or None when the channel does not define it."""
        return next((d for d in self.determinations if d.code == code), None)

    def rule(self, code: str) -> DeadlineRule | None:
        """The deadline rule with this code, or None."""
        return next((r for r in self.deadlines if r.code == code), None)

    def dues(self, milestones: Mapping[str, date]) -> list[Due]:
        """Every deadline not yet met, given the case's milestones (name to day)."""
        found: dict[str, Due] = {}
        for rule in self.deadlines:
            if rule.met_by is not None and rule.met_by in milestones:
                continue
            start = milestones.get(rule.after)
            provisional = start is None
            if start is None and rule.otherwise_after is not None:
                start = _start(rule.otherwise_after, milestones, found)
            if start is not None:
                found[rule.code] = Due(rule, rule.due_from(start), provisional)
        return list(found.values())

    def schedule(self, milestones: Mapping[str, date]) -> Schedule:
        """The due dates to store on the case (the acknowledgement, then the next one).

        A met acknowledgement keeps its date (the inbox can still sort by it).
        """
        ack = next((r for r in self.deadlines if r.acknowledgement), None)
        ack_due = None
        if ack is not None and ack.after in milestones:
            ack_due = ack.due_from(milestones[ack.after])
        others = [d for d in self.dues(milestones) if not d.rule.acknowledgement]
        if not others:
            return Schedule(ack_due, None, "")
        first = min(others, key=lambda d: d.on)
        return Schedule(ack_due, first.on, first.rule.code)


def _start(anchor: str, milestones: Mapping[str, date], found: Mapping[str, Due]) -> date | None:
    """The day ``anchor`` names: ``rule:<code>`` (that rule's due date) or a milestone."""
    if anchor.startswith("rule:"):
        due = found.get(anchor.removeprefix("rule:"))
        return due.on if due is not None else None
    return milestones.get(anchor)
