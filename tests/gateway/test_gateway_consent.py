"""Consent in the gateway: the reporter reads a request, agrees or refuses, and may withdraw."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from casework.cases.access import open_case
from casework.cases.envelope import Case
from casework.referrals.consent import (
    Answer,
    ConsentView,
    Recipient,
    RequestContent,
    ask,
    requests_of,
)
from casework.referrals.consent_log import Basis, verify_consent_log
from casework.referrals.recording import ReferralRequest, export_stream, record
from casework.store.blobs import BlobStore
from casework.store.db import transaction
from crypto import format_receipt
from tests.gateway.conftest import Officer, csrf_token, log_in, receipt_from, submit_report

CONTENT = RequestContent(
    what="my identity and the report",
    recipient=Recipient.INVESTIGATIONS,
    recipient_name="",
    why="so that the Office of Investigations can look into it",
)


def _case_id(engine) -> str:
    with Session(engine) as session:
        return session.exec(select(Case)).one().id


def _ask(engine, officer: Officer, case_id: str) -> str:
    with transaction(engine) as session:
        key = open_case(
            session=session, case_id=case_id, principal_id=officer.person.id, keys=officer.keys
        )
        return ask(
            session=session,
            case_id=case_id,
            case_key=key,
            officer_id=officer.person.id,
            content=CONTENT,
        ).id


def _views(engine, officer: Officer, case_id: str) -> list[ConsentView]:
    with transaction(engine) as session:
        key = open_case(
            session=session, case_id=case_id, principal_id=officer.person.id, keys=officer.keys
        )
        return requests_of(session=session, case_id=case_id, case_key=key)


def _answer(client: TestClient, request_id: str, choice: str):
    page = client.get("/case")
    return client.post(
        f"/case/consents/{request_id}",
        data={"answer": choice, "csrf_token": csrf_token(page.text)},
        follow_redirects=False,
    )


def _refer_on_consent(session, key, officer: Officer, case_id: str, request_id: str, *, tmp_path):
    """The officer records a referral of the report to Investigations on that consent."""
    return record(
        session=session,
        case_id=case_id,
        case_key=key,
        officer_id=officer.person.id,
        officer_keys=officer.keys,
        blobs=BlobStore(tmp_path / "blobs"),
        request=ReferralRequest(
            Recipient.INVESTIGATIONS, Basis.CONSENT, "the report", consent_request_id=request_id
        ),
    )


@pytest.fixture
def reporter(client: TestClient, officer: Officer, app) -> tuple[TestClient, str]:
    """A reporter who has sent a report and is logged in again with the receipt."""
    receipt = receipt_from(submit_report(client).text)
    client.cookies.clear()
    assert log_in(client, format_receipt(receipt)).status_code == 303
    return client, _case_id(app.state.engine)


def test_reporter_consents_and_the_referral_is_recorded(
    reporter, officer: Officer, app, tmp_path
) -> None:
    """End to end: the officer asks, the reporter agrees in the gateway, the referral is logged."""
    client, case_id = reporter
    engine = app.state.engine
    request_id = _ask(engine, officer, case_id)

    page = client.get("/case")
    answered = _answer(client, request_id, "give")
    with transaction(engine) as session:
        key = open_case(
            session=session, case_id=case_id, principal_id=officer.person.id, keys=officer.keys
        )
        referral = _refer_on_consent(session, key, officer, case_id, request_id, tmp_path=tmp_path)
        archive = b"".join(
            export_stream(
                session=session,
                referral_id=referral.id,
                case_key=key,
                blobs=BlobStore(tmp_path / "blobs"),
            )
        )
        verified = verify_consent_log(session=session)
    after = client.get("/case")

    assert "share my identity and the report with the Office of Investigations" in page.text
    assert answered.status_code == 303
    assert _views(engine, officer, case_id)[0].state is Answer.GIVEN
    assert archive.startswith(b"PK")
    assert verified.count == 1
    assert "already acted on this consent" in after.text


def test_refusal_is_recorded_and_final(reporter, officer: Officer, app) -> None:
    """A refused request is signed and cannot be answered again."""
    client, case_id = reporter
    request_id = _ask(app.state.engine, officer, case_id)

    refused = _answer(client, request_id, "refuse")
    again = _answer(client, request_id, "give")

    assert refused.status_code == 303
    assert again.status_code == 409
    assert "already been answered" in again.text
    assert _views(app.state.engine, officer, case_id)[0].state is Answer.REFUSED


def test_withdrawal_before_use(reporter, officer: Officer, app) -> None:
    """A reporter can withdraw a consent that the office has not used."""
    client, case_id = reporter
    request_id = _ask(app.state.engine, officer, case_id)
    _answer(client, request_id, "give")

    withdrawn = _answer(client, request_id, "withdraw")

    assert withdrawn.status_code == 303
    assert _views(app.state.engine, officer, case_id)[0].state is Answer.WITHDRAWN


@pytest.mark.parametrize("choice", ["maybe", ""], ids=["unknown", "empty"])
def test_unknown_answers_are_refused(reporter, officer: Officer, app, choice: str) -> None:
    """Only give, refuse and withdraw are answers."""
    client, case_id = reporter
    request_id = _ask(app.state.engine, officer, case_id)

    response = _answer(client, request_id, choice)

    assert response.status_code == 400
    assert _views(app.state.engine, officer, case_id)[0].state is None


def test_request_of_another_case_is_refused(reporter, officer: Officer, app) -> None:
    """A reporter cannot answer a request that belongs to someone else's case."""
    client, _case_id_ = reporter
    other = TestClient(app, base_url="https://testserver")
    submit_report(other)
    with Session(app.state.engine) as session:
        cases = [c.id for c in session.exec(select(Case))]
    foreign = next(c for c in cases if c != _case_id_)
    request_id = _ask(app.state.engine, officer, foreign)

    response = _answer(client, request_id, "give")

    assert response.status_code == 409
    assert re.search("no such request", response.text, re.I)
    assert _views(app.state.engine, officer, foreign)[0].state is None


def test_request_reads_in_the_reporters_language_and_its_consent_still_verifies(
    reporter, officer: Officer, app, tmp_path
) -> None:
    """A French reader sees the sentence in French around the officer's own words; the
    answer's MAC binds the recorded English sentence, so the consent backs a referral."""
    client, case_id = reporter
    engine = app.state.engine
    request_id = _ask(engine, officer, case_id)

    page = client.get("/case", headers={"Accept-Language": "fr"})
    answered = _answer(client, request_id, "give")
    with transaction(engine) as session:
        key = open_case(
            session=session, case_id=case_id, principal_id=officer.person.id, keys=officer.keys
        )
        referral = _refer_on_consent(session, key, officer, case_id, request_id, tmp_path=tmp_path)
        verified = verify_consent_log(session=session)

    assert "J&#39;accepte que le Bureau de la déontologie communique" in page.text
    assert "my identity and the report" in page.text  # the officer's words, as written
    assert "I agree that the Ethics Office" not in page.text
    assert CONTENT.text().startswith("I agree that the Ethics Office may share my identity")
    assert answered.status_code == 303
    assert referral.id and verified.count == 1
