"""Reporter journeys as people live them, in a real Chromium with JavaScript on and off.

Each test walks what a reporter does (send, reload, go Back, come back later) and checks
what they would see, then runs axe-core on the pages it passed through.
"""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from casework.people.sessions import WebSession
from casework.store.clock import utcnow
from casework.store.db import transaction
from gateway.app import create_app
from tests.browserkit import assert_accessible, assert_page_basics, browser_page, serve

pytestmark = pytest.mark.browser

RECEIPT = re.compile(r"\d{4} \d{4} \d{4} \d{4} \d{4}")
FALSE_COMFORT = "Nothing you sent was kept"


def fill_report(page: Any, base: str, *, name: str = "") -> None:
    """Open the report form and answer it as a reporter would (identity when ``name``)."""
    page.goto(base + "/report/report")
    page.check("input[name=category][value=fraud]")
    page.fill("#f-what", "Invoices were paid twice to the same supplier.")
    page.fill("#f-where", "Procurement unit")
    page.check("input[name=reported_elsewhere][value=no]")
    if name:
        page.check("input[name=share_identity][value=yes]")
        page.fill("#f-identity_name", name)
        page.fill("#f-identity_contact", "private@example.org")


def send_report(page: Any, base: str, *, name: str = "") -> str:
    """Fill and send the report; return the receipt shown."""
    fill_report(page, base, name=name)
    page.click("text=Send the report")
    page.wait_for_selector("#receipt")
    return page.inner_text("#receipt").strip()


def test_receipt_survives_reload_and_back(live_gateway: str, js: bool) -> None:
    """Reloading the receipt page, and coming Back to it, shows the same receipt again."""
    with browser_page(js=js) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        receipt = send_report(page, live_gateway)
        assert_page_basics(page)
        assert_accessible(page)

        page.reload()
        after_reload = page.inner_text("main")
        page.click("text=Go to your report")
        page.wait_for_url("**/case")
        page.go_back()
        after_back = page.inner_text("main")

    assert RECEIPT.fullmatch(receipt)
    assert receipt in after_reload
    assert receipt in after_back
    assert FALSE_COMFORT not in after_reload + after_back
    assert not dialogs


def test_receipt_page_outside_its_session_never_says_nothing_was_kept(
    live_gateway: str, js: bool
) -> None:
    """After logging out, the receipt address says the report is stored and how to return."""
    with browser_page(js=js) as page:
        send_report(page, live_gateway)
        page.click("nav >> text=Log out")
        page.goto(live_gateway + "/receipt")
        shown = page.inner_text("main")
        assert_page_basics(page)
        assert_accessible(page)

    assert "follow up on your report" in shown
    assert "was kept" in shown and FALSE_COMFORT not in shown
    assert not RECEIPT.search(shown)


def test_back_after_sending_does_not_show_the_answers(live_gateway: str, js: bool) -> None:
    """Going Back from the receipt to the form finds it empty, name and contact included."""
    with browser_page(js=js) as page:
        send_report(page, live_gateway, name="Ada Example")

        page.go_back()
        page.wait_for_selector("#f-what")
        values = page.eval_on_selector_all(
            "form input[type=text], form textarea", "els => els.map(e => e.value)"
        )
        checked = page.locator("form input:checked").count()
        assert_accessible(page)

    assert not [v for v in values if v], values
    assert checked == 0


def end_reporter_sessions(engine: Any) -> None:
    """Make every reporter session's server half expire now (as 30 minutes passing would)."""
    with transaction(engine) as session:
        for row in session.exec(select(WebSession)):
            row.expires_at = utcnow() - timedelta(seconds=1)
            session.add(row)


def test_followup_text_survives_the_end_of_the_session(
    live_gateway: str, js: bool, office: Any
) -> None:
    """A reply sent after the session ended comes back, with a sign-in notice, then is sent."""
    text = "The second invoice was approved by the same person on 3 March."
    with browser_page(js=js) as page:
        receipt = send_report(page, live_gateway)
        page.goto(live_gateway + "/case")
        page.fill("#reply-body", text)
        end_reporter_sessions(office.engine)

        page.click("#dialogue button[type=submit]")
        page.wait_for_selector("#login-error")
        notice = page.inner_text("#login-error")
        kept = page.input_value("#pending-reply")
        assert_accessible(page)
        page.fill("#receipt", receipt)
        page.click("#resume button[type=submit]")
        page.wait_for_selector("#reply-kept")
        back_in_box = page.input_value("#reply-body")
        assert_accessible(page)
        page.click("#dialogue button[type=submit]")
        page.wait_for_selector(f"#dialogue .message >> text={text}")
        dialogue = page.inner_text("#dialogue")

    assert "sign in again with your receipt" in notice
    assert kept == text
    assert back_in_box == text
    assert text in dialogue


