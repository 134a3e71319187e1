"""A real Chromium with JavaScript disabled reports, keeps the receipt, comes back and replies."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from confide.settings import Settings
from confide.tls import write_self_signed
from gateway.app import create_app
from tests.servers import running

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (`make browser`) to run this"
    if os.environ.get("CONFIDE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def live_gateway(gateway_settings: Settings, office, tmp_path: Path) -> Iterator[str]:
    """The real app under uvicorn with a self-signed certificate, in a background thread."""
    _require_chromium()
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    write_self_signed(cert, key, ["127.0.0.1"])
    port = _free_port()
    config = uvicorn.Config(
        create_app(gateway_settings),
        host="127.0.0.1",
        port=port,
        ssl_certfile=str(cert),
        ssl_keyfile=str(key),
        log_config=None,
        access_log=False,
        lifespan="on",
    )
    with running(config):
        yield f"https://127.0.0.1:{port}"


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
