"""The office's own channels at the gateway: each form gives a receipt and stores a case with
its category, clear facts and sealed identity; bad input gets an error per field, input kept."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from casework.cases.envelope import Case, CaseRecord, RecordKind
from casework.cases.facts import facts_of
from casework.store.clock import today
from tests.gateway.channel_answers import CATEGORY, CHANNEL_ANSWERS
from tests.gateway.conftest import receipt_from, submit_report

CHANNELS = sorted(CHANNEL_ANSWERS)
FIELD_ERROR = re.compile(r'<p class="field-error" id="e-([^"]+)">([^<]+)</p>')


def _errors(html: str) -> dict[str, str]:
    return {key: unescape(message) for key, message in FIELD_ERROR.findall(html)}


def _only_case(engine) -> Case:
    with Session(engine) as session:
        return session.exec(select(Case)).one()


@pytest.mark.parametrize("channel", CHANNELS)
def test_each_channel_gives_a_receipt_and_stores_its_case(
    client: TestClient, engine, channel: str
) -> None:
    """A valid form gives a receipt; the case has the channel, category and a sealed answer."""
    response = submit_report(client, CHANNEL_ANSWERS[channel], form_id=channel)

    assert response.status_code == 200, response.text
    assert len(receipt_from(response.text)) == 20
    acknowledge_by = today().toordinal() + 7
    assert f"acknowledge it by {today().fromordinal(acknowledge_by).isoformat()}" in response.text
    case = _only_case(engine)
    assert (case.channel, case.category) == (channel, CATEGORY[channel])
    with Session(engine) as session:
        kinds = [
            r.kind for r in session.exec(select(CaseRecord).where(CaseRecord.case_id == case.id))
        ]
        blob = b"".join(r.ciphertext for r in session.exec(select(CaseRecord)))
    assert RecordKind.ANSWERS in kinds
    for value in CHANNEL_ANSWERS[channel].values():
        if isinstance(value, str) and len(value) > 12:
            assert value.encode() not in blob


@pytest.mark.parametrize("channel", ["protection", "outside-activity", "gift"])
def test_named_channels_seal_the_identity_apart(client: TestClient, engine, channel: str) -> None:
    """Where the office must know who asks, the identity is its own sealed record."""
    submit_report(client, CHANNEL_ANSWERS[channel], form_id=channel)

    case = _only_case(engine)
    with Session(engine) as session:
        kinds = sorted(r.kind for r in session.exec(select(CaseRecord)))
    assert kinds == [RecordKind.ANSWERS, RecordKind.IDENTITY]
    assert case.channel == channel


def test_protection_keeps_urgent_risk_as_a_clear_fact(client: TestClient, engine) -> None:
    """The urgent-risk answer is clear metadata, so the case page can show it first."""
    submit_report(client, CHANNEL_ANSWERS["protection"], form_id="protection")

    case = _only_case(engine)
    with Session(engine) as session:
        assert facts_of(session=session, case_id=case.id) == {"urgent_risk": "yes"}


def test_advice_may_be_anonymous(client: TestClient, engine) -> None:
    """An advice request without the "about you" section stores no identity record."""
    submit_report(client, CHANNEL_ANSWERS["advice"], form_id="advice")

    with Session(engine) as session:
        kinds = [r.kind for r in session.exec(select(CaseRecord))]
    assert kinds == [RecordKind.ANSWERS]


INVALID = [
    ("advice", {"topic": ""}, {"topic": "This answer is required."}),
    ("advice", {"topic": "lunch"}, {"topic": "Choose one of the options."}),
    (
        "protection",
        {"identity_name": "", "identity_email": "", "identity_position": ""},
        {
            "identity_name": "This answer is required.",
            "identity_email": "This answer is required.",
            "identity_position": "This answer is required.",
        },
    ),
    ("protection", {"urgent_risk": ""}, {"urgent_risk": "This answer is required."}),
    (
        "protection",
        {"protected_activity_on": "2999-01-01"},
        {"protected_activity_on": "The date cannot be in the future."},
    ),
    ("outside-activity", {"amount.amount": "-50"}, {"amount": "Enter a number of at least 0."}),
    (
        "outside-activity",
        {"amount.currency": "XYZ"},
        {"amount": "Choose a currency from the list."},
    ),
    ("outside-activity", {"amount.amount": ""}, {"amount": "This answer is required."}),
    (
        "outside-activity",
        {"dates.from": "2025-06-30", "dates.to": "2025-01-10"},
        {"dates": "The end date cannot be before the start date."},
    ),
    ("outside-activity", {"hours": "1000"}, {"hours": "Enter a number of at most 744."}),
    ("gift", {"value.amount": "-1"}, {"value": "Enter a number of at least 0."}),
    ("gift", {"value.currency": "EURO"}, {"value": "Choose a currency from the list."}),
    (
        "gift",
        {"offered_on": "2024-02-30"},
        {"offered_on": "Enter a date as YYYY-MM-DD, for example 2024-03-31."},
    ),
    ("gift", {"handling": ""}, {"handling": "This answer is required."}),
]


@pytest.mark.parametrize(
    ("channel", "changes", "expected"),
    INVALID,
    ids=[
        "advice-no-topic",
        "advice-unknown-topic",
        "protection-no-identity",
        "protection-no-urgent-risk",
        "protection-future-date",
        "outside-negative-amount",
        "outside-unknown-currency",
        "outside-paid-without-amount",
        "outside-range-ends-before-start",
        "outside-too-many-hours",
        "gift-negative-value",
        "gift-unknown-currency",
        "gift-impossible-date",
        "gift-no-handling",
    ],
)
def test_invalid_input_gets_an_error_per_field_and_keeps_the_rest(
    client: TestClient, engine, channel: str, changes: dict[str, str], expected: dict[str, str]
) -> None:
    """Each bad answer is named next to its field; every other answer is shown back; no case."""
    answers = {**CHANNEL_ANSWERS[channel], **changes}

    response = submit_report(client, answers, form_id=channel)

    assert response.status_code == 422
    assert _errors(response.text) == expected
    page = unescape(response.text)
    for name, value in answers.items():
        if name not in changes and isinstance(value, str) and len(value) > 3:
            assert value in page, f"{name} was not kept"
    with Session(engine) as session:
        assert session.exec(select(Case)).first() is None


def test_unpaid_activity_needs_no_amount(client: TestClient, engine) -> None:
    """The amount applies only to a paid activity; an unpaid one is stored without it."""
    answers = {**CHANNEL_ANSWERS["outside-activity"], "paid": "no", "amount.amount": "99"}

    response = submit_report(client, answers, form_id="outside-activity")

    assert response.status_code == 200
    assert _only_case(engine).category == "no"


def test_landing_lists_every_channel(client: TestClient) -> None:
    """The front door links to each of the office's channels."""
    page = client.get("/").text

    for channel in CHANNELS:
        assert f'href="/report/{channel}"' in page
