"""Every page of both apps passes axe-core (WCAG 2.2 AA) in a real Chromium, reflows to a
320 px screen, and the gateway does so in each of its six languages.

One Chromium, one gateway and one console on the same office for the whole walk. The
walk lists the pages it checked (printed; run with ``-s`` to read it) and fails when a
page route of either app was not among them: a new page is walked or excused in
:mod:`tests.accessibility.inventory`, never forgotten. The content security policy is the
apps' own (axe-core is evaluated through the DevTools protocol, see
:mod:`tests.browserkit`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from casework.disclosure.tables import DisclosureStatement
from casework.store.db import transaction
from confide.settings import Settings
from gateway.app import create_app as create_gateway
from gateway.app import route_table as gateway_routes
from gateway.pages import anonymous_forms
from reviewer_console.app import create_app as create_console
from reviewer_console.app import route_table as console_routes
from tests.accessibility.console_walk import walk_director, walk_other_roles, walk_signed_out
from tests.accessibility.gateway_walk import walk_filer, walk_reporter
from tests.accessibility.inventory import (
    CONSOLE_NOT_PAGES,
    GATEWAY_NOT_PAGES,
    page_routes,
)
from tests.accessibility.scenery import Scenery, set_up
from tests.accessibility.walker import DESKTOP, Walker
from tests.browserkit import chromium
from tests.conftest import OfficeFixture
from tests.factories import TEST_CHANNELS, make_case
from tests.gateway.filerkit import ask_filer
from tests.livekit import require_chromium, serving
from tests.mailbox import Mailbox

pytestmark = pytest.mark.browser
LANGUAGES = ("en", "fr", "es", "ar", "zh_Hans", "ru")


@pytest.fixture
def apps(settings: Settings, office: OfficeFixture, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The gateway and the console under uvicorn on one office: their base URLs."""
    require_chromium()
    gateway_settings = settings.with_overrides(
        kdf_workers=2, kdf_queue=4, max_file_bytes=64 * 1024, max_case_bytes=1024 * 1024
    )
    with (
        serving(create_gateway(gateway_settings), tmp_path) as gateway,
        serving(create_console(settings), tmp_path) as console,
    ):
        yield gateway, console


def choose_language(page: Any, base: str, code: str) -> None:
    """Follow the language list's link for ``code`` (it sets the language cookie)."""
    page.goto(f"{base}/language/{code}?next=/")


def _walk_gateway(
    browser: Any,
    base: str,
    *,
    scenery: Scenery,
    office: OfficeFixture,
    settings: Settings,
    mailbox: Mailbox,
) -> list[Walker]:
    walkers = []
    forms = [form.id for form in anonymous_forms() if form.id not in TEST_CHANNELS]
    for code in LANGUAGES:
        context = browser.new_context(ignore_https_errors=True, viewport=DESKTOP)
        context.set_default_timeout(15_000)
        page = context.new_page()
        choose_language(page, base, code)
        w = Walker(page, gateway_routes(), code)
        walk_reporter(w, base, scenery, forms, last=code == LANGUAGES[-1])
        walk_filer(
            w,
            base,
            scenery,
            first=code == LANGUAGES[0],
            ask=lambda: ask_filer(office.engine, settings, mailbox, scenery.officer, "Which year?"),
        )
        context.close()
        walkers.append(w)
    return walkers


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_page_in_every_language_passes_axe(
    apps: tuple[str, str], office: OfficeFixture, settings: Settings, mailbox: Mailbox
) -> None:
    """The whole walk; then every page route of both apps is among the pages checked."""
    gateway, console = apps
    scenery = set_up(office, settings, mailbox)
    refused, _ = make_case(office.engine, settings, office, recipients=[scenery.officer.id])
    with chromium() as browser:
        gateway_walkers = _walk_gateway(
            browser, gateway, scenery=scenery, office=office, settings=settings, mailbox=mailbox
        )
        with transaction(office.engine) as session:
            disclosure = session.exec(select(DisclosureStatement.case_id)).one()
        context = browser.new_context(ignore_https_errors=True, viewport=DESKTOP)
        console_walker = Walker(context.new_page(), console_routes())
        walk_signed_out(console_walker, console)
        walk_director(
            console_walker,
            console,
            office=office,
            settings=settings,
            scenery=scenery,
            others={"disclosure": disclosure, "refused": refused},
        )
        walk_other_roles(
            console_walker,
            console,
            office=office,
            settings=settings,
            scenery=scenery,
            disclosure=disclosure,
        )
        context.close()

    print("\nGateway pages checked:")
    for w in gateway_walkers:
        print(w.listing())
    print("\nConsole pages checked:\n" + console_walker.listing())
    for w in gateway_walkers:
        missing = page_routes(gateway_routes(), GATEWAY_NOT_PAGES) - w.routes_visited()
        assert not missing, f"gateway pages not walked in {w.language}: {sorted(missing)}"
    missing = page_routes(console_routes(), CONSOLE_NOT_PAGES) - console_walker.routes_visited()
    assert not missing, f"console pages not walked: {sorted(missing)}"
