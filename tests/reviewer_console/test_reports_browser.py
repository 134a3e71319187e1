"""The annual report in a real Chromium, JavaScript on and off: every chart is drawn (an SVG
with the figure's number of bars, visible in a screenshot), the period picker works, the
CSP is the one every page has and nothing on the page breaks it, and axe-core passes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from consolekit import browser_sign_in
from PIL import Image

from casework.cases.intake import Submission, submit_case
from casework.people.principals import Role
from casework.statistics.annual import annual_report
from casework.statistics.counts import Period
from casework.statistics.history import import_history, read_history
from casework.store.clock import today
from casework.store.db import transaction
from confide.web.headers import CONTENT_SECURITY_POLICY
from tests.browserkit import assert_accessible, assert_page_basics, chromium, new_context

pytestmark = pytest.mark.browser

YEAR = today().year
DARK_BLUE = (0x0B, 0x4F, 0x8A)
LOGGED = (
    ("training", 4),
    ("coherence", 6),
    ("standard_setting", 9),
    ("fd_programme", 12),
    ("employment", 7),
    ("outside_activities", 11),
)


def _office_with_a_year(engine: Any, officer: str) -> None:
    """Six earlier years imported, and this year's matters logged by an officer."""
    lines = ["year,category,count"]
    for back in range(1, 7):
        lines += [
            f"{YEAR - back},outside_activities,{60 - 5 * back}",
            f"{YEAR - back},retaliation_advice,{12 - back}",
            f"{YEAR - back},fd_programme,{90 - 7 * back}",
        ]
    with transaction(engine) as session:
        import_history(session=session, lines=read_history("\n".join(lines).encode()))
        for category, count in LOGGED:
            kind = "advice" if category in ("employment", "outside_activities") else "service"
            for _ in range(count):
                facts = {"kind": kind, "via": "email"}
                if category == "training":
                    facts |= {"sessions": "2", "participants": "25"}
                submit_case(
                    session=session,
                    reporter=None,
                    received_on=today().replace(month=1, day=2),
                    submission=Submission(
                        "logged", 1, category, b"{}", facts=facts, submitter_id=officer
                    ),
                    also_grant=[officer],
                )


def _blue_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    return sum(count for count, colour in colours if colour == DARK_BLUE)


def test_the_charts_are_drawn_within_the_csp(
    live_console: str, js: bool, office: Any, settings: Any, tmp_path: Path
) -> None:
    """Each chart is a non-empty SVG with its figure's bars, in blue on the screenshot."""
    olga = office.person("olga", Role.DIRECTOR)
    _office_with_a_year(office.engine, olga.id)
    with transaction(office.engine) as session:
        report = annual_report(session=session, period=Period.year(YEAR))
    expected = {f.id: f.bars for f in report.figures if f.rows}
    seen: dict[str, Any] = {"csp": [], "console": []}
    with chromium() as browser:
        context = new_context(browser, js=js)
        page = context.new_page()
        page.on("console", lambda m: seen["console"].append(m.text))
        page.on("response", lambda r: seen["csp"].append(r.headers.get("content-security-policy")))
        browser_sign_in(context, live_console, office.engine, settings, olga)
        page.goto(live_console + "/inbox")
        page.click("text=Annual report")
        page.select_option("#year", str(YEAR - 1))
        page.click("button:has-text('Show')")
        shown_before = page.inner_text("h1")
        page.select_option("#year", str(YEAR))
        page.click("button:has-text('Show')")
        assert_page_basics(page)
        assert_accessible(page)
        bars = {fid: page.locator(f"#chart-{fid} rect.bar").count() for fid in expected}
        sizes = {fid: page.locator(f"#chart-{fid}").bounding_box() for fid in expected}
        blue = {fid: _blue_pixels(page.locator(f"#chart-{fid}").screenshot()) for fid in expected}
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(tmp_path / "annual-report.png"), full_page=True)
        context.close()

    assert shown_before == f"Annual report {YEAR - 1}"
    assert bars == expected
    assert all(box and box["width"] > 200 and box["height"] > 50 for box in sizes.values())
    assert all(count > 50 for count in blue.values()), blue
    assert {csp for csp in seen["csp"] if csp} == {CONTENT_SECURITY_POLICY}
    assert [m for m in seen["console"] if "Content Security Policy" in m] == []
