"""Advice to a filer's supervisor is a referral: the consent log names what, to whom and why.

The whole journey through both apps: the filer files, the assigned officer gives advice
(sealed; the filer's email says only that there is something to read), then sends that
advice, and only it, to the filer's supervisor: refused without a basis, recorded with the
filer's consent (asked in the console, signed by the filer on the gateway) or with an
exception a second officer approves. The consent log verifies, the export holds the advice
and nothing of the statement, and no email carries the advice.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from casework.cases.messages import Author, Message
from casework.disclosure.tables import DisclosureStatement
from casework.people.office import set_channel_recipients
from casework.people.principals import Role
from casework.referrals.consent import ConsentRequest
from casework.referrals.consent_log import ConsentEntry, verify_consent_log
from casework.referrals.recording import Referral
from casework.store.db import transaction
from confide.settings import Settings
from gateway.app import create_app as create_gateway
from reviewer_console.app import create_app as create_console
from tests.conftest import OfficeFixture, Person
from tests.gateway.conftest import csrf_token
from tests.gateway.filerkit import (
    accept,
    invitation_path,
    mailing,
    open_cycle_with_roster,
    post_form,
    statement_path_of,
)
from tests.mailbox import Mailbox
from tests.reviewer_console.consolekit import BASE_URL, Console

ADVICE = "ADVICE-CANARY: divest the Supplier X shares within 60 days."
STATEMENT_CANARY = "STATEMENT-CANARY Supplier X"
SUPERVISOR = {"recipient": "supervisor", "recipient_name": "Sam Supervisor"}


def _referral(console: Console, case_id: str, **fields: str):
    """Record a referral of the advice message alone to the supervisor."""
    with transaction(console.engine) as session:
        advice_id = session.exec(
            select(Message.id).where(Message.case_id == case_id, Message.author == Author.OFFICE)
        ).one()
    data = {**SUPERVISOR, "what": "the advice given on the 2026 statement", **fields}
    return console.post(f"/cases/{case_id}/referrals", {**data, "message": advice_id})


def _log(engine) -> list[ConsentEntry]:
    """The consent log, checked first (chain, signatures and seals)."""
    with transaction(engine) as session:
        verify_consent_log(session=session)
        return list(session.exec(select(ConsentEntry).order_by(ConsentEntry.id)))


@dataclass
class Advised:
    """Both apps, the filer's statement page, the advised case, and the two officers."""

    gateway: TestClient
    console: Console
    path: str
    case_id: str
    officer: Person
    second: Person
    advised: Any


@pytest.fixture
def advised(settings: Settings, office: OfficeFixture, mailbox: Mailbox) -> Iterator[Advised]:
    """Ana filed a gift; Olga (one of two officers holding the statement) gave advice."""
    settings = mailing(settings, mailbox)
    officer, second = office.person("olga", Role.OFFICER), office.person("piet", Role.OFFICER)
    with transaction(office.engine) as session:
        set_channel_recipients(
            session=session, channel="disclosure", principal_ids=[officer.id, second.id]
        )
    open_cycle_with_roster(office, settings, mailbox)
    with (
        TestClient(create_gateway(settings), base_url=BASE_URL) as gateway,
        TestClient(create_console(settings), base_url=BASE_URL) as console_client,
    ):
        accept(gateway, invitation_path(mailbox, "ana.alvarez@example.org"))
        path = statement_path_of(gateway)
        gift = {"gifts.0.giver": STATEMENT_CANARY, "gifts.0.description": "Pen"}
        post_form(gateway, path, {**gift, "intent": "file", "certify": "yes"})
        console = Console(console_client, settings, office.engine)
        console.act_as(officer)
        with transaction(office.engine) as session:
            case_id = session.exec(select(DisclosureStatement.case_id)).one()
        response = console.post(f"/cases/{case_id}/disclosure/advice", {"advice": ADVICE})
        yield Advised(gateway, console, path, case_id, officer, second, response)


def _no_advice_in_mail(mailbox: Mailbox) -> bool:
    """Mail went out (the filer's notices), and none of it names the advice or the supervisor."""
    bodies = [Mailbox.body(m) for m in mailbox.messages]
    return bool(bodies) and not any(ADVICE in b or "Sam Supervisor" in b for b in bodies)


