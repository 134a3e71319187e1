"""The report form in Arabic and Chinese on a 320 px phone and at 200% zoom: nothing
sticks out of the screen or is cut off, and the pictures are kept for a person to look at.

Set ``CONFIDE_SCREENS_DIR`` to keep the screenshots somewhere (the repository keeps a set
in ``bench/results/screens/``); otherwise they go to the test's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from confide.settings import Settings
from gateway.app import create_app
from tests.accessibility.walker import overflowing
from tests.browserkit import chromium
from tests.conftest import OfficeFixture
from tests.livekit import require_chromium, serving

pytestmark = pytest.mark.browser
SCREENS = {
    "320px": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
    "zoom200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}
"""A 320 px phone, and a 1280 px window at 200% zoom (640 CSS px at two device pixels each)."""


@pytest.fixture
def gateway(settings: Settings, office: OfficeFixture, tmp_path: Path) -> Iterator[str]:
    """The gateway under uvicorn."""
    require_chromium()
    with serving(create_app(settings), tmp_path) as url:
        yield url


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("language", ["ar", "zh_Hans"])
def test_report_form_fits_small_screens(gateway: str, language: str, tmp_path: Path) -> None:
    """Empty and refused, at 320 px and at 200% zoom: no overflow, no clipped text."""
    folder = Path(os.environ.get("CONFIDE_SCREENS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    directions = set()
    with chromium() as browser:
        for screen, options in SCREENS.items():
            context = browser.new_context(ignore_https_errors=True, **options)
            page = context.new_page()
            page.goto(f"{gateway}/language/{language}?next=/report/report")
            directions.add(page.get_attribute("html", "dir"))
            problems[f"{screen} form"] = overflowing(page)
            page.screenshot(path=str(folder / f"report-{language}-{screen}.png"), full_page=True)
            page.fill("#f-what", "x")
            page.locator("form[data-progress] button[type=submit]").click()
            page.wait_for_selector("#error-summary")
            problems[f"{screen} refused"] = overflowing(page)
            page.screenshot(
                path=str(folder / f"report-{language}-{screen}-errors.png"), full_page=True
            )
            context.close()

    assert directions == {"rtl" if language == "ar" else "ltr"}
    assert problems == {name: [] for name in problems}
