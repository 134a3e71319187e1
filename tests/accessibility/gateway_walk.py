"""The gateway's pages, walked in one language: the reporter's and the filer's.

Selectors are ids and names only, never words, so that the same walk runs in every
language. Each step leaves the browser where the next expects it; each part signs out at
its end. ``first`` is the first language walked (it accepts the filer's invitation and
files her statement); ``last`` answers the consent request, which the earlier languages
see waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.accessibility.scenery import Scenery
from tests.accessibility.walker import Walker
from tests.gateway.filerkit import PASSWORD

REPORT = {
    "category": "fraud",
    "what": "Invoices were paid twice to the same supplier.",
    "where": "Procurement unit",
    "reported_elsewhere": "no",
}
SEND = "main form[data-progress] button[type=submit]"
TOO_LARGE = {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" * 40_000}
"""160 KB, over the walk's gateway limit of 64 KiB a file."""
LOG_OUT = "form[action='/logout'] button, form[action='/filer/sign-out'] button"


def fill_report(page: Any) -> None:
    """Answer the report form's required questions."""
    page.check(f"input[name=category][value={REPORT['category']}]")
    page.fill("#f-what", REPORT["what"])
    page.fill("#f-where", REPORT["where"])
    page.check(f"input[name=reported_elsewhere][value={REPORT['reported_elsewhere']}]")


def log_out(page: Any) -> None:
    """Press the log-out button of the page (the reporter's or the filer's)."""
    with page.expect_navigation():
        page.locator(LOG_OUT).first.click()


def walk_reporter(w: Walker, base: str, scenery: Scenery, forms: list[str], last: bool) -> None:
    """Landing, every form, refused form, follow-up, case, receipt, and the error pages."""
    page = w.page
    w.open(base + "/", "landing")
    for form_id in forms:
        w.open(f"{base}/report/{form_id}", f"form: {form_id}")
    page.goto(base + "/report/report")
    page.fill("#f-what", "Something happened.")
    w.submit("report form with errors", 422, SEND)
    assert w.focused() == "error-summary"
    w.open(base + "/followup", "follow-up sign-in")
    page.fill("#receipt", "1234")
    w.submit("follow-up sign-in refused", 422)
    assert w.focused() == "login-error"
    page.eval_on_selector("input[name=csrf_token]", "e => e.value = 'stale'")
    page.fill("#receipt", "1234 5678 9012 3456 7890")
    w.submit("expired form", 403)
    page.goto(base + "/report/report")
    fill_report(page)
    page.set_input_files("#f-evidence", files=[TOO_LARGE])
    w.submit("file too large", 413, SEND)
    w.open(base + "/receipt", "receipt address without a session")
    w.open(base + "/no/such/page", "unknown address", 404)
    page.goto(base + "/followup")
    page.fill("#receipt", scenery.receipt)
    w.submit("case: a reply and a consent request", 200)
    if last:
        w.submit("case: consent given", 200, "form[action^='/case/consents/'] button[value=give]")
    w.open(base + "/receipt", "receipt address, signed in with a receipt")
    page.goto(base + "/case")
    log_out(page)
    w.check("landing after logging out")
    page.goto(base + "/report/report")
    fill_report(page)
    w.submit("receipt", 200, SEND)
    page.goto(base + "/report/report")
    fill_report(page)
    w.submit("form sent again from the same session", 409, SEND)
    log_out(page)


def sign_in_filer(w: Walker, base: str, label: str, status: int, password: str) -> None:
    """Sign in as the first filer on the filer sign-in page."""
    w.page.goto(base + "/filer/sign-in")
    w.page.fill("#staff_id", "S100")
    w.page.fill("#password", password)
    w.submit(label, status)


def walk_filer(
    w: Walker, base: str, scenery: Scenery, first: bool, ask: Callable[[], None]
) -> None:
    """Invitation, sign-in (refused and accepted), home, TOTP, statement, amendment."""
    page = w.page
    w.open(base + scenery.invitations["S200"], "filer invitation")
    w.open(base + "/filer/invitation/not-a-token", "filer invitation, dead link", 404)
    ana = scenery.roster.filers["S100"]
    if first:
        page.goto(base + scenery.invitations["S100"])
        page.fill("#password", PASSWORD)
        page.fill("#confirm", PASSWORD)
        w.submit("filer home after setting a password", 200)
        w.open(f"{base}/filer/statements/{ana}", "statement: draft")
        page.check("#nothing input[name=certify]")
        w.submit("statement: filed, nothing to disclose", 200, "#file-nothing")
        ask()
        log_out(page)
    w.open(base + "/filer/sign-in", "filer sign-in")
    sign_in_filer(w, base, "filer sign-in refused", 403, "not the password at all")
    assert w.focused() == "signin-error"
    sign_in_filer(w, base, "filer home", 200, PASSWORD)
    w.open(base + "/filer/totp", "filer TOTP set-up")
    w.open(f"{base}/filer/statements/{ana}", "statement: filed, with a question")
    w.open(f"{base}/filer/statements/{ana}?amend=1", "statement: amendment")
    log_out(page)