def test_without_a_basis_nothing_is_sent(advised: Advised, mailbox: Mailbox) -> None:
    """No basis, no consent given, or a message of no such case: refused, nothing recorded."""
    no_basis = _referral(advised.console, advised.case_id)
    no_consent = _referral(advised.console, advised.case_id, basis="consent")
    foreign = advised.console.post(
        f"/cases/{advised.case_id}/referrals",
        {
            **SUPERVISOR,
            "what": "a message of another case",
            "basis": "danger_to_person",
            "justification": "a colleague at risk",
            "message": "not-a-message-of-this-case",
        },
    )
    with transaction(advised.console.engine) as session:
        referrals = session.exec(select(Referral)).all()

    assert advised.advised.status_code == 303
    assert no_basis.status_code == 400 and no_consent.status_code == 400
    assert "choose the consent" in no_consent.text.lower()
    assert foreign.status_code == 400 and "not on this case" in foreign.text
    assert referrals == [] and _log(advised.console.engine) == []
    assert _no_advice_in_mail(mailbox)


def test_with_the_filers_consent(advised: Advised, mailbox: Mailbox) -> None:
    """The filer signs a consent on the gateway; the referral is logged; its export: the advice."""
    console, case_id = advised.console, advised.case_id
    console.post(
        f"/cases/{case_id}/consents",
        {**SUPERVISOR, "what": "the advice given on your statement", "why": "to follow it up"},
    )
    filer_page = advised.gateway.get(advised.path)
    with transaction(console.engine) as session:
        request_id = session.exec(select(ConsentRequest.id)).one()
    forged = advised.gateway.post(
        f"{advised.path}/consents/{request_id}", data={"answer": "give"}, follow_redirects=False
    )
    early = _referral(console, case_id, basis="consent", consent=request_id)
    given = advised.gateway.post(
        f"{advised.path}/consents/{request_id}",
        data={"answer": "give", "csrf_token": csrf_token(filer_page.text)},
        follow_redirects=False,
    )
    recorded = _referral(console, case_id, basis="consent", consent=request_id)
    log = _log(console.engine)
    link = re.search(
        r'href="(/cases/\w+/referrals/\w+/export)"', console.get(f"/cases/{case_id}/referrals").text
    )
    assert link is not None
    archive = zipfile.ZipFile(io.BytesIO(console.get(link[1]).content))
    contents = b"".join(archive.read(name) for name in archive.namelist())

    assert "I agree that the Ethics Office may share" in filer_page.text
    assert forged.status_code == 403 and early.status_code == 400
    assert given.status_code == 303 and recorded.status_code == 303
    assert [(e.recipient, e.basis, e.case_id) for e in log] == [("supervisor", "consent", case_id)]
    assert log[0].consent_request_id == request_id and log[0].consent_signature
    assert ADVICE.encode() in contents and b"Sam Supervisor" in contents
    assert STATEMENT_CANARY.encode() not in contents
    assert "answers.json" not in archive.namelist()
    assert _no_advice_in_mail(mailbox)


def test_with_an_exception_a_second_officer_approves(advised: Advised, mailbox: Mailbox) -> None:
    """An exception waits, with no effect, until a second officer approves it."""
    console, case_id = advised.console, advised.case_id
    recorded = _referral(
        console, case_id, basis="danger_to_person", justification="a colleague at risk"
    )
    waiting = _log(console.engine)
    with transaction(console.engine) as session:
        pending = session.exec(select(Referral)).one()
    self_approved = console.post(f"/cases/{case_id}/referrals/{pending.id}/approve")
    console.act_as(advised.second)
    approved = console.post(f"/cases/{case_id}/referrals/{pending.id}/approve")
    log = _log(console.engine)

    assert recorded.status_code == 303 and waiting == []
    assert self_approved.status_code == 400
    assert approved.status_code == 303
    assert [(e.recipient, e.basis, e.approved_by) for e in log] == [
        ("supervisor", "danger_to_person", advised.second.id)
    ]
    assert _no_advice_in_mail(mailbox)
