"""In a real Chromium, officers read questions and labels, never field ids or stored codes.

The case is made from a real submission of the report form (validated and serialised as the
gateway does), so the answers document is exactly what a reporter's browser produces.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casework.store.clock import today
from confide.settings import Settings
from intake_forms import answers_bytes, get_form, identity_bytes, validate
from reviewer_console.app import create_app
from reviewer_console.people.sessions import COOKIE_NAME
from tests.conftest import OfficeFixture
from tests.factories import receipt_secrets, submit
from tests.livekit import CHROMIUM, CHROMIUM_ARGS, require_chromium, serving
from tests.reviewer_console.consolekit import session_cookie

pytestmark = pytest.mark.browser

SENT = {
    "category": ["fraud"],
    "what": ["Invoices were paid twice."],
    "where_country": ["AD"],
    "how_known": ["documents", "told"],
    "reported_elsewhere": ["no"],
    "share_identity": ["yes"],
    "identity_contact": ["a reachable address"],
}
CODES = ("documents", "told", "fraud", "AD", "no", "received")  # stored values, shown alone
FIELD_IDS = ("how known", "how_known", "where country", "where_country", "reported elsewhere")


def _case(office: OfficeFixture, settings: Settings, officer_id: str) -> str:
    validated = validate(get_form("report"), SENT, today=today())
    assert validated.ok
    _receipt, secrets = receipt_secrets(office.office_salt, settings.pepper)
    case_id, _key = submit(
        office.engine,
        secrets,
        answers=answers_bytes(validated),
        identity=identity_bytes(validated),
        recipients=[officer_id],
    )
    return case_id


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_case_page_shows_labels_not_codes(
    settings: Settings, office: OfficeFixture, tmp_path: Path, javascript: bool
) -> None:
    """Answers, category, status, outcomes and reveal reasons are shown with their labels."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    olga = office.person("olga")
    case_id = _case(office, settings, olga.id)
    cookie = session_cookie(office.engine, settings, olga)
    with serving(create_app(settings), tmp_path) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=javascript, ignore_https_errors=True)
        context.add_cookies(
            [{"name": COOKIE_NAME, "value": cookie, "url": base, "secure": True, "httpOnly": True}]
        )
        page = context.new_page()
        try:
            page.goto(f"{base}/cases/{case_id}")
            answers = page.inner_text("dl.answers")
            heading = page.inner_text("#case-main > p")
            reasons = page.inner_text("#reason")
            page.select_option("#reason", "follow_up_needs_contact")
            page.click("#identity button[type=submit]")
            page.wait_for_selector("#identity dl.answers")
            identity = page.inner_text("#identity")
            outcomes = page.inner_text("#outcome")
            inbox = page.goto(f"{base}/inbox") and page.inner_text("#case-list")
        finally:
            context.close()
            browser.close()

    for label in (
        "What kind of wrongdoing is it?",
        "Fraud or corruption",
        "In which country?",
        "Andorra",
        "How do you know about it?",
        "I have seen documents",
        "Someone told me",
        "Have you reported this anywhere else?",
    ):
        assert label in answers
    assert "Fraud or corruption" in heading and "Received" in heading
    assert "The follow-up needs contact with the reporter" in reasons
    assert "How can we contact you?" in identity and "a reachable address" in identity
    assert "Referred for investigation" in outcomes or "No further action" in outcomes
    assert "Fraud or corruption" in inbox and "Received" in inbox
    for text in (answers, heading, identity, inbox):
        cells = {cell.strip() for cell in re.split(r"[\n\t·]", text)}
        assert not cells & set(CODES), (cells & set(CODES), text)
        assert not [i for i in FIELD_IDS if i in text.lower()], text
    assert "follow up needs contact" not in reasons and "follow_up" not in reasons
