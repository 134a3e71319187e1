"""The style sheets follow the reading direction and show focus (docs/design.md,
"Accessibility"): no physical left/right, a visible focus ring, targets of at least 24 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHEETS = sorted(
    p
    for p in ROOT.glob("*/**/static/**/*.css")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)
PHYSICAL = re.compile(
    r"(?<![\w-])(?:margin|padding|border)-(?:left|right)\b"  # margin-left, border-right-color
    r"|(?<![\w-])(?:left|right)\s*:"  # left: 0
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)\b"
    r"|(?<![\w-])(?:width|height|min-width|min-height|max-width|max-height)\s*:"
    r"|(?<![\w-])(?:margin|padding|border)-(?:top|bottom)\b"
)
"""Physical properties: on a right-to-left page they point the wrong way (use the logical
``inline``/``block`` forms). Sizes in media queries are conditions, not properties."""


def _rules(css: str) -> str:
    """The declarations of a sheet: comments removed, media conditions blanked."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return re.sub(r"@media[^{]*\{", "@media {", css)


def test_there_are_style_sheets() -> None:
    """Both apps' sheets are found (the shared one and the gateway's)."""
    names = {p.name for p in SHEETS}

    assert {"confide.css", "gateway.css"} <= names


@pytest.mark.parametrize("sheet", SHEETS, ids=[p.name for p in SHEETS])
def test_no_physical_direction(sheet: Path) -> None:
    """Only logical properties (margin-inline-start, inset-inline-start, inline-size...)."""
    found = PHYSICAL.findall(_rules(sheet.read_text()))

    assert found == [], f"{sheet.name}: physical properties {found}"


def test_focus_is_always_visible() -> None:
    """The shared sheet draws a focus ring and nothing removes one without drawing another."""
    css = _rules((ROOT / "confide/web/static/confide.css").read_text())
    everything = "".join(_rules(p.read_text()) for p in SHEETS)

    assert re.search(r":focus-visible\s*\{[^}]*outline:\s*3px solid", css)
    assert not re.search(r"outline:\s*(?:none|0)\b", everything)


def test_targets_are_at_least_24px() -> None:
    """Buttons and the header's links are at least 24 px high (WCAG 2.2, 2.5.8)."""
    css = _rules((ROOT / "confide/web/static/confide.css").read_text())
    button = re.search(r"\nbutton, \.button \{([^}]*)\}", css)

    assert button and "min-block-size: 24px" in button[1]
    assert re.search(r"header\.site nav a[^{]*\{[^}]*min-block-size: 24px", css)
