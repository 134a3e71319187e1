"""Each of the office's own channels in a real Chromium with JavaScript off: a refused answer
is shown next to its field with the rest kept, then the form is sent, the receipt shown, and
the receipt opens the request again."""

from __future__ import annotations

import re

import pytest

from tests.gateway.channel_answers import CHANNEL_ANSWERS
from tests.livekit import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def _fill(page, answers: dict[str, str | list[str]]) -> None:
    """Answer as a person would: click radios, pick from lists, type the rest."""
    for name, value in answers.items():
        assert isinstance(value, str)
        element = page.locator(f'[name="{name}"]').first
        kind = element.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind == "input:radio":
            page.check(f'input[name="{name}"][value="{value}"]')
        elif kind.startswith("select"):
            page.select_option(f'[name="{name}"]', value)
        else:
            page.fill(f'[name="{name}"]', value)


def test_every_channel_without_javascript(live_gateway: str) -> None:
    """Five channels: each form sends with JavaScript off, and each receipt opens its request."""
    from playwright.sync_api import sync_playwright

    receipts: dict[str, str] = {}
    followed: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=False, ignore_https_errors=True)
        page = context.new_page()
        try:
            for channel, answers in CHANNEL_ANSWERS.items():
                context.clear_cookies()
                page.goto(f"{live_gateway}/report/{channel}")
                _fill(page, answers)
                page.click("form button[type=submit]")
                receipts[channel] = page.inner_text("#receipt")
                context.clear_cookies()
                page.goto(live_gateway + "/followup")
                page.fill("#receipt", receipts[channel])
                page.click("form button[type=submit]")
                followed[channel] = page.url
        finally:
            context.close()
            browser.close()

    for channel in CHANNEL_ANSWERS:
        assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4} \d{4}", receipts[channel].strip()), channel
        assert followed[channel].endswith("/case"), channel


def test_refused_money_and_dates_keep_the_rest_without_javascript(live_gateway: str) -> None:
    """A negative amount and a range ending before it starts are named; the rest is kept."""
    from playwright.sync_api import sync_playwright

    answers = {
        **CHANNEL_ANSWERS["outside-activity"],
        "amount.amount": "-50",
        "dates.from": "2025-06-30",
        "dates.to": "2025-01-10",
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=False, ignore_https_errors=True)
        page = context.new_page()
        try:
            page.goto(f"{live_gateway}/report/outside-activity")
            _fill(page, answers)
            page.click("form button[type=submit]")
            amount_error = page.inner_text("#e-amount")
            dates_error = page.inner_text("#e-dates")
            kept = {
                "organisation": page.input_value("#f-organisation"),
                "relation": page.input_value("#f-relation"),
                "currency": page.input_value("#f-amount-currency"),
                "identity_email": page.input_value("#f-identity_email"),
            }
        finally:
            context.close()
            browser.close()

    assert amount_error == "Enter a number of at least 0."
    assert dates_error == "The end date cannot be before the start date."
    assert kept == {
        "organisation": "University of Nairobi",
        "relation": "None: the university is not a partner of my unit.",
        "currency": "USD",
        "identity_email": "amina.diallo@example.org",
    }
