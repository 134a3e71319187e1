"""The ISO 3166-1 country list shipped with the package (no network, no extra dependency).

``data/countries.json`` was generated from Debian's iso-codes (alpha-2 codes with English
names). Codes are what is stored; names are gettext message ids like every other label.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

COUNTRIES_FILE = Path(__file__).parent / "data" / "countries.json"


@cache
def countries() -> tuple[tuple[str, str], ...]:
    """Every ``(alpha-2 code, English name)`` pair, sorted by name."""
    data = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    return tuple((row["code"], row["name"]) for row in data["countries"])


@cache
def country_codes() -> frozenset[str]:
    """The set of valid alpha-2 codes."""
    return frozenset(code for code, _ in countries())
