"""A real Chromium with JavaScript disabled reports, keeps the receipt, comes back and replies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from confide.settings import Settings
from gateway.app import create_app
from tests.livekit import CHROMIUM, CHROMIUM_ARGS, require_chromium, serving

pytestmark = pytest.mark.browser


@pytest.fixture
def live_gateway(gateway_settings: Settings, office, tmp_path: Path) -> Iterator[str]:
    """The real app under uvicorn with a self-signed certificate, in a background thread."""
    require_chromium()
    with serving(create_app(gateway_settings), tmp_path) as base:
        yield base


def test_report_receipt_login_and_reply_without_javascript(live_gateway: str) -> None:
    """With JavaScript off, the whole reporter journey works in a real browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=False, ignore_https_errors=True)
        page = context.new_page()
        try:
            page.goto(live_gateway + "/")
            page.click("text=Report suspected wrongdoing")
            page.check("input[name=category][value=misuse]")
            page.fill("#f-what", "Vehicles of the office are used for private trips.")
            page.select_option("#f-where_country", "KE")
            page.check("input[name=reported_elsewhere][value=no]")
            page.set_input_files(
                "#f-evidence",
                files=[
                    {"name": "logbook.txt", "mimeType": "text/plain", "buffer": b"km 1200-1800"}
                ],
            )
            page.click("text=Send the report")
            receipt = page.inner_text("#receipt")
            cookies = {c["name"]: c for c in context.cookies()}

            context.clear_cookies()
            page.goto(live_gateway + "/followup")
            page.fill("#receipt", receipt)
            page.click("text=Open my report")
            case_url = page.url
            case_text = page.inner_text("main")
            page.fill("#reply-body", "The trips happen every Friday.")
            page.click("#dialogue button[type=submit]")
            after = page.inner_text("#dialogue")
        finally:
            context.close()
            browser.close()

    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4} \d{4}", receipt.strip())
    session_cookie = cookies["__Host-confide-r"]
    assert session_cookie["secure"] and session_cookie["httpOnly"]
    assert session_cookie["sameSite"] == "Strict"
    assert case_url.endswith("/case")
    assert "logbook.txt" in case_text
    assert "The trips happen every Friday." in after


def test_htmx_shows_a_refused_reply_in_place(live_gateway: str) -> None:
    """With JavaScript on, an empty reply sent through htmx shows its error in the dialogue."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=True, ignore_https_errors=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            page.goto(live_gateway + "/report/report")
            page.check("input[name=category][value=fraud]")
            page.fill("#f-what", "Invoices were paid twice.")
            page.check("input[name=reported_elsewhere][value=no]")
            page.click("text=Send the report")
            page.goto(live_gateway + "/case")
            page.fill("#reply-body", "   ")
            page.click("#dialogue button[type=submit]")
            page.wait_for_selector("#reply-error", timeout=10_000)
            shown = page.inner_text("#reply-error")
        finally:
            context.close()
            browser.close()

    assert "Write your answer before sending it." in shown
    assert not [e for e in errors if "Content Security Policy" in e]
