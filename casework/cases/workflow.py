"""Working on an open case: status workflow, replies and notes, identity, assignment.

Every function takes the case key the caller's grant opened (:func:`casework.cases.access.open_case`
or :func:`~casework.cases.access.case_key_for`), so nothing here can run without a grant, and
writes its access-log entry in the same transaction. Entries carry codes only: the status
moved to, the outcome, the reason an identity was revealed; never content.

Statuses, transitions, outcomes and deadlines come from the case's channel policy
(:mod:`casework.channels.policy`): a step the policy does not allow, or closing without one
of its outcomes, is refused. Entering a status that ``acknowledges`` records the day the
acknowledgement deadline is measured against; after every change the policy's schedule
is stored on the case (:func:`casework.cases.deadlines.reschedule`).
"""

import enum
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from casework.cases.access_log import AccessAction, record_access
from casework.cases.deadlines import reschedule
from casework.cases.dialogue import post_message
from casework.cases.envelope import Case, RecordKind, grantees, records_of
from casework.cases.messages import Author, Message
from casework.cases.milestones import add_milestone, milestones_of
from casework.cases.records import open_record
from casework.channels.policy import CLOSED, Determination
from casework.channels.registry import get_policy
from casework.people.principals import Principal, PrincipalStatus
from casework.store.clock import today
from intake_forms.languages import N_

MAX_BODY_CHARS = 20_000


class RevealReason(enum.StrEnum):
    """Why an officer opened a reporter's identity section (the only thing logged)."""

    PROTECTION_MEASURE = "protection_measure"
    FOLLOW_UP_NEEDS_CONTACT = "follow_up_needs_contact"
    REPORTER_ASKED = "reporter_asked"
    LEGAL_OBLIGATION = "legal_obligation"
    CONFLICT_CHECK = "conflict_check"

    @property
    def label(self) -> str:
        """What the officer reads when choosing the reason."""
        return REVEAL_REASON_LABELS[self]


REVEAL_REASON_LABELS = {
    RevealReason.PROTECTION_MEASURE: N_("To arrange a protection measure"),
    RevealReason.FOLLOW_UP_NEEDS_CONTACT: N_("The follow-up needs contact with the reporter"),
    RevealReason.REPORTER_ASKED: N_("The reporter asked us to"),
    RevealReason.LEGAL_OBLIGATION: N_("A legal obligation"),
    RevealReason.CONFLICT_CHECK: N_("To check for a conflict of interest"),
}


class WorkflowError(ValueError):
    """The change is not allowed from where the case stands, or lacks what it needs."""


def change_status(
    *,
    session: Session,
    case: Case,
    actor_id: str,
    to: str,
    outcome: str | None = None,
    step: str = "",
    text_written: bool = False,
) -> None:
    """Move a case one step along its channel's workflow and log it.

    Args:
        step: the workflow step making the change, for a status only that step may enter
            (``Status.reached_by``); "" for a plain status change.
        text_written: the text an outcome needs (``Code.needs_text``) was written to the
            person (:func:`close` does that).

    Raises:
        WorkflowError: the policy does not allow the step, or closing without one of the
            channel's outcomes (or with an outcome the channel does not define, or without
            the text the outcome needs).
    """
    outcome = outcome or None  # a form's empty choice ("—") is no outcome, not an unknown one
    policy = get_policy(case.channel)
    target = next((s for s in policy.next_statuses(case.status, step=step) if s.code == to), None)
    if target is None:
        wanted = policy.status(to)
        if wanted is not None and wanted.reached_by and wanted.reached_by != step:
            raise WorkflowError(f"{wanted.label}: record the {wanted.reached_by} instead")
        raise WorkflowError(
            f"a {policy.status_label(case.status)} case cannot become {policy.status_label(to)}"
        )
    chosen = policy.outcome(outcome) if outcome is not None else None
    if outcome is not None and chosen is None:
        raise WorkflowError("this channel has no such outcome")
    if to == CLOSED and outcome is None:
        raise WorkflowError("closing a case needs an outcome")
    if chosen is not None and chosen.needs_text and not text_written:
        raise WorkflowError(f"{chosen.label}: write {chosen.needs_text} to the person")
    previous = case.status
    day = today()
    if target.acknowledges and case.acknowledged_on is None:
        case.acknowledged_on = day
    if to == CLOSED:
        case.closed_on = day
        case.outcome = outcome
    case.status = to
    case.last_activity_on = day
    reschedule(case, milestones_of(session=session, case=case))
    session.add(case)
    detail = f"{previous}->{to}" + (f":{outcome}" if to == CLOSED else "")
    log_change(session, actor_id, case.id, detail)


def close(
    *, session: Session, case: Case, case_key: bytes, actor_id: str, outcome: str, text: str = ""
) -> None:
    """Close a case with an outcome, sending the person the text the outcome needs.

    The text (the conditions of an approval, say) goes to the person as an office reply,
    so they read it with their receipt like any reply, before the case closes.

    Raises:
        WorkflowError: as :func:`change_status`, or the outcome needs a text and none was
            written.
    """
    text = text.strip()
    chosen = get_policy(case.channel).outcome(outcome)
    if chosen is not None and chosen.needs_text and text:
        write(
            session=session,
            case=case,
            case_key=case_key,
            actor_id=actor_id,
            body=text,
            internal=False,
        )
    change_status(
        session=session,
        case=case,
        actor_id=actor_id,
        to=CLOSED,
        outcome=outcome,
        text_written=bool(text),
    )


