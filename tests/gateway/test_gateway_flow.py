"""End to end through the ASGI app: submit, receipt, log in, dialogue with an officer."""

from __future__ import annotations

import json

from sqlmodel import Session, select
from starlette.testclient import TestClient

from casework.cases.access import open_case
from casework.cases.dialogue import post_message, read_messages
from casework.cases.envelope import Case, RecordKind, records_of
from casework.cases.messages import Author
from casework.cases.records import open_record
from casework.store.db import transaction
from crypto import format_receipt
from tests.gateway.conftest import (
    VALID_ANSWERS,
    Officer,
    csrf_token,
    log_in,
    receipt_from,
    submit_report,
)


def _only_case(engine) -> Case:
    with Session(engine) as session:
        cases = list(session.exec(select(Case)))
    assert len(cases) == 1
    return cases[0]


def _officer_reads(engine, officer: Officer, case_id: str) -> tuple[list, dict, Case | None]:
    """What the officer reads back: the dialogue, the answers document and the case row."""
    with transaction(engine) as session:
        key = open_case(
            session=session, case_id=case_id, principal_id=officer.person.id, keys=officer.keys
        )
        messages = read_messages(
            session=session, case_id=case_id, case_key=key, include_internal=False
        )
        record = records_of(session=session, case_id=case_id, kind=RecordKind.ANSWERS)[0]
        answers = json.loads(open_record(case_key=key, record=record))
        return messages, answers, session.get(Case, case_id)


def test_report_reply_and_answer_round_trip(client: TestClient, officer: Officer, app) -> None:
    """A report goes in, the officer replies, the reporter answers, the officer reads it."""
    engine = app.state.engine

    sent = submit_report(client)
    receipt = receipt_from(sent.text)
    case = _only_case(engine)
    with transaction(engine) as session:
        key = open_case(
            session=session, case_id=case.id, principal_id=officer.person.id, keys=officer.keys
        )
        for body, internal in (
            ("Thank you. Which supplier was it?", False),
            ("internal-note-never-shown", True),
        ):
            post_message(
                session=session,
                case_id=case.id,
                case_key=key,
                author=Author.OFFICE,
                body=body,
                author_id=officer.person.id,
                internal=internal,
            )
    client.cookies.clear()
    login = log_in(client, format_receipt(receipt))
    page = client.get("/case")
    answer = client.post(
        "/case/reply",
        data={"body": "It was Acme Supplies Ltd.", "csrf_token": csrf_token(page.text)},
        follow_redirects=False,
    )
    after = client.get("/case")

    assert sent.status_code == 200
    assert len(receipt) == 20
    assert login.status_code == 303
    assert login.headers["location"] == "/case"
    assert "Which supplier was it?" in page.text
    assert "internal-note-never-shown" not in page.text
    assert answer.status_code == 303
    assert "It was Acme Supplies Ltd." in after.text
    messages, answers, refreshed = _officer_reads(engine, officer, case.id)
    assert [(m.author, m.body) for m in messages] == [
        ("office", "Thank you. Which supplier was it?"),
        ("reporter", "It was Acme Supplies Ltd."),
    ]
    assert answers["answers"]["what"] == VALID_ANSWERS["what"]
    assert answers["form"] == "report"
    assert refreshed is not None
    assert refreshed.awaiting_office is True
    assert refreshed.category == "fraud"


def test_reloading_the_receipt_page_does_not_send_twice(client: TestClient, app) -> None:
    """Posting the form again from the signed-in browser stores nothing more and says why."""
    first = submit_report(client)

    again = submit_report(client)

    assert first.status_code == 200
    assert again.status_code == 409
    assert "already sent" in again.text
    with Session(app.state.engine) as session:
        assert len(list(session.exec(select(Case)))) == 1
