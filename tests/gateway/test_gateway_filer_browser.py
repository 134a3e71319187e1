"""A real Chromium with JavaScript off: nothing to disclose, then two assets and a gift."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casework.disclosure.statements import statement_of
from casework.store.db import transaction
from confide.settings import Settings
from gateway.app import create_app
from tests.conftest import OfficeFixture
from tests.gateway.filerkit import PASSWORD, Roster, invitation_path, open_cycle_with_roster
from tests.livekit import CHROMIUM, CHROMIUM_ARGS, require_chromium, serving
from tests.mailbox import Mailbox

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/wt11-shots")


@pytest.fixture
def live(
    gateway_settings: Settings, office: OfficeFixture, mailbox: Mailbox, tmp_path: Path
) -> Iterator[tuple[str, Roster]]:
    """The gateway under uvicorn, a cycle with Ana and Ben on it, both invited."""
    require_chromium()
    roster = open_cycle_with_roster(office, gateway_settings, mailbox)
    with serving(create_app(gateway_settings), tmp_path) as base:
        yield base, roster


def _set_password(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.fill("#password", PASSWORD)  # type: ignore[attr-defined]
    page.fill("#confirm", PASSWORD)  # type: ignore[attr-defined]
    page.click("text=Set my password")  # type: ignore[attr-defined]


def test_both_paths_without_javascript(
    live: tuple[str, Roster], mailbox: Mailbox, office: OfficeFixture
) -> None:
    """Nothing to disclose in one step; a statement with two assets (one added) and a gift."""
    from playwright.sync_api import sync_playwright

    base, roster = live
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            ana = browser.new_context(
                java_script_enabled=False, ignore_https_errors=True
            ).new_page()
            _set_password(ana, base + invitation_path(mailbox, "ana.alvarez@example.org"))
            ana.click("text=Fill in my statement")
            ana.check("#nothing input[name=certify]")
            ana.click("#file-nothing")
            ana_done = ana.inner_text("main")

            ben = browser.new_context(
                java_script_enabled=False, ignore_https_errors=True
            ).new_page()
            _set_password(ben, base + invitation_path(mailbox, "ben.brown@example.org"))
            ben.click("text=Fill in my statement")
            ben.fill("[id='f-assets.0.description']", "Shares in Acme Ltd")
            ben.fill("[id='f-assets.0.value-amount']", "25000")
            ben.select_option("[id='f-assets.0.value-currency']", "EUR")
            ben.click("button[value='add:assets']")
            kept = ben.input_value("[id='f-assets.0.description']")
            ben.fill("[id='f-assets.1.description']", "Flat in Lyon")
            ben.fill("[id='f-assets.1.value-amount']", "310000")
            ben.select_option("[id='f-assets.1.value-currency']", "EUR")
            ben.fill("[id='f-gifts.0.giver']", "Supplier X")
            ben.fill("[id='f-gifts.0.description']", "Dinner for two")
            SHOTS.mkdir(parents=True, exist_ok=True)
            ben.screenshot(path=str(SHOTS / "filer-statement-nojs.png"), full_page=True)
            ben.check("#statement input[name=certify]")
            ben.click("#file-statement")
            ben_done = ben.inner_text("main")
            ben.screenshot(path=str(SHOTS / "filer-filed-nojs.png"), full_page=True)
        finally:
            browser.close()

    assert "Your statement is filed" in ana_done and "nothing to disclose" in ana_done
    assert kept == "Shares in Acme Ltd"
    assert (
        "Your statement is filed" in ben_done
        and "Asset or investment: 2, Gift or hospitality: 1" in ben_done
    )
    with transaction(office.engine) as session:
        statement = statement_of(session=session, filer_id=roster.filers["S200"])
        assert statement is not None and statement.kinds == "assets,gifts"
