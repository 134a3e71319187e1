"""Reading the report's period from a query string or the command line, with clear errors.

A calendar year (``year=2023``) is the default; any date range works (``from=2023-01-01``
and ``to=2023-06-30``), up to :data:`MAX_YEARS` years long, from 1900 to 2999.
"""

from __future__ import annotations

from datetime import date

from casework.statistics.counts import Period

FIRST_YEAR = 1900
LAST_YEAR = 2999
MAX_YEARS = 10


class PeriodError(ValueError):
    """A period that cannot be reported on; the message says why."""


def _year(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise PeriodError(f"choose a year from {FIRST_YEAR} to {LAST_YEAR}")
    return int(text)


def _day(text: str, name: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"write the {name} date as YYYY-MM-DD") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PeriodError(f"choose dates from {FIRST_YEAR} to {LAST_YEAR}")
    return day


def parse_period(
    *, year: str | None, start: str | None, end: str | None, default_year: int
) -> Period:
    """The period asked for: a date range if both ends are given, else a year.

    Raises:
        PeriodError: a year or a date that is not one, a range that ends before it starts
            or is longer than :data:`MAX_YEARS` years, or only one end of a range.
    """
    start, end = (start or "").strip(), (end or "").strip()
    if start or end:
        if not (start and end):
            raise PeriodError("give both the first and the last day of the period")
        first, last = _day(start, "first"), _day(end, "last")
        if last < first:
            raise PeriodError("the period ends before it starts")
        if (last.year - first.year) >= MAX_YEARS:
            raise PeriodError(f"choose a period of at most {MAX_YEARS} years")
        return Period(first, last)
    if year is not None and year.strip():
        return Period.year(_year(year))
    return Period.year(default_year)
