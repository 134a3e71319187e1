"""The report's period from a query or the command line, and CSV cells a spreadsheet will
not run as formulas."""

from datetime import date

import pytest

from casework.statistics.counts import Period
from confide.annual_report.documents import safe_cell
from confide.annual_report.period import PeriodError, parse_period


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("+12%", "+12%"),
        ("−17%", "−17%"),
        ("1294", "1294"),
        ("fewer than 5", "fewer than 5"),
        ("Advice", "Advice"),
    ],
    ids=[
        "equals",
        "plus-dde",
        "minus-formula",
        "at",
        "tab",
        "change",
        "fall",
        "count",
        "suppressed",
        "label",
    ],
)
def test_csv_cells_never_start_a_formula(cell: str, written: str) -> None:
    """Formula starts get an apostrophe; plain numbers and percentages stay as they are."""
    assert safe_cell(cell) == written


@pytest.mark.parametrize(
    ("year", "start", "end", "message"),
    [
        ("20x3", None, None, "choose a year"),
        ("1066", None, None, "choose a year"),
        (None, "2023-01-01", None, "both the first and the last day"),
        (None, "2023-13-01", "2023-12-31", "YYYY-MM-DD"),
        (None, "2023-06-30", "2023-01-01", "ends before it starts"),
        (None, "2000-01-01", "2023-12-31", "at most 10 years"),
    ],
    ids=["not-a-year", "too-early", "one-end", "bad-date", "backwards", "too-long"],
)
def test_a_period_that_is_not_one_is_refused_with_a_reason(year, start, end, message) -> None:
    """Each wrong period says what is wrong."""
    with pytest.raises(PeriodError, match=message):
        parse_period(year=year, start=start, end=end, default_year=2026)


def test_a_year_a_range_and_the_default() -> None:
    """A range wins over a year; nothing asked is this year."""
    assert parse_period(year="2023", start=None, end=None, default_year=2026) == Period.year(2023)
    assert parse_period(
        year="2023", start="2023-01-01", end="2023-06-30", default_year=2026
    ) == Period(date(2023, 1, 1), date(2023, 6, 30))
    assert parse_period(year=None, start="", end="", default_year=2026) == Period.year(2026)
    assert Period(date(2024, 1, 1), date(2024, 2, 29)).year_before() == Period(
        date(2023, 1, 1), date(2023, 2, 28)
    )
