"""Console pages an officer or the director meets, in a real Chromium with JavaScript on and
off: styled error pages, the sign-in failure that explains lockout, the empty inbox, pending
invitations and routing by a list of channels. axe-core checks every page."""

from __future__ import annotations

from typing import Any

import pytest
from consolekit import browser_sign_in

from casework.people.principals import Role
from reviewer_console.cases.labels import channel_title
from tests.browserkit import assert_accessible, assert_page_basics, chromium, new_context
from tests.conftest import PASSWORD
from tests.factories import make_case

pytestmark = pytest.mark.browser


def test_403_and_404_are_styled_pages_with_a_way_back(
    live_console: str, js: bool, office: Any, settings: Any
) -> None:
    """A refused case and an unknown address are full, accessible pages with a link back."""
    olga, pete = office.person("olga"), office.person("pete")
    case_id, _ = make_case(office.engine, settings, office, recipients=[olga.id])
    seen: dict[str, tuple[int, str, str]] = {}
    with chromium() as browser:
        context = new_context(browser, js=js)
        page = context.new_page()
        for name, path in (("signed_out_404", "/no/such/page"),):
            response = page.goto(live_console + path)
            assert_page_basics(page)
            assert_accessible(page)
            seen[name] = (response.status, page.inner_text("h1"), page.inner_text("main a"))
        browser_sign_in(context, live_console, office.engine, settings, pete)
        for name, path in (("403", f"/cases/{case_id}"), ("404", "/no/such/page")):
            response = page.goto(live_console + path)
            assert_page_basics(page)
            assert_accessible(page)
            seen[name] = (response.status, page.inner_text("h1"), page.inner_text("main a"))
        context.close()

    assert seen["403"] == (403, "You do not have access to this page", "Back to the inbox")
    assert seen["404"] == (404, "Page not found", "Back to the inbox")
    assert seen["signed_out_404"] == (404, "Page not found", "Go to the sign-in page")


def _fail_sign_ins(page: Any, base: str, username: str, password: str, times: int) -> str:
    for _ in range(times):
        page.goto(base + "/login")
        page.fill("#username", username)
        page.fill("#password", password)
        page.fill("#totp", "123456")
        page.click("button:has-text('Sign in')")
        page.wait_for_selector("#sign-in-error")
    return page.inner_text("#sign-in-error")


def test_sign_in_failure_explains_the_pause_and_is_the_same_for_unknown_users(
    live_console: str, js: bool, office: Any, settings: Any
) -> None:
    """Locked or unknown, the failure says sign-in pauses and whom to ask, in the same words."""
    office.person("olga")
    attempts = settings.login_lock_threshold + 1
    with chromium() as browser:
        context = new_context(browser, js=js)
        page = context.new_page()
        known = _fail_sign_ins(page, live_console, "olga", "wrong password!!", attempts)
        locked = _fail_sign_ins(page, live_console, "olga", PASSWORD, 1)
        unknown = _fail_sign_ins(page, live_console, "nobody", "wrong password!!", attempts)
        unknown_again = _fail_sign_ins(page, live_console, "nobody", PASSWORD, 1)
        assert_page_basics(page)
        assert_accessible(page)
        context.close()

    assert "sign-in pauses after several failed attempts" in locked
    assert "ask the director" in locked
    assert f"{settings.login_lock_seconds // 60} minutes" in locked
    assert known == locked == unknown == unknown_again


def test_empty_inbox_says_why_and_where_to_look(
    live_console: str, js: bool, office: Any, settings: Any
) -> None:
    """A director with no cases is pointed to Routing; an officer to the director."""
    hints: dict[str, str] = {}
    with chromium() as browser:
        for person in (office.person("dana", Role.DIRECTOR), office.person("olga")):
            context = new_context(browser, js=js)
            browser_sign_in(context, live_console, office.engine, settings, person)
            page = context.new_page()
            page.goto(live_console + "/inbox")
            hints[person.role] = page.inner_text("#inbox-empty")
            assert_page_basics(page)
            assert_accessible(page)
            context.close()

    assert "Routing" in hints[Role.DIRECTOR]
    assert "director chooses" in hints[Role.OFFICER]


def test_pending_invitations_are_listed(
    live_console: str, js: bool, office: Any, settings: Any
) -> None:
    """An invitation not yet accepted stays listed on the people page."""
    dana = office.person("dana", Role.DIRECTOR)
    with chromium() as browser:
        context = new_context(browser, js=js)
        browser_sign_in(context, live_console, office.engine, settings, dana)
        page = context.new_page()
        page.goto(live_console + "/people")
        page.fill("#username", "new.officer")
        page.click("button:has-text('Create invitation link')")
        page.wait_for_selector("text=Invitation created")
        page.goto(live_console + "/people")
        listed = page.inner_text("#pending-invitations")
        assert_page_basics(page)
        assert_accessible(page)
        context.close()

    assert "new.officer" in listed
    assert "dana" in listed


def test_routing_picks_the_channel_from_a_list(
    live_console: str, js: bool, office: Any, settings: Any
) -> None:
    """The director chooses a channel by its title from a list, never types an id."""
    dana = office.person("dana", Role.DIRECTOR)
    olga = office.person("olga")
    title = channel_title("report")
    with chromium() as browser:
        context = new_context(browser, js=js)
        browser_sign_in(context, live_console, office.engine, settings, dana)
        page = context.new_page()
        page.goto(live_console + "/routing")
        tag = page.eval_on_selector("#channel", "e => e.tagName")
        page.select_option("#channel", label=title)
        page.check(f"form:has(#channel) input[value='{olga.id}']")
        page.click("form:has(#channel) button:has-text('Save')")
        page.wait_for_url("**/routing")
        chosen = page.is_checked(
            f"fieldset:has(legend:text-is('{title}')) input[value='{olga.id}']"
        )
        assert_page_basics(page)
        assert_accessible(page)
        context.close()

    assert tag == "SELECT"
    assert chosen
