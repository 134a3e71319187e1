"""Walking pages in one Chromium: each page is checked by axe-core, for its basics and for
reflow, and recorded with the route it came from.

:meth:`Walker.check` is the whole check of one page as it stands: a title, a language, one
``main`` and one ``h1`` (:func:`tests.browserkit.assert_page_basics`), zero axe-core
violations at WCAG 2.2 AA (:func:`tests.browserkit.assert_accessible`), and no element
sticking out of a 320 px wide screen (:func:`overflowing`). 320 CSS pixels is a 1280 px
window at 400% zoom (WCAG 1.4.10, Reflow), so it covers 200% zoom too; a box that scrolls
on its own (a wide table in ``.table-scroll``) may hold wider content, as 1.4.10 allows
for data tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.routing import BaseRoute

from tests.accessibility.inventory import route_of
from tests.browserkit import assert_accessible, assert_page_basics

NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
MAIN_SUBMIT = "main form[method=post] button[type=submit]"
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const scrolls = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if (x === "auto" || x === "scroll") return true;
    }
    return false;
  };
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (typeof e.className === "string" && e.className ? "." + e.className.trim() : "");
  const out = [];
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || scrolls(e)) continue;
    if (r.right > width + 0.5 || r.left < -0.5) {
      out.push(name(e) + " [" + Math.round(r.left) + ", " + Math.round(r.right) + "]");
    }
    const s = getComputedStyle(e);
    const cut = x => x === "hidden" || x === "clip";
    // Form controls scroll their own value; the visually hidden are clipped on purpose.
    const hidden = e.matches(".visually-hidden, .skip-link, input, select, textarea");
    if (!hidden && ((cut(s.overflowX) && e.scrollWidth > e.clientWidth + 1) ||
                    (cut(s.overflowY) && e.scrollHeight > e.clientHeight + 1))) {
      out.push(name(e) + " clips its text");
    }
    if (!hidden && s.overflowX === "visible" && e.clientWidth > 0 &&
        e.scrollWidth > e.clientWidth + 1 && e.tagName !== "TABLE") {
      out.push(name(e) + " spills its content (" + e.scrollWidth + " > " + e.clientWidth + ")");
    }
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 8)};
}
"""


def overflowing(page: Any) -> list[str]:
    """Elements reaching past the page's left or right edge, elements that cut their own
    text off or let it spill over their neighbours, and a page that scrolls sideways."""
    found = page.evaluate(OVERFLOW_JS)
    problems = list(found["out"])
    if found["scrollWidth"] > found["width"]:
        problems.append(f"the page scrolls sideways ({found['scrollWidth']} > {found['width']})")
    return problems


def assert_reflows(page: Any, size: dict[str, int] = NARROW) -> None:
    """Nothing overflows at ``size`` (320 px by default); the viewport is put back after."""
    before = page.viewport_size or DESKTOP
    page.set_viewport_size(size)
    try:
        problems = overflowing(page)
    finally:
        page.set_viewport_size(before)
    assert not problems, f"{page.url} overflows at {size['width']} px: " + "; ".join(problems)


@dataclass
class Visit:
    """One checked page: its route template, what it showed, in which language."""

    route: str
    label: str
    language: str
    status: int
    url: str


@dataclass
class Walker:
    """Checks pages of one app in one browser page and remembers them."""

    page: Any
    routes: Iterable[BaseRoute]
    language: str = "en"
    narrow: dict[str, int] | None = field(default_factory=lambda: NARROW)
    visits: list[Visit] = field(default_factory=list)

    def open(self, url: str, label: str, status: int = 200) -> None:
        """Go to ``url``, expect ``status``, and check the page."""
        response = self.page.goto(url)
        assert response is not None and response.status == status, (
            url,
            response and response.status,
        )
        self.check(label, status)

    def submit(self, label: str, status: int, selector: str = MAIN_SUBMIT) -> None:
        """Press the first button matching ``selector``, expect ``status``, check the page."""
        with self.page.expect_navigation() as navigation:
            self.page.locator(selector).first.click()
        got = navigation.value.status if navigation.value is not None else None
        assert got == status, f"{self.page.url}: {got}, expected {status}"
        self.check(label, status)

    def check(self, label: str, status: int = 200) -> None:
        """Check the page as it stands (see the module docstring) and record it."""
        assert_page_basics(self.page)
        lang = self.page.get_attribute("html", "lang")
        assert lang == self.language.replace("_", "-"), f"{self.page.url}: lang is {lang}"
        assert_accessible(self.page)
        if self.narrow:
            assert_reflows(self.page, self.narrow)
        route = route_of(list(self.routes), self.page.url)
        self.visits.append(Visit(route, label, self.language, status, self.page.url))

    def focused(self) -> str:
        """The id of the element holding the focus (a refused form focuses its message)."""
        return str(self.page.evaluate("document.activeElement.id"))

    def routes_visited(self) -> set[str]:
        """The route templates of every page checked."""
        return {visit.route for visit in self.visits}

    def listing(self) -> str:
        """The pages checked, one a line (printed by the tests, for the record)."""
        return "\n".join(f"{v.language:8} {v.status} {v.route:45} {v.label}" for v in self.visits)
