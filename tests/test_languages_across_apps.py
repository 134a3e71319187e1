"""Across both apps: the officer sees which language the reporter wrote in, and an officer's
console language is the language of their emails."""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from starlette.testclient import TestClient

from casework.cases.envelope import Case
from casework.notifications.reminders import DueCase, digest
from casework.people.office import set_channel_recipients
from casework.people.principals import Principal
from casework.store.db import transaction
from confide.settings import Settings
from confide.web.language import LANGUAGE_COOKIE
from gateway.app import create_app as create_gateway
from reviewer_console.app import create_app as create_console
from tests.conftest import OfficeFixture
from tests.gateway.conftest import report_and_reply_in
from tests.reviewer_console.consolekit import BASE_URL, Console


def test_the_case_page_says_which_language_the_reporter_wrote_in(
    settings: Settings, office: OfficeFixture
) -> None:
    """A report and a reply sent in Spanish read "Written in Spanish" for the officer."""
    officer = office.person("officer")
    with transaction(office.engine) as session:
        set_channel_recipients(session=session, channel="report", principal_ids=[officer.id])
    with (
        TestClient(create_gateway(settings), base_url=BASE_URL) as gateway,
        TestClient(create_console(settings), base_url=BASE_URL) as console_client,
    ):
        report_and_reply_in(gateway, "es", "Hola")
        with transaction(office.engine) as session:
            case_id = session.exec(select(Case)).one().id
        console = Console(console_client, settings, office.engine)
        console.act_as(officer)

        shown = console.get(f"/cases/{case_id}").text

    assert '<p class="help" id="answers-language">Written in Spanish: reply in it.</p>' in shown
    assert "Reporter, written in Spanish" in shown
    assert '<p class="message" lang="es">Hola</p>' in shown


def test_an_officer_s_choice_is_their_console_and_their_email_language(
    settings: Settings, office: OfficeFixture
) -> None:
    """Choosing French while signed in sets the page language and the digest's language."""
    officer = office.person("officer")
    with TestClient(create_console(settings), base_url=BASE_URL) as console_client:
        console = Console(console_client, settings, office.engine)
        console.act_as(officer)

        chosen = console.get("/language/fr?next=/inbox")
        inbox = console.get("/inbox")

    with transaction(office.engine) as session:
        language = session.get(Principal, officer.id).language  # type: ignore[union-attr]
    mail = digest(
        "o@example.org", [DueCase(date(2026, 1, 1), "c" * 32)], date(2026, 1, 2), language
    )
    assert chosen.status_code == 303 and chosen.headers["location"] == "/inbox"
    assert chosen.headers["set-cookie"].startswith(f"{LANGUAGE_COOKIE}=fr;")
    assert '<html lang="fr" dir="ltr">' in inbox.text
    assert language == "fr" and mail.language == "fr"
