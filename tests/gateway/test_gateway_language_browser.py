"""A real Chromium, with JavaScript on and off, chooses a language from the list."""

from __future__ import annotations

import pytest

from confide.web.language import LANGUAGE_COOKIE
from tests.livekit import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def test_choosing_arabic_from_the_list(live_gateway: str, js: bool) -> None:
    """The browser's language is only a guess; a click on العربية makes every page Arabic, RTL."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            java_script_enabled=js, ignore_https_errors=True, locale="fr-FR"
        )
        page = context.new_page()
        try:
            page.goto(live_gateway + "/followup")
            guessed = (page.get_attribute("html", "lang"), page.get_attribute("html", "dir"))
            cookies_before = context.cookies()

            page.click("nav.languages a[hreflang=ar]")
            chosen_url = page.url
            chosen = (page.get_attribute("html", "lang"), page.get_attribute("html", "dir"))
            page.click("a.brand")
            after = (page.get_attribute("html", "lang"), page.get_attribute("html", "dir"))
            current = page.get_attribute("nav.languages a[aria-current=true]", "hreflang")
            cookies_after = {c["name"]: c for c in context.cookies()}
        finally:
            browser.close()

    assert guessed == ("fr", "ltr")
    assert cookies_before == []
    assert chosen_url == live_gateway + "/followup"
    assert chosen == ("ar", "rtl") and after == ("ar", "rtl")
    assert current == "ar"
    assert cookies_after[LANGUAGE_COOKIE]["value"] == "ar"
    assert cookies_after[LANGUAGE_COOKIE]["httpOnly"] and cookies_after[LANGUAGE_COOKIE]["secure"]
