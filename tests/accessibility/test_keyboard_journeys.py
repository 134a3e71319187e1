"""A keyboard-only person (Tab, Enter, Space, and typing) sends a report and reads its
receipt, and a filer files a nothing-to-disclose statement, in a real Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from casework.channels.registry import all_policies
from casework.disclosure.statements import statement_of
from casework.people.office import set_channel_recipients
from casework.store.db import transaction
from confide.settings import Settings
from gateway.app import create_app
from tests.accessibility.keyboard import focused, press, tab_to, write
from tests.browserkit import browser_page
from tests.conftest import OfficeFixture
from tests.gateway.filerkit import PASSWORD, invitation_path, open_cycle_with_roster
from tests.livekit import require_chromium, serving
from tests.mailbox import Mailbox

pytestmark = pytest.mark.browser
SEND = "form[data-progress] button[type=submit]"


@pytest.fixture
def gateway(settings: Settings, office: OfficeFixture, tmp_path: Path) -> Iterator[str]:
    """The gateway under uvicorn, every channel routed to one officer."""
    require_chromium()
    officer = office.person("olga")
    with transaction(office.engine) as session:
        for policy in all_policies():
            set_channel_recipients(session=session, channel=policy.id, principal_ids=[officer.id])
    with serving(create_app(settings), tmp_path) as url:
        yield url


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_report_sent_and_its_receipt_read_with_the_keyboard(gateway: str) -> None:
    """Skip link, the form (refused once, corrected from the error summary), the receipt."""
    with browser_page(js=True) as page:
        page.goto(gateway + "/")
        tab_to(page, "a.skip-link")
        press(page, "Enter")
        skipped_to_main = focused(page, "main")
        tab_to(page, "main a[href='/report/report']")
        press(page, "Enter", navigates=True)
        tab_to(page, "#f-what")
        write(page, "Invoices were paid twice to the same supplier.")
        tab_to(page, SEND)
        press(page, "Enter", navigates=True)
        summary_focused = focused(page, "#error-summary")
        tab_to(page, "#error-summary a")
        press(page, "Enter")
        in_first_choice = focused(page, "input[name=category]")
        press(page, "Space")
        tab_to(page, "input[name=reported_elsewhere]")
        press(page, "Space")
        tab_to(page, "#f-reported_where")
        write(page, "To my manager")
        tab_to(page, SEND)
        press(page, "Enter", navigates=True)
        receipt = page.inner_text("#receipt")
        tab_to(page, "main a[href='/case']")
        press(page, "Enter", navigates=True)
        case_url = page.url

    assert skipped_to_main and summary_focused and in_first_choice
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4} \d{4}", receipt.strip())
    assert case_url.endswith("/case")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_nothing_to_disclose_filed_with_the_keyboard(
    gateway: str, office: OfficeFixture, settings: Settings, mailbox: Mailbox, js: bool
) -> None:
    """Set a password from the invitation, open the statement, certify and file."""
    roster = open_cycle_with_roster(office, settings, mailbox)
    link = invitation_path(mailbox, "ana.alvarez@example.org")
    with browser_page(js=js) as page:
        page.goto(gateway + link)
        tab_to(page, "#password")
        write(page, PASSWORD)
        tab_to(page, "#confirm")
        write(page, PASSWORD)
        tab_to(page, "main form button[type=submit]")
        press(page, "Enter", navigates=True)
        tab_to(page, "main a[href^='/filer/statements/']")
        press(page, "Enter", navigates=True)
        tab_to(page, "#nothing input[name=certify]")
        press(page, "Space")
        tab_to(page, "#file-nothing")
        press(page, "Enter", navigates=True)
        filed = page.is_visible("#filed")

    assert filed
    with transaction(office.engine) as session:
        statement = statement_of(session=session, filer_id=roster.filers["S100"])
        assert statement is not None and statement.nothing_to_disclose