def record_milestone(
    *, session: Session, case: Case, actor_id: str, name: str, day: date | None = None
) -> None:
    """Record a dated event a deadline runs from (e.g. all requested information received).

    Raises:
        WorkflowError: the channel's deadlines do not use this milestone, or it is recorded.
    """
    policy = get_policy(case.channel)
    used = {r.after for r in policy.deadlines} | {r.met_by for r in policy.deadlines}
    if name not in used:
        raise WorkflowError("this channel has no such milestone")
    if not add_milestone(session=session, case_id=case.id, name=name, day=day or today()):
        raise WorkflowError("this milestone is already recorded")
    session.flush()
    case.last_activity_on = today()
    reschedule(case, milestones_of(session=session, case=case))
    session.add(case)
    log_change(session, actor_id, case.id, f"milestone:{name}")


def check_determination(case: Case, code: str, reason: str | None) -> Determination:
    """The channel's determination ``code``, checked with its reason code.

    A channel's own table stores the determination (e.g. a retaliation preliminary review);
    this is the one check every such channel uses before it writes.

    Raises:
        WorkflowError: the channel does not define this determination, or a reason code is
            missing or not one of the determination's own.
    """
    found = get_policy(case.channel).determination(code)
    if found is None:
        raise WorkflowError("this channel has no such determination")
    if found.reasons and reason not in {r.code for r in found.reasons}:
        raise WorkflowError("a determination needs one of its reason codes")
    if not found.reasons and reason:
        raise WorkflowError("this determination takes no reason code")
    return found


def log_change(session: Session, actor_id: str, case_id: str, detail: str) -> None:
    """Write a change to the case's workflow to the access log (codes only, never content)."""
    record_access(
        session=session,
        actor_id=actor_id,
        action=AccessAction.STATUS_CHANGE,
        case_id=case_id,
        detail=detail,
    )
    session.flush()


def write(
    *, session: Session, case: Case, case_key: bytes, actor_id: str, body: str, internal: bool
) -> Message:
    """Reply to the reporter, or add an internal note the reporter never sees.

    Raises:
        WorkflowError: an empty or over-long body.
    """
    body = body.strip()
    if not body or len(body) > MAX_BODY_CHARS:
        raise WorkflowError(f"write between 1 and {MAX_BODY_CHARS} characters")
    message = post_message(
        session=session,
        case_id=case.id,
        case_key=case_key,
        author=Author.OFFICE,
        body=body,
        author_id=actor_id,
        internal=internal,
    )
    if not internal:
        case.awaiting_office = False
    case.last_activity_on = today()
    session.add(case)
    action = AccessAction.NOTE if internal else AccessAction.REPLY
    record_access(session=session, actor_id=actor_id, action=action, case_id=case.id)
    session.flush()
    return message


def read_answers(*, session: Session, case_id: str, case_key: bytes) -> dict[str, Any]:
    """The reporter's answers (a JSON object), decrypted; empty when there are none."""
    for record in records_of(session=session, case_id=case_id, kind=RecordKind.ANSWERS):
        value = json.loads(open_record(case_key=case_key, record=record))
        return value if isinstance(value, dict) else {"answers": value}
    return {}


def has_identity(*, session: Session, case_id: str) -> bool:
    """Whether the reporter left an identity section (without opening it)."""
    return bool(records_of(session=session, case_id=case_id, kind=RecordKind.IDENTITY))


def reveal_identity(
    *, session: Session, case_id: str, case_key: bytes, actor_id: str, reason: RevealReason
) -> dict[str, Any] | None:
    """Decrypt the identity section, logging who and why (the reason code, never content)."""
    rows = records_of(session=session, case_id=case_id, kind=RecordKind.IDENTITY)
    if not rows:
        return None
    record_access(
        session=session,
        actor_id=actor_id,
        action=AccessAction.REVEAL_IDENTITY,
        case_id=case_id,
        detail=f"reason:{reason}",
    )
    value = json.loads(open_record(case_key=case_key, record=rows[0]))
    return value if isinstance(value, dict) else {"identity": value}


@dataclass(frozen=True, slots=True)
class Colleague:
    """A principal shown in a case's grant and assignment lists."""

    id: str
    username: str
    role: str
    has_grant: bool


def colleagues(*, session: Session, case_id: str, staff: list[Principal]) -> list[Colleague]:
    """Active staff with whether each holds a grant on the case."""
    holding = set(grantees(session=session, case_id=case_id))
    return [
        Colleague(p.id, p.username, p.role, p.id in holding)
        for p in staff
        if p.status == PrincipalStatus.ACTIVE
    ]


def assign(*, session: Session, case: Case, actor_id: str, assignee_id: str) -> None:
    """Make a grantee responsible for the case.

    Raises:
        WorkflowError: the assignee holds no grant on the case.
    """
    if assignee_id not in grantees(session=session, case_id=case.id):
        raise WorkflowError("only someone holding a grant can be assigned")
    case.assigned_to = assignee_id
    session.add(case)
    record_access(
        session=session,
        actor_id=actor_id,
        action=AccessAction.ASSIGN,
        case_id=case.id,
        detail=f"to:{assignee_id}",
    )
    session.flush()
