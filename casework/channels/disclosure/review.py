"""Reviewing a statement: more information requested, advice given, and the filer's answer.

The office's question and its advice are case messages, sealed under the case key like any
reply; the filer reads them in their filer pages. The filer is told by email only *that*
there is something to read (:func:`notice_lines`), never what. Closing with no action uses the
ordinary workflow (:func:`casework.cases.workflow.change_status`). Sending advice on to the
filer's supervisor leaves the office, so it is a referral recorded with its basis in the
consent log (the case file's referral page), never an email from here.
"""

from __future__ import annotations

from sqlmodel import Session, select

from casework.cases.dialogue import post_message
from casework.cases.envelope import Case
from casework.cases.messages import Author
from casework.cases.workflow import change_status
from casework.channels.disclosure.cycles import DisclosureCycle
from casework.channels.disclosure.filers import DisclosureFiler, contact_of
from casework.channels.disclosure.policy import ADVICE_GIVEN, IN_REVIEW, INFO_REQUESTED
from casework.channels.disclosure.statements import DisclosureStatement
from casework.channels.policy import CLOSED
from casework.notifications.mail import Mailer

MAX_TEXT_CHARS = 20_000


class ReviewError(ValueError):
    """A review step that cannot be taken now (the message says why)."""


def _into_review(session: Session, case: Case, actor_id: str) -> None:
    if case.status != IN_REVIEW:
        change_status(session=session, case=case, actor_id=actor_id, to=IN_REVIEW)


def _text(text: str) -> str:
    text = text.strip()
    if not text or len(text) > MAX_TEXT_CHARS:
        raise ReviewError(f"write between 1 and {MAX_TEXT_CHARS} characters")
    return text


def notice_lines(year: int, gateway_url: str) -> list[str]:
    """The whole of the email that tells a filer there is something to read."""
    return [
        f"The ethics office has a question or a message about your {year} financial"
        " disclosure statement.",
        "",
        "Sign in to read it and answer:",
        gateway_url.rstrip("/") + "/filer/sign-in",
    ]


def _tell_filer(
    session: Session, case: Case, pepper: bytes, mailer: Mailer, gateway_url: str
) -> None:
    row = session.exec(
        select(DisclosureStatement, DisclosureFiler, DisclosureCycle)
        .where(DisclosureStatement.case_id == case.id)
        .join(DisclosureFiler, DisclosureFiler.id == DisclosureStatement.filer_id)  # type: ignore[arg-type]
        .join(DisclosureCycle, DisclosureCycle.id == DisclosureStatement.cycle_id)  # type: ignore[arg-type]
    ).first()
    if row is None:
        raise ReviewError("this case is not a financial disclosure statement")
    _statement, filer, cycle = row
    mailer.send(
        to=contact_of(pepper, filer).email,
        subject=f"Your {cycle.year} financial disclosure statement",
        lines=notice_lines(cycle.year, gateway_url),
    )


def request_information(
    *,
    session: Session,
    case: Case,
    case_key: bytes,
    actor_id: str,
    question: str,
    pepper: bytes,
    mailer: Mailer,
    gateway_url: str,
) -> None:
    """Ask the filer for more information: a sealed question, the status, a content-free email.

    Raises:
        ReviewError: empty or too long, or not a statement.
        casework.cases.workflow.WorkflowError: the case is closed.
        casework.notifications.mail.MailError: the email could not be sent (nothing is kept).
    """
    body = _text(question)
    _into_review(session, case, actor_id)
    post_message(
        session=session,
        case_id=case.id,
        case_key=case_key,
        author=Author.OFFICE,
        body=body,
        author_id=actor_id,
    )
    change_status(session=session, case=case, actor_id=actor_id, to=INFO_REQUESTED)
    case.awaiting_office = False
    session.add(case)
    _tell_filer(session, case, pepper, mailer, gateway_url)


def give_advice(
    *,
    session: Session,
    case: Case,
    case_key: bytes,
    actor_id: str,
    advice: str,
    pepper: bytes,
    mailer: Mailer,
    gateway_url: str,
) -> None:
    """Send the filer sealed advice and close the statement with the outcome "advice given".

    Raises:
        ReviewError, casework.cases.workflow.WorkflowError, casework.notifications.mail.MailError.
    """
    body = _text(advice)
    _into_review(session, case, actor_id)
    post_message(
        session=session,
        case_id=case.id,
        case_key=case_key,
        author=Author.OFFICE,
        body=body,
        author_id=actor_id,
    )
    change_status(session=session, case=case, actor_id=actor_id, to=CLOSED, outcome=ADVICE_GIVEN)
    _tell_filer(session, case, pepper, mailer, gateway_url)


def filer_answer(
    *, session: Session, case: Case, case_key: bytes, filer_id: str, body: str
) -> None:
    """The filer's answer: a sealed message, and the case comes back to the office.

    Raises:
        ReviewError: empty or too long, or nothing was asked.
    """
    text = _text(body)
    if case.status != INFO_REQUESTED:
        raise ReviewError("the office has not asked you anything")
    post_message(
        session=session,
        case_id=case.id,
        case_key=case_key,
        author=Author.REPORTER,
        body=text,
        author_id=filer_id,
    )
    change_status(session=session, case=case, actor_id=filer_id, to=IN_REVIEW)
    case.awaiting_office = True
    session.add(case)
