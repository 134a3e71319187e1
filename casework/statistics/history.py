"""Earlier years: yearly totals per category from before the office used Confide.

An annual report shows a seven-year trend; an office that starts with Confide has counted
its earlier years by hand. ``confide import-history FILE.csv`` loads them: a CSV file with
the header ``year,category,count`` and one line per year and category (the category codes
of :data:`casework.statistics.matters.CATEGORIES`). The file is checked whole before
anything is written, and refused with every error and its line number: a year that is not
a year, an unknown category, a count that is not a whole number from 0, a year and category
given twice, or a year in which Confide already holds matters (its figures are counted from
the cases; history only reaches back before them). Importing a year again replaces what
was imported for it. A year's figures are its imported totals plus its cases.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Field, Session, SQLModel, col, delete, select

from casework.cases.envelope import Case
from casework.channels.disclosure.policy import DISCLOSURE_POLICY
from casework.statistics.matters import CATEGORY_CODES
from casework.store.clock import utcnow

HEADER = ("year", "category", "count")
FIRST_YEAR = 1900
LAST_YEAR = 2999
MAX_COUNT = 10_000_000
MAX_LINES = 10_000


class HistoryTotal(SQLModel, table=True):
    """The number of matters of one category in one year before Confide."""

    __tablename__ = "matter_history"

    year: int = Field(primary_key=True)
    category: str = Field(primary_key=True, max_length=64)
    count: int
    imported_at: datetime = Field(default_factory=utcnow)


class HistoryFileError(ValueError):
    """The file was refused whole; ``errors`` has each line number and its problem."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        """Keep the errors; the message lists them, one a line."""
        self.errors = errors
        super().__init__("\n".join(f"line {line}: {problem}" for line, problem in errors))


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One checked line of the file."""

    line: int
    year: int
    category: str
    count: int


def _whole(text: str, low: int, high: int) -> int | None:
    text = text.strip()
    if not text.isdigit() or not text.isascii():
        return None
    value = int(text)
    return value if low <= value <= high else None


def _check(line: int, values: list[str]) -> tuple[HistoryLine | None, list[str]]:
    if len(values) != len(HEADER):
        return None, [f"expected {len(HEADER)} values (year,category,count), got {len(values)}"]
    year = _whole(values[0], FIRST_YEAR, LAST_YEAR)
    count = _whole(values[2], 0, MAX_COUNT)
    category = values[1].strip()
    problems = []
    if year is None:
        problems.append(f"year {values[0].strip()!r} is not a year from {FIRST_YEAR}")
    if category not in CATEGORY_CODES:
        problems.append(f"unknown category {category!r} (see docs/design.md, 'The annual report')")
    if count is None:
        problems.append(f"count {values[2].strip()!r} is not a whole number from 0")
    if problems or year is None or count is None:
        return None, problems
    return HistoryLine(line, year, category, count), []


def read_history(data: bytes) -> list[HistoryLine]:
    """Check a history file line by line.

    Raises:
        HistoryFileError: any line is wrong (all of them are listed), or the file is empty,
            not UTF-8, without the header or too long.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HistoryFileError([(1, "the file is not UTF-8 text")]) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(v.strip().lower() for v in rows[0]) != HEADER:
        raise HistoryFileError([(1, "the first line must be the header year,category,count")])
    if len(rows) > MAX_LINES:
        raise HistoryFileError([(MAX_LINES + 1, f"at most {MAX_LINES} lines")])
    errors: list[tuple[int, str]] = []
    lines: list[HistoryLine] = []
    seen: dict[tuple[int, str], int] = {}
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        checked, problems = _check(number, values)
        errors.extend((number, problem) for problem in problems)
        if checked is None:
            continue
        key = (checked.year, checked.category)
        if key in seen:
            errors.append((number, f"{key[0]} {key[1]} was already given on line {seen[key]}"))
        seen.setdefault(key, number)
        lines.append(checked)
    if not lines and not errors:
        errors.append((2, "the file has no lines after the header"))
    if errors:
        raise HistoryFileError(errors)
    return lines


def _has_matters(session: Session, year: int) -> bool:
    found = session.exec(
        select(Case.id)
        .where(
            col(Case.received_on).between(date(year, 1, 1), date(year, 12, 31)),
            col(Case.channel) != DISCLOSURE_POLICY.id,
        )
        .limit(1)
    ).first()
    return found is not None


def import_history(*, session: Session, lines: list[HistoryLine]) -> int:
    """Replace the imported totals of every year in ``lines`` (the caller commits).

    Returns:
        How many years were imported.

    Raises:
        HistoryFileError: a line is for a year in which Confide already holds matters.
    """
    years = {line.year for line in lines}
    held = {year for year in years if _has_matters(session, year)}
    if held:
        raise HistoryFileError(
            [
                (line.line, f"Confide already holds matters received in {line.year}")
                for line in lines
                if line.year in held
            ]
        )
    session.exec(delete(HistoryTotal).where(col(HistoryTotal.year).in_(years)))
    for line in lines:
        session.add(HistoryTotal(year=line.year, category=line.category, count=line.count))
    session.flush()
    return len(years)


def history_by_year(
    *, session: Session, first_year: int, last_year: int
) -> dict[int, dict[str, int]]:
    """Imported totals from ``first_year`` to ``last_year``, by year and category."""
    rows = session.exec(
        select(HistoryTotal).where(col(HistoryTotal.year).between(first_year, last_year))
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        found[row.year][row.category] = row.count
    return dict(found)
