"""axe-core finds nothing on any gateway page, error pages included, JavaScript on and off,
on a desktop and a 390 px phone screen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browserkit import assert_accessible, assert_page_basics, chromium, new_context
from tests.gateway.test_gateway_journeys import send_report

pytestmark = pytest.mark.browser


def _check(page: Any, seen: list[tuple[str, int]], status: int) -> None:
    assert_page_basics(page)
    assert_accessible(page)
    seen.append((page.url, status))


@pytest.mark.parametrize("mobile", [False, True], ids=["desktop", "phone"])
def test_every_gateway_page_passes_axe(live_gateway: str, js: bool, mobile: bool) -> None:
    """Landing, form (empty and refused), receipt, case, follow-up and every error page."""
    seen: list[tuple[str, int]] = []
    with chromium() as browser:
        context = new_context(browser, js=js, mobile=mobile)
        page = context.new_page()
        for path in ("/", "/report/report", "/followup", "/receipt", "/no/such/page"):
            response = page.goto(live_gateway + path)
            _check(page, seen, response.status)
        page.goto(live_gateway + "/report/report")
        page.fill("#f-what", "Something happened.")
        page.click("text=Send the report")  # required choices missing: the refused form
        page.wait_for_selector("#error-summary")
        _check(page, seen, 422)
        page.goto(live_gateway + "/followup")
        page.fill("#receipt", "1234")
        page.click("text=Open my report")
        page.wait_for_selector("#login-error")
        _check(page, seen, 422)
        send_report(page, live_gateway)
        _check(page, seen, 200)
        page.goto(live_gateway + "/case")
        _check(page, seen, 200)
        page.goto(live_gateway + "/report/report")
        page.click("text=Send the report")  # signed in already: "already sent"
        page.wait_for_selector("h1")
        _check(page, seen, 409)
        # A form whose token no longer matches (the 403 page).
        page.goto(live_gateway + "/followup")
        page.eval_on_selector("input[name=csrf_token]", "e => e.value = 'stale'")
        page.fill("#receipt", "1234 5678 9012 3456 7890")
        page.click("text=Open my report")
        page.wait_for_selector("text=This page has expired")
        _check(page, seen, 403)
        context.close()

    assert len(seen) == 11
