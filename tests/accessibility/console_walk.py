"""The console's pages, walked as the director (and once signed out).

Selectors are ids, names and element structure; the cases come from
:mod:`tests.accessibility.scenery` (one per channel) plus the filer's statement filed
during the gateway's walk.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from confide.settings import Settings
from tests.accessibility.scenery import Scenery
from tests.accessibility.walker import Walker
from tests.conftest import OfficeFixture
from tests.reviewer_console.consolekit import browser_sign_in


def walk_signed_out(w: Walker, base: str) -> None:
    """Sign-in (empty, refused, expired) and the unknown page."""
    page = w.page
    w.open(base + "/login", "sign-in")
    for label, status in (("sign-in refused", 401), ("sign-in form expired", 403)):
        if status == 403:
            page.eval_on_selector("input[name=csrf_token]", "e => e.value = 'stale'")
        page.fill("#username", "dana")
        page.fill("#password", "not the password")
        page.fill("#totp", "123456")
        w.submit(label, status)
        assert w.focused() == ("sign-in-error" if status == 401 else "")
    w.open(base + "/no/such/page", "unknown address, signed out", 404)
    w.open(base + "/invitation/not-a-real-token", "invitation, dead link", 404)


def walk_director(
    w: Walker,
    base: str,
    *,
    office: OfficeFixture,
    settings: Settings,
    scenery: Scenery,
    others: dict[str, str],
) -> None:
    """Every page the director reaches, a case of every channel, and the refusals.

    ``others`` holds the cases made outside the scenery: the filed ``disclosure``
    statement and ``refused``, a case the director holds no grant for.
    """
    page = w.page
    browser_sign_in(page.context, base, office.engine, settings, scenery.director)
    w.open(base + "/inbox", "inbox")
    for channel, case_id in {**scenery.cases, "disclosure": others["disclosure"]}.items():
        w.open(f"{base}/cases/{case_id}", f"case: {channel}")
    w.open(f"{base}/cases/{scenery.cases['report']}/referrals", "referrals and consent")
    w.open(f"{base}/cases/{others['refused']}", "case without a grant", 403)
    for path, label in (
        ("/logged", "log a matter"),
        ("/consent-log", "consent log"),
        ("/log", "access log"),
        ("/routing", "routing"),
        ("/disclosure", "disclosure cycles"),
        (f"/disclosure/{scenery.roster.cycle_id}", "disclosure cycle"),
        ("/reports", "annual report"),
        ("/account/password", "own password"),
        (f"/people/{scenery.officer.id}/reset", "reset an officer's password"),
        ("/no/such/page", "unknown address, signed in"),
    ):
        w.open(base + path, label, 404 if "no/such" in path else 200)
    w.open(base + "/reports?from=2026-02-01&to=2025-01-01", "annual report, a refused period", 400)
    w.open(base + "/people", "people")
    page.fill("#username", "new.officer")
    invite_officer(w)
    link = page.inner_text("main code")
    page.context.clear_cookies()
    w.open(base + urlsplit(link).path, "invitation to enrol")


def walk_other_roles(
    w: Walker,
    base: str,
    *,
    office: OfficeFixture,
    settings: Settings,
    scenery: Scenery,
    disclosure: str,
) -> None:
    """The director grants the statement to the external reviewer; then the officer's and
    the reviewer's own views (their menus and the read-only case page differ)."""
    page = w.page
    browser_sign_in(page.context, base, office.engine, settings, scenery.director)
    page.goto(f"{base}/cases/{disclosure}")
    page.select_option("#grantee", scenery.reviewer.id)
    with page.expect_response(lambda r: r.url.endswith("/grant")):
        page.locator("form[action$='/grant'] button[type=submit]").click()
    for person, cases in (
        (scenery.officer, {"report": scenery.cases["report"]}),
        (scenery.reviewer, {"disclosure": disclosure}),
    ):
        page.context.clear_cookies()
        browser_sign_in(page.context, base, office.engine, settings, person)
        w.open(base + "/inbox", f"inbox ({person.role})")
        for channel, case_id in cases.items():
            w.open(f"{base}/cases/{case_id}", f"case: {channel} ({person.role})")


def invite_officer(w: Walker) -> None:
    """Create an invitation on the people page (htmx swaps the page's main part)."""
    page: Any = w.page
    button = page.locator("form[action='/people/invite'] button[type=submit]")
    if page.evaluate("() => !!window.htmx"):
        button.click()
        page.wait_for_selector("main code")
        w.check("people: invitation created")
    else:
        w.submit("people: invitation created", 200, "form[action='/people/invite'] button")
