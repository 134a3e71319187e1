"""Every action of the case page in a real Chromium: only its own section changes, and a
refusal is shown inside that section; with JavaScript (htmx) and without."""

from __future__ import annotations

from typing import Any

import pytest
from consolekit import browser_sign_in

from casework.people.principals import Role
from tests.browserkit import assert_accessible, assert_page_basics, chromium, new_context
from tests.factories import make_case

pytestmark = pytest.mark.browser

SECTIONS = ("#identity", "#dialogue", "#workflow", "#access")


def assert_page_whole(page: Any, reference: str) -> None:
    """The page still has its heading, its answers and each section exactly once."""
    assert page.locator("h1").count() == 1
    assert page.inner_text("h1") == reference
    assert page.locator("h2", has_text="Answers").count() == 1
    assert page.locator("#case-main").count() == 1
    for section in SECTIONS:
        assert page.locator(section).count() == 1, section


def act(page: Any, js: bool, section: str, button: str) -> None:
    """Press the button labelled ``button`` in ``section``; wait for htmx's swap or the page."""
    selector = f"{section} button:has-text('{button}')"
    if js:
        with page.expect_response(lambda r: r.request.method == "POST"):
            page.click(selector)
        page.wait_for_function("() => !document.querySelector('.htmx-request')", polling=50)
    else:
        page.click(selector)
        page.wait_for_load_state()


def _dialogue(page: Any, js: bool, reference: str, seen: dict[str, str]) -> None:
    page.fill("#reply-body", "   ")
    act(page, js, "#dialogue", "Send reply")
    assert_page_whole(page, reference)
    seen["reply_error"] = page.inner_text("#dialogue-error")
    assert_accessible(page)
    page.fill("#reply-body", "Thank you, we are looking into it.")
    act(page, js, "#dialogue", "Send reply")
    assert_page_whole(page, reference)
    page.fill("#note-body", "Check the supplier ledger first.")
    act(page, js, "#dialogue", "Add note")
    assert_page_whole(page, reference)
    seen["dialogue"] = page.inner_text("#dialogue")


def _workflow(page: Any, js: bool, reference: str, seen: dict[str, str]) -> None:
    for status, outcome in (("acknowledged", ""), ("closed", ""), ("closed", "no_action")):
        page.select_option("#to", status)
        if outcome:
            page.select_option("#outcome", outcome)
        act(page, js, "#workflow", "Change status")
        assert_page_whole(page, reference)
        if status == "closed" and not outcome:
            seen["status_error"] = page.inner_text("#workflow-error")
            assert_accessible(page)
    seen["workflow"] = page.inner_text("#workflow")


def _access_and_identity(page: Any, js: bool, reference: str, seen: dict[str, str]) -> None:
    page.select_option("#grantee", label="pete (officer)")
    act(page, js, "#access", "Grant access")
    assert_page_whole(page, reference)
    page.select_option("#assignee", label="pete")
    act(page, js, "#access", "Assign")
    assert_page_whole(page, reference)
    seen["access"] = page.inner_text("#access")
    page.select_option("#reason", index=1)
    act(page, js, "#identity", "Open identity")
    assert_page_whole(page, reference)
    seen["identity"] = page.inner_text("#identity")
    assert_accessible(page)


def test_every_case_action_updates_only_its_section(
    live_console: str, js: bool, office: Any, settings: Any
) -> None:
    """Reply, note, status (refused and accepted), grant, assign and identity keep the page."""
    olga = office.person("olga")
    office.person("pete")
    case_id, _ = make_case(
        office.engine, settings, office, recipients=[olga.id], identity={"name": "Ada"}
    )
    seen: dict[str, str] = {}
    with chromium() as browser:
        context = new_context(browser, js=js)
        browser_sign_in(context, live_console, office.engine, settings, olga)
        page = context.new_page()
        page.goto(f"{live_console}/cases/{case_id}")
        reference = page.inner_text("h1")
        assert_page_basics(page)
        assert_accessible(page)
        _dialogue(page, js, reference, seen)
        _workflow(page, js, reference, seen)
        _access_and_identity(page, js, reference, seen)
        context.close()

    assert "Write between 1 and" in seen["reply_error"]
    assert "Thank you, we are looking into it." in seen["dialogue"]
    assert "Check the supplier ledger first." in seen["dialogue"]
    assert "Closing a case needs an outcome." in seen["status_error"]
    assert "Closed" in seen["workflow"]
    assert "pete" in seen["access"] and "assigned" in seen["access"]
    assert "Ada" in seen["identity"]


def test_director_sees_the_case_page_accessible_on_a_phone(
    live_console: str, office: Any, settings: Any
) -> None:
    """The case page at 390 px passes axe-core too."""
    dana = office.person("dana", Role.DIRECTOR)
    case_id, _ = make_case(office.engine, settings, office, recipients=[dana.id])
    with chromium() as browser:
        context = new_context(browser, js=True, mobile=True)
        browser_sign_in(context, live_console, office.engine, settings, dana)
        page = context.new_page()
        page.goto(f"{live_console}/cases/{case_id}")
        assert_page_basics(page)
        assert_accessible(page)
        context.close()
