"""A filer who lost their password: a new invitation, new keys, and the office's re-grant."""

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
from gateway.app import create_app as create_gateway
from reviewer_console.app import create_app as create_console
from tests.conftest import OfficeFixture
from tests.gateway.filerkit import (
    accept,
    invitation_path,
    open_cycle_with_roster,
    post_form,
    statement_path_of,
)
from tests.mailbox import Mailbox
from tests.reviewer_console.consolekit import BASE_URL, Console


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
            case_id = session.exec(select(DisclosureStatement.case_id)).one()
        gateway.cookies.clear()
        accept(
            gateway, invitation_path(mailbox, "ana.alvarez@example.org"), "new meadow falcon ribbon"
        )
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