@pytest.fixture
def short_gateway(gateway_settings: Any, office: Any, tmp_path: Any) -> Any:
    """A gateway whose reporter sessions last four minutes (less than the warning time)."""
    settings = gateway_settings.with_overrides(reporter_session_seconds=240)
    with serve(create_app(settings), tmp_path) as url:
        yield url


def test_case_page_says_when_the_session_ends_and_warns_before(
    short_gateway: str, js: bool
) -> None:
    """The case page states the end time; with JavaScript a warning appears before it."""
    with browser_page(js=js) as page:
        send_report(page, short_gateway)
        page.goto(short_gateway + "/case")
        note = page.inner_text("#session-end")
        if js:
            page.wait_for_selector("#session-warning", state="visible")
        warning_shown = page.is_visible("#session-warning")
        warning = page.inner_text("#session-warning") if warning_shown else ""
        assert_accessible(page)

    assert re.search(r"session ends at \d\d:\d\d UTC", note)
    assert warning_shown is js
    if js:
        assert "Your session ends in about" in warning


def test_conditional_question_hides_with_js_and_is_clearly_optional_without(
    live_gateway: str, js: bool
) -> None:
    """ "Where did you report it" hides until "Yes" (JS); without JS it is marked as optional."""
    with browser_page(js=js) as page:
        fill_report(page, live_gateway)
        field = page.locator("#field-reported_where")
        visible_after_no = field.is_visible()
        marker_after_no = field.locator(".required").inner_text()
        required_attr = page.get_attribute("#f-reported_where", "required")
        assert_accessible(page)
        page.check("input[name=reported_elsewhere][value=yes]")
        visible_after_yes = field.is_visible()
        marker_after_yes = field.locator(".required").inner_text()
        page.check("input[name=reported_elsewhere][value=no]")
        page.click("text=Send the report")
        page.wait_for_selector("#receipt")

    assert required_attr is None
    assert visible_after_yes
    if js:
        assert not visible_after_no
        assert marker_after_yes == "(required)"
    else:
        assert visible_after_no
        assert marker_after_no == marker_after_yes == "(only if it applies)"


def test_reporter_can_reread_their_answers(live_gateway: str, js: bool) -> None:
    """The case page shows the reporter's own answers with the questions and choices seen."""
    with browser_page(js=js) as page:
        send_report(page, live_gateway)
        page.goto(live_gateway + "/case")
        page.click("#sent summary")
        sent = page.inner_text("#sent")
        assert_accessible(page)

    assert "What kind of wrongdoing is it?" in sent
    assert "Fraud or corruption" in sent
    assert "Invoices were paid twice to the same supplier." in sent
    assert "Have you reported this anywhere else?" in sent


def test_followup_file_error_sits_by_the_file_field_with_the_metadata_warning(
    live_gateway: str, js: bool
) -> None:
    """Adding no file shows the error in the Files section, beside the metadata warning."""
    with browser_page(js=js) as page:
        send_report(page, live_gateway)
        page.goto(live_gateway + "/case")
        page.click("#files button[type=submit]")
        page.wait_for_selector("#files-error")
        files_section = page.inner_text("#files")
        dialogue = page.inner_text("#dialogue")
        described_by = page.get_attribute("#more-files", "aria-describedby") or ""
        assert_accessible(page)

    assert "Choose at least one file to add." in files_section
    assert "Choose at least one file" not in dialogue
    assert "hidden details" in files_section
    assert "files-error" in described_by


WATCH_SENDING = """() => {
    const form = document.querySelector("form[data-progress]");
    form.addEventListener("submit", () => setTimeout(() => sessionStorage.setItem("seen",
        JSON.stringify([form.querySelector("button").disabled,
                        form.querySelector(".sending-note").textContent])), 100));
}"""


def test_sending_the_report_shows_progress(live_gateway: str, js: bool) -> None:
    """Sending says it can take minutes over Tor; with JS the button is disabled meanwhile."""
    with browser_page(js=js) as page:
        fill_report(page, live_gateway)
        note_before = page.inner_text(".sending-note")
        if js:
            page.evaluate(WATCH_SENDING)
        # The server answers half a second late, as a slow connection would.
        page.route("**/report/report?*", lambda route: (time.sleep(0.5), route.continue_()))
        page.click("text=Send the report")
        page.wait_for_selector("#receipt")
        seen = json.loads(page.evaluate("sessionStorage.getItem('seen')")) if js else None

    assert "several minutes over Tor" in note_before
    if js:
        disabled, note_during = seen
        assert disabled
        assert note_during.startswith("Sending")
