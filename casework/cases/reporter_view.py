"""The reporter's side of a case: what a receipt holder sees and how they answer.

A reporter sees the status and dates of their case, what they answered in the form (so
they can re-read what they sent), the office's replies and their own, the names of the
files on the case, and the office's requests for consent; never internal notes, never who
handles it.
Answering updates the clear activity metadata the console's inbox sorts by.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from casework.cases.attachments import file_meta
from casework.cases.dialogue import ReadMessage, post_message, read_messages
from casework.cases.envelope import Case, ReporterKey
from casework.cases.messages import Author, Message, attachments_of
from casework.cases.workflow import read_answers
from casework.channels.registry import get_policy
from casework.referrals.consent import ConsentView, requests_of
from casework.referrals.recording import used_consents
from casework.store.clock import today
from crypto import PrincipalKeys, open_case_key
from intake_forms.display import Shown
from intake_forms.documents import show_document


@dataclass(frozen=True, slots=True)
class ReporterFile:
    """A file on the case, as the reporter sees it."""

    name: str
    padded_size: int
    author: str
    created_on: date


@dataclass(frozen=True, slots=True)
class ReporterView:
    """Everything the case page shows."""

    case_id: str
    channel: str
    status: str
    answers: list[Shown]
    received_on: date
    ack_due_on: date | None
    acknowledged_on: date | None
    due_on: date | None
    due_promise: str
    closed_on: date | None
    messages: list[ReadMessage]
    files: list[ReporterFile]
    consents: list[ConsentView]
    used_consents: frozenset[str]


def reporter_case_key_for(*, session: Session, case_id: str, keys: PrincipalKeys) -> bytes | None:
    """Open the case key sealed to the reporter (after a session resumed), or None."""
    row = session.get(ReporterKey, case_id)
    if row is None or row.box_public != keys.box_public:
        return None
    return open_case_key(row.sealed_case_key, keys)


def _promise(case: Case) -> str:
    """What the person is told about the next deadline ("You will get feedback by")."""
    rule = get_policy(case.channel).rule(case.due_rule)
    return rule.promise if rule is not None else ""


def _own_answers(*, session: Session, case: Case, case_key: bytes) -> list[Shown]:
    """The answers the reporter sent, with the questions of the form version they saw."""
    document = read_answers(session=session, case_id=case.id, case_key=case_key)
    return show_document(document, "answers", form_id=case.channel, version=case.form_version)


def reporter_view(*, session: Session, case_id: str, case_key: bytes) -> ReporterView:
    """The reporter's view of the case (no internal notes).

    Raises:
        LookupError: the case no longer exists.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(case_id)
    messages = read_messages(
        session=session, case_id=case_id, case_key=case_key, include_internal=False
    )
    files = [
        ReporterFile(
            name=file_meta(case_key=case_key, attachment=a).name,
            padded_size=a.padded_size,
            author=a.author,
            created_on=a.created_on,
        )
        for a in attachments_of(session=session, case_id=case_id)
    ]
    return ReporterView(
        case_id=case.id,
        channel=case.channel,
        status=case.status,
        answers=_own_answers(session=session, case=case, case_key=case_key),
        received_on=case.received_on,
        ack_due_on=case.ack_due_on,
        acknowledged_on=case.acknowledged_on,
        due_on=case.due_on,
        due_promise=_promise(case),
        closed_on=case.closed_on,
        messages=messages,
        files=files,
        consents=requests_of(session=session, case_id=case_id, case_key=case_key),
        used_consents=frozenset(used_consents(session=session, case_id=case_id)),
    )


def mark_reporter_activity(*, session: Session, case_id: str) -> None:
    """Record (to the day) that the reporter wrote: the office now owes an answer."""
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(case_id)
    case.last_activity_on = today()
    case.awaiting_office = True
    session.add(case)
    session.flush()


def reporter_reply(
    *, session: Session, case_id: str, case_key: bytes, body: str, language: str | None = None
) -> Message:
    """Add the reporter's reply (written in ``language``); the case awaits the office."""
    message = post_message(
        session=session,
        case_id=case_id,
        case_key=case_key,
        author=Author.REPORTER,
        body=body,
        language=language,
    )
    mark_reporter_activity(session=session, case_id=case_id)
    return message
