"""The annual report's figures for a period, from clear metadata only (never a key).

:func:`annual_report` runs a handful of aggregate queries (matters by year and category for
the seven-year trend, determinations, training, each disclosure cycle of the period's years,
reports by category and outcome) and returns an :class:`AnnualReport`: every count under a
key (``2023:advice``, ``2022:retaliation_request``, ``fd2023:nothing``), the sums that tie
totals to parts, the figures (:mod:`casework.statistics.figures`) that say which keys each
table and chart shows, and the keys suppressed under the office's small-numbers threshold
(:mod:`casework.statistics.small_numbers`). The page, the CSV files, the PDF and
``confide report`` all read the same object, so they cannot disagree.

The period is a calendar year by default; any date range works. For a calendar year the
year before is the comparison and imported history (:mod:`casework.statistics.history`)
counts for both; for another range the comparison is the same days a year earlier and
only the trend, which is by calendar year, includes history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session, col, select

from casework.channels.report.policy import REPORT_POLICY
from casework.disclosure.tables import DisclosureCycle
from casework.people.office import small_count_threshold
from casework.statistics.counts import Period, count_cases
from casework.statistics.disclosure import OUTCOMES, cycle_statistics
from casework.statistics.figures import Figure, build_figures
from casework.statistics.history import history_by_year
from casework.statistics.matters import (
    ADVICE,
    ADVICE_TOPIC_CODES,
    CATEGORIES,
    OTHER,
    REPORTS,
    RETALIATION,
    SERVICES_GROUP,
    matters_by_category,
    matters_by_year,
)
from casework.statistics.retaliation import REASONS, determinations
from casework.statistics.small_numbers import Sum, Suppression, change, suppress
from casework.statistics.training import training_totals
from intake_forms.languages import N_

FEWER_THAN = N_("fewer than %(n)s")
NOT_SHOWN = N_("not shown")
"""What stands in for a suppressed count (translated where the report is shown)."""

TREND_YEARS = 7
OPEN = "open"


@dataclass(frozen=True, slots=True)
class Tags:
    """How the keys of the period, the comparison and the trend's years are named."""

    now: str
    before: str
    years: tuple[int, ...]


@dataclass
class _Values:
    values: dict[str, int] = field(default_factory=dict)
    sums: list[Sum] = field(default_factory=list)

    def add_sum(self, total: str, parts: list[str]) -> None:
        self.values[total] = sum(self.values.get(p, 0) for p in parts)
        self.sums.append((total, tuple(parts)))


@dataclass(frozen=True, slots=True)
class AnnualReport:
    """Every figure of the report for one period, with its small-number suppression."""

    period: Period
    before: Period
    tags: Tags
    threshold: int
    values: Mapping[str, int]
    figures: tuple[Figure, ...]
    suppression: Suppression

    def count(self, key: str) -> int | None:
        """The count, or None when it is not shown (fewer than N, or hidden with one)."""
        return None if key in self.suppression.hidden else self.values.get(key, 0)

    def hidden(self, key: str) -> tuple[str, dict[str, int]]:
        """What stands in for a count that is not shown: a message id and its values."""
        if key in self.suppression.small:
            return FEWER_THAN, {"n": self.threshold}
        return NOT_SHOWN, {}

    def share(self, key: str, base: str) -> float | None:
        """``key`` as a share of ``base`` (None if either is suppressed or the base is 0)."""
        part, whole = self.count(key), self.count(base)
        return None if part is None or not whole else part / whole

    def change(self, before: str, now: str) -> float | None:
        """The change from ``before`` to ``now`` (None if either is suppressed or was 0)."""
        old, new = self.count(before), self.count(now)
        return None if old is None or new is None else change(old, new)


def _matter_values(out: _Values, tag: str, counts: Mapping[str, int]) -> None:
    values = out.values
    for category in CATEGORIES:
        values[f"{tag}:{category.code}"] = counts.get(category.code, 0)
    k = f"{tag}:".__add__
    out.add_sum(k(ADVICE), [k(c) for c in ADVICE_TOPIC_CODES])
    out.add_sum(k("retaliation"), [k(c) for c in RETALIATION])
    services = [c.code for c in CATEGORIES if c.group == SERVICES_GROUP]
    out.add_sum(k(SERVICES_GROUP), [k("retaliation")] + [k(c) for c in services[2:]])
    others = [k(c.code) for c in CATEGORIES if c.group in (REPORTS, OTHER)]
    out.add_sum(k("total"), [k(ADVICE), k(SERVICES_GROUP), *others])


def _merged(*parts: Mapping[int, Mapping[str, int]]) -> dict[int, dict[str, int]]:
    merged: dict[int, dict[str, int]] = {}
    for part in parts:
        for year, counts in part.items():
            target = merged.setdefault(year, {})
            for code, count in counts.items():
                target[code] = target.get(code, 0) + count
    return merged


