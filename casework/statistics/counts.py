"""Counting cases from clear metadata: by channel, status, category, outcome and clear facts.

Everything here is one SQL aggregation over the ``case`` table (joined to ``case_fact`` for
a channel's declared clear answers, e.g. an advice topic): it reads no ciphertext and
opens no key (an import contract forbids it), so it runs the same with no principal keys
loaded, on SQLite and PostgreSQL. The annual report builds on :func:`count_cases`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col

from casework.cases.envelope import Case
from casework.cases.facts import ClearFact

CASE_DIMENSIONS = {
    "channel": Case.channel,
    "status": Case.status,
    "category": Case.category,
    "outcome": Case.outcome,
}
FACT_PREFIX = "fact:"


class UnknownDimensionError(ValueError):
    """A count was asked by something that is not clear metadata."""


@dataclass(frozen=True, slots=True)
class Period:
    """Cases received from ``start`` to ``end``, both days included."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        """A calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def years(cls, first: int, last: int) -> Period:
        """Whole calendar years from ``first`` to ``last``, both included."""
        return cls(date(first, 1, 1), date(last, 12, 31))

    @property
    def calendar_year(self) -> int | None:
        """The year, when the period is exactly one calendar year; else None."""
        whole = self.start == date(self.start.year, 1, 1) and self.end == date(
            self.start.year, 12, 31
        )
        return self.start.year if whole else None

    def year_before(self) -> Period:
        """The same days one year earlier (29 February becomes the 28th)."""
        return Period(_year_back(self.start), _year_back(self.end))

    @property
    def label(self) -> str:
        """``2023``, or ``2023-01-01 to 2023-06-30``."""
        year = self.calendar_year
        return str(year) if year is not None else f"{self.start} to {self.end}"


def _year_back(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def _column(dimension: str, joined: dict[str, Any]) -> Any:
    if dimension in CASE_DIMENSIONS:
        return col(CASE_DIMENSIONS[dimension])
    if dimension.startswith(FACT_PREFIX):
        name = dimension.removeprefix(FACT_PREFIX)
        if name not in joined:
            joined[name] = ClearFact.__table__.alias(f"fact_{len(joined)}")  # type: ignore[attr-defined]
        return joined[name].c.value
    raise UnknownDimensionError(dimension)


def count_cases(
    *,
    session: Session,
    by: tuple[str, ...],
    period: Period | None = None,
    channel: str | None = None,
) -> dict[tuple[str, ...], int]:
    """How many cases there are for each combination of ``by``.

    Args:
        session: the open transaction.
        by: dimensions: ``channel``, ``status``, ``category``, ``outcome``, or
            ``fact:<name>`` for a channel's clear fact (cases without it are left out).
        period: cases received in it (None: every case).
        channel: only this channel's cases.

    Returns:
        Each combination of values (None shown as "") and its count.

    Raises:
        UnknownDimensionError: a dimension is not clear metadata.
    """
    joined: dict[str, Any] = {}
    columns = [_column(d, joined) for d in by]
    query = core_select(*columns, func.count()).select_from(Case)
    for name, alias in joined.items():
        query = query.join(alias, and_(alias.c.case_id == Case.id, alias.c.name == name))
    if period is not None:
        query = query.where(col(Case.received_on).between(period.start, period.end))
    if channel is not None:
        query = query.where(col(Case.channel) == channel)
    rows = session.execute(query.group_by(*columns))
    return {tuple("" if v is None else str(v) for v in row[:-1]): int(row[-1]) for row in rows}
