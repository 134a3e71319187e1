"""The ISO 3166-1 country list shipped with the package (no network, no extra dependency).

``data/countries.json`` was generated from Debian's iso-codes (alpha-2 codes with English
names). Codes are what is stored; names are gettext message ids like every other label.
"""

from __future__ import annotations

from functools import cache

from .shipped import rows


@cache
def countries() -> tuple[tuple[str, str], ...]:
    """Every ``(alpha-2 code, English name)`` pair, sorted by name."""
    return tuple((row["code"], row["name"]) for row in rows("countries.json", "countries"))


@cache
def country_codes() -> frozenset[str]:
    """The set of valid alpha-2 codes."""
    return frozenset(code for code, _ in countries())