def _matters(session: Session, out: _Values, period: Period, tags: Tags) -> None:
    first, last = tags.years[0], tags.years[-1]
    by_year = _merged(
        matters_by_year(
            session=session,
            first_year=first,
            last_year=last,
            detailed_from=last - 1 if period.calendar_year is not None else last + 1,
        ),
        history_by_year(session=session, first_year=first, last_year=last),
    )
    for year in tags.years:
        _matter_values(out, str(year), by_year.get(year, {}))
    if period.calendar_year is None:
        _matter_values(out, tags.now, matters_by_category(session=session, period=period))
        before = period.year_before()
        _matter_values(out, tags.before, matters_by_category(session=session, period=before))


def _decisions(session: Session, out: _Values, tag: str, period: Period) -> None:
    found = determinations(session=session, period=period)
    for reason in REASONS:
        out.values[f"{tag}:det:{reason}"] = found.by_reason.get(reason, 0)
    out.add_sum(f"{tag}:determinations", [f"{tag}:det:{r}" for r in REASONS])
    out.values[f"{tag}:referred"] = found.referred
    training = training_totals(session=session, start=period.start, end=period.end)
    out.values[f"{tag}:sessions"] = training.sessions
    out.values[f"{tag}:participants"] = training.participants


def _cycles(session: Session, out: _Values, period: Period) -> list[int]:
    cycles = session.exec(
        select(DisclosureCycle)
        .where(col(DisclosureCycle.year).between(period.start.year, period.end.year))
        .order_by(col(DisclosureCycle.year))
    ).all()
    for cycle in cycles:
        stats = cycle_statistics(session=session, cycle_id=cycle.id)
        k = f"fd{cycle.year}:".__add__
        out.values[k("filers")] = stats.filers
        for code in OUTCOMES:
            out.values[k(code)] = stats.disclosed_outcomes.get(code, 0)
        out.add_sum(k("disclosed"), [k(code) for code in OUTCOMES])
        out.values[k("nothing")] = stats.nothing_to_disclose
        out.add_sum(k("filed"), [k("nothing"), k("disclosed")])
    return [cycle.year for cycle in cycles]


def _reports(session: Session, out: _Values, tag: str, period: Period) -> None:
    found = count_cases(
        session=session, by=("category", "outcome"), period=period, channel=REPORT_POLICY.id
    )
    outcomes = [c.code for c in REPORT_POLICY.outcomes] + [OPEN]
    categories = sorted({category for category, _outcome in found})
    for (category, outcome), count in found.items():
        out.values[f"{tag}:rep:{category}:{outcome or OPEN}"] = count
    for category in categories:
        out.add_sum(f"{tag}:rep:{category}", [f"{tag}:rep:{category}:{o}" for o in outcomes])
    for outcome in outcomes:
        out.add_sum(f"{tag}:repo:{outcome}", [f"{tag}:rep:{c}:{outcome}" for c in categories])
    out.sums.append((f"{tag}:reports", tuple(f"{tag}:rep:{c}" for c in categories)))


def tags_for(period: Period) -> Tags:
    """Key names: the year itself for a calendar year, ``now``/``before`` for a range."""
    last = period.end.year
    years = tuple(range(last - TREND_YEARS + 1, last + 1))
    year = period.calendar_year
    if year is None:
        return Tags(N_("now"), N_("before"), years)
    return Tags(str(year), str(year - 1), years)


def _custom_plans(session: Session) -> None:
    """On PostgreSQL, plan each query for its own dates and channel.

    psycopg prepares a statement once it has run five times, and PostgreSQL may then keep
    one generic plan for it; the report runs the same aggregation for seven years, and a
    generic plan (blind to which range and channel it counts) took it from 0.4 to over
    2 seconds (bench/results/report.md). ``SET LOCAL`` lasts for this transaction only.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def annual_report(*, session: Session, period: Period) -> AnnualReport:
    """The report's figures for ``period``, suppressed under the office's threshold."""
    _custom_plans(session)
    tags = tags_for(period)
    before = period.year_before()
    out = _Values()
    _matters(session, out, period, tags)
    _decisions(session, out, tags.now, period)
    _decisions(session, out, tags.before, before)
    cycle_years = _cycles(session, out, period)
    _reports(session, out, tags.now, period)
    figures = build_figures(out.values, tags, cycle_years)
    shown = {key for figure in figures for row in figure.rows for key in row.keys}
    threshold = small_count_threshold(session=session)
    return AnnualReport(
        period=period,
        before=before,
        tags=tags,
        threshold=threshold,
        values=out.values,
        figures=figures,
        suppression=suppress(out.values, out.sums, shown=shown, threshold=threshold),
    )
