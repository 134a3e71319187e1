"""The director reads the access and consent logs as people, cases and actions, not ids, in a
real Chromium with JavaScript on and off; axe-core checks both pages."""

from __future__ import annotations

from typing import Any

import pytest
from consolekit import Console, browser_sign_in

from casework.people.principals import Role
from casework.store.ids import case_reference
from tests.browserkit import assert_accessible, assert_page_basics, chromium, new_context
from tests.factories import make_case

pytestmark = pytest.mark.browser


def test_access_log_speaks_in_usernames_references_and_actions(
    live_console: str, console: Console, js: bool, office: Any, settings: Any
) -> None:
    """An assignment reads "olga assigned the case C-… to pete"; filters are picked, not typed."""
    olga, pete = office.person("olga"), office.person("pete")
    dana = office.person("dana", Role.DIRECTOR)
    case_id, _ = make_case(office.engine, settings, office, recipients=[olga.id, pete.id])
    console.act_as(olga)
    assert console.post(f"/cases/{case_id}/assign", {"assignee": pete.id}).status_code == 303
    reference = case_reference(case_id)
    with chromium() as browser:
        context = new_context(browser, js=js)
        browser_sign_in(context, live_console, office.engine, settings, dana)
        page = context.new_page()
        page.goto(live_console + "/log")
        assert_page_basics(page)
        assert_accessible(page)
        actor_tag = page.eval_on_selector("#actor", "e => e.tagName")
        offered = page.eval_on_selector_all("#recent-cases option", "os => os.map(o => o.value)")
        page.select_option("#actor", label="olga (officer)")
        page.fill("#case", reference)
        page.select_option("#action", label="assigned the case")
        page.click("form.filters button:has-text('Filter')")
        page.wait_for_selector("#log-list tbody tr >> text=assigned the case")
        row = page.inner_text("#log-list tbody tr")
        assert_accessible(page)
        page.goto(live_console + "/consent-log")
        assert_page_basics(page)
        assert_accessible(page)
        case_field = page.get_attribute("#f-case", "list")
        context.close()

    assert actor_tag == "SELECT"
    assert reference in offered
    assert "olga" in row and reference in row and "to pete" in row
    assert case_id not in row and olga.id not in row
    assert case_field == "consent-cases"
