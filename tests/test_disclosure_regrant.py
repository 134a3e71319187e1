"""A filer who lost their password: a new invitation, new keys, and the office's re-grant.

Filed statements come back through an officer's grant; an unfiled draft, which no officer
can read, through the office recovery code on the cycle page.
"""

from __future__ import annotations

from sqlmodel import select
from starlette.testclient import TestClient

from casework.disclosure.cycles import get_cycle
from casework.disclosure.tables import DisclosureFiler, DisclosureStatement
from casework.notifications.disclosure import invite_filer
from casework.people.office import set_channel_recipients
from casework.people.principals import Role
from casework.store.db import transaction
from confide.settings import Settings
from crypto.seedwrap import generate_recovery
from gateway.app import create_app as create_gateway
from reviewer_console.app import create_app as create_console
from tests.conftest import OfficeFixture
from tests.gateway.filerkit import (
    Roster,
    accept,
    invitation_path,
    open_cycle_with_roster,
    post_form,
    statement_path_of,
)
from tests.mailbox import Mailbox
from tests.reviewer_console.consolekit import BASE_URL, Console

NEW_PASSWORD = "new meadow falcon ribbon"


def _reinvite(
    office: OfficeFixture, settings: Settings, mailbox: Mailbox, roster: Roster, gateway: TestClient
) -> None:
    """Ana lost her password: the director invites her again and she sets a new one."""
    with transaction(office.engine) as session:
        filer = session.get(DisclosureFiler, roster.filers["S100"])
        cycle = get_cycle(session=session, cycle_id=roster.cycle_id)
        assert filer is not None and cycle is not None
        invite_filer(
            session=session,
            pepper=settings.pepper,
            filer=filer,
            cycle=cycle,
            invited_by=roster.director_id,
            smtp=mailbox.smtp,
            gateway_url="https://gw.example.org",
        )
    gateway.cookies.clear()
    accept(gateway, invitation_path(mailbox, "ana.alvarez@example.org"), NEW_PASSWORD)


def test_reset_then_regrant(settings: Settings, office: OfficeFixture, mailbox: Mailbox) -> None:
    """After a new invitation the statement is withheld until an officer re-grants it."""
    officer = office.person("olga", Role.OFFICER)
    with transaction(office.engine) as session:
        set_channel_recipients(session=session, channel="disclosure", principal_ids=[officer.id])
    roster = open_cycle_with_roster(office, settings, mailbox)
    with (
        TestClient(create_gateway(settings), base_url=BASE_URL) as gateway,
        TestClient(create_console(settings), base_url=BASE_URL) as console_client,
    ):
        accept(gateway, invitation_path(mailbox, "ana.alvarez@example.org"))
        path = statement_path_of(gateway)
        post_form(
            gateway,
            path,
            {
                "gifts.0.giver": "Supplier X",
                "gifts.0.description": "Pen",
                "intent": "file",
                "certify": "yes",
            },
        )
        with transaction(office.engine) as session:
            case_id = session.exec(select(DisclosureStatement.case_id)).one()
        _reinvite(office, settings, mailbox, roster, gateway)
        withheld = gateway.get(path)
        amend = post_form(gateway, path, {"intent": "file", "certify": "yes"})
        console = Console(console_client, settings, office.engine)
        console.act_as(officer)
        regranted = console.post(f"/cases/{case_id}/disclosure/regrant")
        back = gateway.get(path)

    assert withheld.status_code == 200 and 'id="withheld"' in withheld.text
    assert amend.status_code == 409 and "old password" in amend.text
    assert regranted.status_code == 303
    assert 'id="withheld"' not in back.text and "Version 1" in back.text


def test_draft_survives_a_new_invitation(
    settings: Settings, office: OfficeFixture, mailbox: Mailbox
) -> None:
    """A draft saved before a new invitation is withheld, kept, then given back by the director."""
    director = office.person("dina", Role.DIRECTOR)
    roster = open_cycle_with_roster(office, settings, mailbox)
    typed = {"gifts.0.giver": "Supplier X", "gifts.0.description": "Pen", "intent": "save"}
    with (
        TestClient(create_gateway(settings), base_url=BASE_URL) as gateway,
        TestClient(create_console(settings), base_url=BASE_URL) as console_client,
    ):
        accept(gateway, invitation_path(mailbox, "ana.alvarez@example.org"))
        path = statement_path_of(gateway)
        saved = post_form(gateway, path, typed)
        _reinvite(office, settings, mailbox, roster, gateway)
        withheld = gateway.get(path)
        overwrite = post_form(gateway, path, {**typed, "gifts.0.giver": "Someone else"})
        console = Console(console_client, settings, office.engine)
        console.act_as(director)
        cycle_page = console.get(f"/disclosure/{roster.cycle_id}")
        wrong = console.post(
            f"/disclosure/{roster.cycle_id}/drafts/regrant",
            {"recovery_code": generate_recovery()[0]},
        )
        right = console.post(
            f"/disclosure/{roster.cycle_id}/drafts/regrant", {"recovery_code": office.recovery_code}
        )
        back = gateway.get(path)
        again = console.get(f"/disclosure/{roster.cycle_id}")

    assert saved.status_code == 303
    assert 'id="draft-withheld"' in withheld.text and "Supplier X" not in withheld.text
    assert overwrite.status_code == 409 and "old password" in overwrite.text
    assert 'id="drafts-regrant"' in cycle_page.text
    assert wrong.status_code == 400 and "recovery code" in wrong.text
    assert right.status_code == 303 and right.headers["location"].endswith("done=drafts:1")
    assert 'id="draft-withheld"' not in back.text and 'value="Supplier X"' in back.text
    assert 'id="drafts-regrant"' not in again.text
