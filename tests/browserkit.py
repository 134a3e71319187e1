"""Driving a real Chromium against the real apps, and checking pages with axe-core.

Both apps run under uvicorn with a self-signed certificate in a background thread
(:func:`serve`, through :mod:`tests.livekit`); Playwright drives Debian's
``/usr/bin/chromium`` (:func:`chromium`), with JavaScript on or off per context.
:func:`assert_accessible` runs axe-core on the page as it stands and fails with a readable
list of violations.

axe-core is a test tool only: it is vendored under ``tests/vendor/`` (``make vendor-axe``
fetches the pinned version from the npm registry; its SHA-384 is recorded in
``tests/vendor/vendored.json`` and checked before every use), and it is evaluated into the
page through the DevTools protocol, which a page's Content-Security-Policy does not govern.
The apps never serve it and their CSP stays as it is. The rules run are named by WCAG tag
(:data:`WCAG_TAGS`): WCAG 2.2 AA and axe-core's best practices (issue #13).
"""

from __future__ import annotations

import base64
import hashlib
import json
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from tests.livekit import CHROMIUM, CHROMIUM_ARGS, require_chromium, serving

VENDOR = Path(__file__).parent / "vendor"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
"""What every page is held to: WCAG 2.0, 2.1 and 2.2 at A and AA (2.2 adds target size)."""

MOBILE = {"width": 390, "height": 844}
_SCRIPTS_RUN: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()
"""Whether each context made by :func:`new_context` runs JavaScript."""


@contextmanager
def serve(app: Any, tmp_path: Path) -> Iterator[str]:
    """Run ``app`` for a browser (:func:`tests.livekit.serving`); yield its base URL."""
    require_chromium()
    with serving(app, tmp_path) as url:
        yield url


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched Chromium (Playwright ``Browser``), closed afterwards."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser: Any, *, js: bool, mobile: bool = False) -> Any:
    """A fresh browser context (no cookies, no cache) with JavaScript on or off."""
    options: dict[str, Any] = {"java_script_enabled": js, "ignore_https_errors": True}
    if mobile:
        options["viewport"] = MOBILE
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    _SCRIPTS_RUN[context] = js
    return context


@contextmanager
def browser_page(*, js: bool, mobile: bool = False) -> Iterator[Any]:
    """A page in a fresh context of a fresh Chromium (all closed afterwards)."""
    with chromium() as browser:
        context = new_context(browser, js=js, mobile=mobile)
        try:
            yield context.new_page()
        finally:
            context.close()


@cache
def axe_source() -> str:
    """The vendored axe-core, after checking it against its recorded SHA-384."""
    recorded = json.loads((VENDOR / "vendored.json").read_text())["axe.min.js"]
    data = (VENDOR / "axe.min.js").read_bytes()
    digest = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    assert digest == recorded["integrity"], "tests/vendor/axe.min.js differs from its record"
    return data.decode()


def axe_violations(page: Any, tags: tuple[str, ...] = WCAG_TAGS) -> list[dict[str, Any]]:
    """Run axe-core on ``page`` as it stands; return its violations (empty when clean).

    The source is evaluated through the DevTools protocol, which a page's CSP does not
    govern; the page itself never loads it. axe needs timers, which a context with
    JavaScript off does not run, so such a page is checked as a copy: its current HTML is
    served at the same address to a JavaScript-on page whose own scripts are blocked, with
    the style sheets fetched from the app as usual.
    """
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    if _SCRIPTS_RUN.get(page.context, True):
        page.evaluate(axe_source())
        return list(page.evaluate("o => axe.run(document, o)", options)["violations"])
    html, url = page.content(), page.url
    context = page.context.browser.new_context(java_script_enabled=True, ignore_https_errors=True)
    try:
        copy = context.new_page()
        copy.set_viewport_size(page.viewport_size or {"width": 1280, "height": 720})
        copy.route("**/*.js", lambda route: route.abort())
        copy.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        copy.goto(url)
        copy.evaluate(axe_source())
        return list(copy.evaluate("o => axe.run(document, o)", options)["violations"])
    finally:
        context.close()


def assert_accessible(page: Any, tags: tuple[str, ...] = WCAG_TAGS) -> None:
    """Fail with each violation's rule, impact and offending elements, if there are any."""
    violations = axe_violations(page, tags)
    lines = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(lines)


def assert_page_basics(page: Any) -> None:
    """A title, a language, one main landmark and one first-level heading."""
    assert page.title().strip(), f"{page.url} has no title"
    assert page.get_attribute("html", "lang"), f"{page.url} has no lang"
    assert page.locator("main").count() == 1, f"{page.url} has no single <main>"
    assert page.locator("h1").count() == 1, f"{page.url} has no single <h1>"
