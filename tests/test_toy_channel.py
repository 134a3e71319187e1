"""A channel added entirely in this test module works end to end in both apps.

The toy channel has its own form (a repeating group with a money field and a clear
category), its own policy (two statuses, a 10-day deadline, two outcomes) and no table of
its own. Nothing outside this module knows it: it is published and registered here, and
the gateway, the console, the workflow, the inbox badges and the statistics take it from
the registries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from casework.channels.policy import (
    CLOSED,
    RECEIVED,
    RECEIVED_MILESTONE,
    ChannelPolicy,
    Code,
    DeadlineRule,
    Status,
)
from casework.channels.registry import register, unregister
from casework.people.office import set_channel_recipients
from casework.statistics.counts import count_cases
from casework.store.db import transaction
from confide.settings import Settings
from gateway.app import create_app as create_gateway
from intake_forms import Choice, Field, FieldKind, Form, publish, withdraw
from reviewer_console.app import create_app as create_console
from tests.conftest import OfficeFixture
from tests.gateway.conftest import BASE_URL, csrf_token, receipt_from
from tests.reviewer_console.consolekit import Console

TOY_FORM = Form(
    id="toy",
    version=1,
    title="Declare a toy",
    intro="A channel that exists only in this test.",
    fields=(
        Field(
            "kind",
            FieldKind.SINGLE_CHOICE,
            "What did you receive?",
            required=True,
            choices=(Choice("gift", "A gift"), Choice("loan", "A loan")),
            clear=True,
        ),
        Field(
            "items",
            FieldKind.GROUP,
            "Items",
            min_entries=1,
            fields=(
                Field("name", FieldKind.TEXT, "Name of the item", required=True),
                Field("worth", FieldKind.MONEY, "What it is worth", required=True),
            ),
        ),
    ),
)
TOY_POLICY = ChannelPolicy(
    id="toy",
    title="Toy declarations",
    statuses=(Status(RECEIVED, "Waiting for a decision"), Status(CLOSED, "Decided")),
    transitions={RECEIVED: (CLOSED,)},
    outcomes=(Code("keep", "May keep it"), Code("return", "Must give it back")),
    deadlines=(DeadlineRule("decision", "decision", after=RECEIVED_MILESTONE, days=10),),
    category_field="kind",
)


@pytest.fixture
def toy() -> Iterator[None]:
    """The toy channel, published and registered for one test only."""
    publish(TOY_FORM)
    register(TOY_POLICY)
    try:
        yield
    finally:
        unregister(TOY_POLICY.id)
        withdraw(TOY_FORM.id)


def _declare(gateway: TestClient) -> str:
    """Fill the toy form as a person would, with JavaScript off; returns the receipt page."""
    page = gateway.get("/report/toy")
    assert page.status_code == 200 and "Declare a toy" in page.text
    first = {"kind": "gift", "items.entries": "1", "items.0.name": "Teddy bear"}
    first |= {"items.0.worth.amount": "12.5", "items.0.worth.currency": "EUR"}
    url = f"/report/toy?csrf_token={csrf_token(page.text)}"

    added = gateway.post(url, data={**first, "_action": "add:items"})

    assert added.status_code == 200 and "entry 2 of 2" in added.text
    assert 'value="Teddy bear"' in added.text and 'id="receipt"' not in added.text
    second = {"items.1.name": "Kite", "items.1.worth.amount": "3", "items.1.worth.currency": "CHF"}
    sent = gateway.post(url, data={**first, "items.entries": "2", **second})
    assert sent.status_code == 200, sent.text
    return sent.text


def test_a_channel_defined_in_a_test_works_in_both_apps(
    toy: None, settings: Settings, office: OfficeFixture
) -> None:
    """Submit at the gateway; badge, labels and transition in the console; then count it."""
    olga = office.person("olga")
    with transaction(office.engine) as session:
        set_channel_recipients(session=session, channel="toy", principal_ids=[olga.id])
    with TestClient(create_gateway(settings), base_url=BASE_URL) as gateway:
        assert "Declare a toy" in gateway.get("/").text
        assert len(receipt_from(_declare(gateway))) == 20

    with TestClient(create_console(settings), base_url=BASE_URL) as client:
        console = Console(client=client, settings=settings, engine=office.engine)
        console.act_as(olga)
        inbox = console.get("/inbox?channel=toy").text
        case_id = re.search(r'href="/cases/([0-9a-f]{32})"', inbox)[1]  # type: ignore[index]
        case_page = console.get(f"/cases/{case_id}").text
        wrong = console.post(f"/cases/{case_id}/status", {"to": CLOSED, "outcome": "no_action"})
        closed = console.post(f"/cases/{case_id}/status", {"to": CLOSED, "outcome": "keep"})
        after = console.get(f"/cases/{case_id}").text

    assert "Toy declarations" in inbox and "Waiting for a decision" in inbox
    assert re.search(r"decision\s+due in 10 days", inbox)
    assert "A gift" in inbox
    for shown in ("Name of the item", "Teddy bear", "12.50 EUR", "Kite", "3.00 CHF", "A gift"):
        assert shown in case_page
    assert ">gift<" not in case_page
    assert wrong.status_code == 400 and "no such outcome" in wrong.text
    assert closed.status_code == 303
    assert "Decided" in after and "May keep it" in after
    with transaction(office.engine) as session:
        counts = count_cases(session=session, by=("channel", "status", "category", "outcome"))
    assert counts == {("toy", CLOSED, "gift", "keep"): 1}
