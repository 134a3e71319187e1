"""The ISO 4217 currency list shipped with the package, with each currency's minor units.

``data/currencies.json`` was generated from Debian's iso-codes (``iso_4217.json``), leaving
out funds, precious metals and test codes; minor units (0 for JPY, 3 for KWD, else 2) follow
ISO 4217. Codes are what is stored; a money answer is ``{"amount": "1250.00",
"currency": "EUR"}`` with the amount written to the currency's minor units.
"""

from __future__ import annotations

from functools import cache

from .shipped import rows


@cache
def currencies() -> tuple[tuple[str, str], ...]:
    """Every ``(code, English name)`` pair, sorted by code."""
    return tuple((row["code"], row["name"]) for row in rows("currencies.json", "currencies"))


@cache
def minor_units() -> dict[str, int]:
    """Digits after the decimal point, by currency code."""
    return {row["code"]: int(row["minor_units"]) for row in rows("currencies.json", "currencies")}
