"""axe-core finds nothing on any console page, error pages included, JavaScript on and off."""

from __future__ import annotations

from typing import Any

import pytest
from consolekit import browser_sign_in

from casework.people.principals import Role
from tests.browserkit import assert_accessible, assert_page_basics, chromium, new_context
from tests.factories import make_case

pytestmark = pytest.mark.browser


def test_every_console_page_passes_axe(
    live_console: str, js: bool, office: Any, settings: Any
) -> None:
    """Sign-in, inbox, case, referrals, people, routing, logs, password and error pages."""
    dana = office.person("dana", Role.DIRECTOR)
    olga = office.person("olga")
    case_id, _ = make_case(
        office.engine, settings, office, recipients=[dana.id], identity={"name": "Ada"}
    )
    other_case, _ = make_case(office.engine, settings, office, recipients=[olga.id])
    checked: list[tuple[str, int]] = []
    with chromium() as browser:
        context = new_context(browser, js=js)
        page = context.new_page()
        for path in ("/login", "/no/such/page", "/invitation/not-a-real-token"):
            response = page.goto(live_console + path)
            assert_page_basics(page)
            assert_accessible(page)
            checked.append((path, response.status))
        page.goto(live_console + "/login")
        page.eval_on_selector("input[name=csrf_token]", "e => e.value = 'stale'")
        page.fill("#username", "dana")
        page.fill("#password", "not the password")
        page.fill("#totp", "123456")
        page.click("button:has-text('Sign in')")
        page.wait_for_selector("text=This form has expired")
        assert_page_basics(page)
        assert_accessible(page)
        checked.append(("csrf", 403))
        browser_sign_in(context, live_console, office.engine, settings, dana)
        paths = (
            "/inbox",
            f"/cases/{case_id}",
            f"/cases/{case_id}/referrals",
            "/people",
            f"/people/{olga.id}/reset",
            "/routing",
            "/log",
            "/consent-log",
            "/account/password",
            f"/cases/{other_case}",
            "/no/such/page",
        )
        for path in paths:
            response = page.goto(live_console + path)
            assert_page_basics(page)
            assert_accessible(page)
            checked.append((path, response.status))
        context.close()

    assert [s for _, s in checked].count(403) == 2
    assert [s for _, s in checked].count(404) == 3  # two unknown addresses, a dead link
