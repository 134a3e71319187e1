"""Reviewing a statement: more information requested, advice given, and the filer's answer.

The office's question and its advice are case messages, sealed under the case key like any
reply; the filer reads them in their filer pages. The filer is told by email only
*that* there is something to read (:func:`casework.notifications.disclosure.tell_filer`),
never what. Closing with no action uses the ordinary workflow
(:func:`casework.cases.workflow.change_status`). Sending advice on to the filer's supervisor
leaves the office, so it is a referral recorded with its basis in the consent log (the case
file's referral page), never an email from here.
"""

from __future__ import annotations

from sqlmodel import Session

from casework.cases.dialogue import post_message
from casework.cases.envelope import Case
from casework.cases.messages import Author
from casework.cases.workflow import change_status
from casework.channels.disclosure.policy import ADVICE_GIVEN, IN_REVIEW, INFO_REQUESTED
from casework.channels.policy import CLOSED
from intake_forms.languages import N_, ExplainedError

MAX_TEXT_CHARS = 20_000


class ReviewError(ExplainedError):
    """A review step that cannot be taken now (the message says why)."""


def _into_review(session: Session, case: Case, actor_id: str) -> None:
    if case.status != IN_REVIEW:
        change_status(session=session, case=case, actor_id=actor_id, to=IN_REVIEW)


def _text(text: str) -> str:
    text = text.strip()
    if not text or len(text) > MAX_TEXT_CHARS:
        raise ReviewError(N_("write between 1 and %(limit)s characters"), limit=MAX_TEXT_CHARS)
    return text


def _office_writes(session: Session, case: Case, case_key: bytes, actor_id: str, text: str) -> None:
    """The office's sealed message to the filer, the statement being (now) in review."""
    body = _text(text)
    _into_review(session, case, actor_id)
    post_message(
        session=session,
        case_id=case.id,
        case_key=case_key,
        author=Author.OFFICE,
        body=body,
        author_id=actor_id,
    )


def request_information(
    *,
    session: Session,
    case: Case,
    case_key: bytes,
    actor_id: str,
    question: str,
) -> None:
    """Ask the filer for more information: a sealed question and the status.

    The caller then tells the filer by email (:func:`casework.notifications.disclosure.tell_filer`).

    Raises:
        ReviewError: empty or too long, or not a statement.
        casework.cases.workflow.WorkflowError: the case is closed.
    """
    _office_writes(session, case, case_key, actor_id, question)
    change_status(session=session, case=case, actor_id=actor_id, to=INFO_REQUESTED)
    case.awaiting_office = False
    session.add(case)


def give_advice(
    *,
    session: Session,
    case: Case,
    case_key: bytes,
    actor_id: str,
    advice: str,
) -> None:
    """Send the filer sealed advice and close the statement with the outcome "advice given".

    The caller then tells the filer by email (:func:`casework.notifications.disclosure.tell_filer`).

    Raises:
        ReviewError, casework.cases.workflow.WorkflowError.
    """
    _office_writes(session, case, case_key, actor_id, advice)
    change_status(session=session, case=case, actor_id=actor_id, to=CLOSED, outcome=ADVICE_GIVEN)


def filer_answer(
    *,
    session: Session,
    case: Case,
    case_key: bytes,
    filer_id: str,
    body: str,
    language: str | None = None,
) -> None:
    """The filer's answer (written in ``language``): a sealed message; back to the office.

    Raises:
        ReviewError: empty or too long, or nothing was asked.
    """
    text = _text(body)
    if case.status != INFO_REQUESTED:
        raise ReviewError(N_("the office has not asked you anything"))
    post_message(
        session=session,
        case_id=case.id,
        case_key=case_key,
        author=Author.REPORTER,
        body=text,
        author_id=filer_id,
        language=language,
    )
    change_status(session=session, case=case, actor_id=filer_id, to=IN_REVIEW)
    case.awaiting_office = True
    session.add(case)
