"""Reading the report's period from a query string or the command line, with clear errors.

A calendar year (``year=2023``) is the default; any date range works (``from=2023-01-01``
and ``to=2023-06-30``), up to :data:`MAX_YEARS` years long, from 1900 to 2999.
"""

from __future__ import annotations

from datetime import date

from casework.statistics.counts import Period
from intake_forms.languages import N_, ExplainedError

FIRST_YEAR = 1900
LAST_YEAR = 2999
MAX_YEARS = 10


class PeriodError(ExplainedError):
    """A period that cannot be reported on; the message (a console message id) says why."""


def _year(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise PeriodError(
            N_("choose a year from %(first)s to %(last)s"), first=FIRST_YEAR, last=LAST_YEAR
        )
    return int(text)


def _day(text: str, message: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(message) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PeriodError(
            N_("choose dates from %(first)s to %(last)s"), first=FIRST_YEAR, last=LAST_YEAR
        )
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
            raise PeriodError(N_("give both the first and the last day of the period"))
        first, last = (
            _day(start, N_("write the first date as YYYY-MM-DD")),
            _day(end, N_("write the last date as YYYY-MM-DD")),
        )
        if last < first:
            raise PeriodError(N_("the period ends before it starts"))
        if (last.year - first.year) >= MAX_YEARS:
            raise PeriodError(N_("choose a period of at most %(most)s years"), most=MAX_YEARS)
        return Period(first, last)
    if year is not None and year.strip():
        return Period.year(_year(year))
    return Period.year(default_year)
