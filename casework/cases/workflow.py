"""Working on an open case: status workflow, replies and notes, identity, assignment.

Every function takes the case key the caller's grant opened (:func:`casework.cases.access.open_case`
or :func:`~casework.cases.access.case_key_for`), so nothing here can run without a grant, and
writes its access-log entry in the same transaction. Entries carry codes only: the status
moved to, the outcome, the reason an identity was revealed; never content.

The workflow is ``received → acknowledged → in review → closed``; acknowledging records the
day the 7-day clock is measured against and moves the feedback deadline to three months
after it (EU Directive 2019/1937, art. 9). Closing needs an outcome from :class:`Outcome`.
"""

import enum
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from casework.cases.access_log import AccessAction, record_access
from casework.cases.deadlines import feedback_due
from casework.cases.dialogue import post_message
from casework.cases.envelope import Case, CaseStatus, RecordKind, grantees, records_of
from casework.cases.messages import Author, Message
from casework.cases.records import open_record
from casework.people.principals import Principal, PrincipalStatus
from casework.store.clock import today

MAX_BODY_CHARS = 20_000


class Outcome(enum.StrEnum):
    """How a case was closed (clear metadata for the annual statistics)."""

    ADVICE_GIVEN = "advice_given"
    SUBSTANTIATED = "substantiated"
    NOT_SUBSTANTIATED = "not_substantiated"
    REFERRED = "referred"
    NO_ACTION = "no_action"
    OUTSIDE_MANDATE = "outside_mandate"
    WITHDRAWN = "withdrawn"


class RevealReason(enum.StrEnum):
    """Why an officer opened a reporter's identity section (the only thing logged)."""

    PROTECTION_MEASURE = "protection_measure"
    FOLLOW_UP_NEEDS_CONTACT = "follow_up_needs_contact"
    REPORTER_ASKED = "reporter_asked"
    LEGAL_OBLIGATION = "legal_obligation"
    CONFLICT_CHECK = "conflict_check"


NEXT_STATUSES: dict[str, tuple[CaseStatus, ...]] = {
    CaseStatus.RECEIVED: (CaseStatus.ACKNOWLEDGED,),
    CaseStatus.ACKNOWLEDGED: (CaseStatus.IN_REVIEW, CaseStatus.CLOSED),
    CaseStatus.IN_REVIEW: (CaseStatus.CLOSED,),
    CaseStatus.CLOSED: (),
}


class WorkflowError(ValueError):
    """The change is not allowed from where the case stands, or lacks what it needs."""


def change_status(
    *, session: Session, case: Case, actor_id: str, to: CaseStatus, outcome: Outcome | None = None
) -> None:
    """Move a case one step along the workflow and log it.

    Raises:
        WorkflowError: the step is not allowed, or closing without an outcome.
    """
    if to not in NEXT_STATUSES[case.status]:
        raise WorkflowError(f"a {case.status} case cannot become {to}")
    if to is CaseStatus.CLOSED and outcome is None:
        raise WorkflowError("closing a case needs an outcome")
    previous = case.status
    day = today()
    if to is CaseStatus.ACKNOWLEDGED:
        case.acknowledged_on = day
        case.feedback_due_on = feedback_due(case.received_on, day)
    if to is CaseStatus.CLOSED:
        case.closed_on = day
        case.outcome = outcome
    case.status = to
    case.last_activity_on = day
    session.add(case)
    detail = f"{previous}->{to}" + (f":{outcome}" if outcome is not None else "")
    record_access(
        session=session,
        actor_id=actor_id,
        action=AccessAction.STATUS_CHANGE,
        case_id=case.id,
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
