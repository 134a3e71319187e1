"""Driving a page with the keyboard only: Tab to move, Enter and Space to act, typing to
write. Every stop on the way must draw the focus ring (an outline of 2 px or more)."""

from __future__ import annotations

from typing import Any

MAX_TABS = 80
RING_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  return ring ? null : e.outerHTML.slice(0, 120);
}"""
"""The focused element's outline as drawn: the ring a sighted keyboard user follows."""


def focused(page: Any, selector: str) -> bool:
    """Whether the focused element matches ``selector``."""
    script = "s => !!document.activeElement && document.activeElement.matches(s)"
    return bool(page.evaluate(script, selector))


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has the focus; each stop on the way
    must be visibly focused.

    Raises:
        AssertionError: a stop without a visible focus, or ``selector`` never reached.
    """
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        shown = page.evaluate(RING_JS)
        assert shown is None, f"focus not visible on {shown}"
        if focused(page, selector):
            return
    raise AssertionError(f"{selector} never got the focus after {MAX_TABS} presses of Tab")


def press(page: Any, key: str, *, navigates: bool = False) -> None:
    """Press Enter or Space (waiting for the page it opens when ``navigates``)."""
    assert key in {"Enter", "Space"}
    if navigates:
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def write(page: Any, text: str) -> None:
    """Type ``text`` into the focused field, key by key."""
    page.keyboard.type(text)
