"""The annual report's figures, in the order an annual report gives them.

Each :class:`Figure` is a table (rows of count keys, one per column) and the chart drawn
from it: which columns are its series, whether bars run across (``hbar``, categories) or
up (``vbar``, years). Shares and year-on-year changes are worked out from the shown counts
by :class:`casework.statistics.annual.AnnualReport`, so a suppressed count takes its share
and its change with it. The order follows the model office's annual report: matters by
category, the seven-year trend, advice by topic, retaliation advice and formal requests,
training, the financial disclosure programme, then reports of possible wrongdoing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casework.channels.report.policy import REPORT_POLICY
from casework.channels.retaliation.policy import NO_CAUSAL_LINK, NO_PROTECTED_ACTIVITY, PRIMA_FACIE
from casework.statistics.matters import ADVICE_TOPIC_CODES, LABEL_OF, OTHER_MATTERS, REPORT_MATTERS
from intake_forms.languages import N_
from intake_forms.report import CATEGORIES as REPORT_CATEGORIES

if TYPE_CHECKING:
    from casework.statistics.annual import Tags

RETALIATION_YEARS = 4
OPEN_LABEL = N_("Open")


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table: its label and the key of its count in each column."""

    label: str
    keys: tuple[str, ...]
    level: int = 0
    bar: bool = True
    total: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    """A table and its chart.

    ``share_of``: the last column is also shown as a share of this key. ``change``:
    ``columns`` compares the last column with the one before it, ``rows`` each row with
    the row above (a trend by year). Every text is a message id (marked ``N_``) that the
    report translates where it is shown; ``title_values`` fill the title's ``%(name)s``
    placeholders after translation (:func:`confide.annual_report.words.figure_title`).
    """

    id: str
    number: int
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    chart: str = "hbar"
    series: tuple[int, ...] = (-1,)
    share_of: str = ""
    change: str = ""
    note: str = ""
    row_heading: str = N_("Category")
    title_values: tuple[tuple[str, int], ...] = ()

    @property
    def bars(self) -> int:
        """How many bars its chart draws."""
        return sum(1 for row in self.rows if row.bar) * len(self.series)


def _matters(values: Mapping[str, int], tags: Tags, number: int) -> Figure:
    now, before = tags.now, tags.before

    def row(label: str, name: str, level: int = 0, *, bar: bool = True) -> Row:
        return Row(label, (f"{before}:{name}", f"{now}:{name}"), level, bar)

    optional = [
        row(LABEL_OF[code], code)
        for code in (REPORT_MATTERS, OTHER_MATTERS)
        if values.get(f"{now}:{code}") or values.get(f"{before}:{code}")
    ]
    rows = (
        row(N_("Advice"), "advice"),
        row(N_("Services"), "services", bar=False),
        row(N_("Protection against retaliation"), "retaliation", 1),
        row(N_("Financial disclosure programme"), "fd_programme", 1),
        row(N_("Training and awareness"), "training", 1),
        row(N_("Policy and standard setting"), "standard_setting", 1),
        row(N_("Coherence"), "coherence", 1),
        *optional,
        Row(N_("Total"), (f"{before}:total", f"{now}:total"), bar=False, total=True),
    )
    return Figure(
        "matters",
        number,
        N_("Matters handled by category"),
        (before, now),
        rows,
        share_of=f"{now}:total",
        change="columns",
    )


def _trend(tags: Tags, number: int) -> Figure:
    rows = tuple(Row(str(year), (f"{year}:total",)) for year in tags.years)
    return Figure(
        "trend",
        number,
        N_("Matters by year, %(first)s to %(last)s"),
        (N_("Matters"),),
        rows,
        chart="vbar",
        change="rows",
        row_heading=N_("Year"),
        title_values=(("first", tags.years[0]), ("last", tags.years[-1])),
    )


def _advice(values: Mapping[str, int], tags: Tags, number: int) -> Figure:
    now, before = tags.now, tags.before
    topics = sorted(
        ADVICE_TOPIC_CODES, key=lambda t: (t == "other", -values.get(f"{now}:{t}", 0), t)
    )
    rows = tuple(Row(LABEL_OF[t], (f"{before}:{t}", f"{now}:{t}")) for t in topics)
    total = Row(N_("Total"), (f"{before}:advice", f"{now}:advice"), bar=False, total=True)
    return Figure(
        "advice",
        number,
        N_("Advice by topic"),
        (before, now),
        (*rows, total),
        share_of=f"{now}:advice",
        change="columns",
    )


def _retaliation(tags: Tags, number: int) -> tuple[Figure, Figure]:
    years = tags.years[-RETALIATION_YEARS:]
    advice = Figure(
        "retaliation-advice",
        number,
        N_("Advice requests about retaliation, by year"),
        (N_("Advice requests"),),
        tuple(Row(str(y), (f"{y}:retaliation_advice",)) for y in years),
        chart="vbar",
        change="rows",
        row_heading=N_("Year"),
    )
    now, before = tags.now, tags.before

    def row(label: str, name: str, level: int = 0, *, bar: bool = True) -> Row:
        return Row(label, (f"{before}:{name}", f"{now}:{name}"), level, bar)

    formal = Figure(
        "protection",
        number + 1,
        N_("Formal requests for protection against retaliation"),
        (before, now),
        (
            row(N_("Formal requests received"), "retaliation_request"),
            row(N_("Preliminary reviews completed"), "determinations"),
            row(N_("No protected activity"), f"det:{NO_PROTECTED_ACTIVITY}", 1, bar=False),
            row(N_("No causal link"), f"det:{NO_CAUSAL_LINK}", 1, bar=False),
            row(N_("Prima facie case of retaliation"), f"det:{PRIMA_FACIE}", 1, bar=False),
            row(N_("Prima facie cases referred"), "referred"),
        ),
        series=(0, 1),
        change="columns",
        note=N_("Decisions are counted with the requests received in the period, whenever made."),
    )
    return advice, formal


def _training(tags: Tags, number: int) -> Figure:
    now, before = tags.now, tags.before
    return Figure(
        "training",
        number,
        N_("Training and awareness"),
        (before, now),
        (
            Row(N_("Sessions"), (f"{before}:sessions", f"{now}:sessions")),
            Row(N_("Participants"), (f"{before}:participants", f"{now}:participants")),
        ),
        series=(0, 1),
        change="columns",
    )


def _disclosure(year: int, number: int) -> Figure:
    def row(label: str, name: str, level: int = 0, *, bar: bool = True) -> Row:
        return Row(label, (f"fd{year}:{name}",), level, bar)

    return Figure(
        f"disclosure-{year}",
        number,
        N_("Financial disclosure programme, %(year)s cycle"),
        (N_("Statements"),),
        (
            row(N_("Filers on the roster"), "filers", bar=False),
            row(N_("Statements filed"), "filed", bar=False),
            row(N_("Nothing to disclose"), "nothing", 1),
            row(N_("Something to disclose"), "disclosed", 1, bar=False),
            row(N_("Closed with no further action"), "no_action", 2),
            row(N_("Closed after more information"), "more_information", 2),
            row(N_("Advice given"), "advice_given", 2),
            row(N_("Still in review"), "open", 2),
        ),
        share_of=f"fd{year}:filed",
        title_values=(("year", year),),
    )


def _reports(values: Mapping[str, int], tags: Tags, number: int) -> Figure:
    now = tags.now
    labels = {c.value: c.label for c in REPORT_CATEGORIES}
    outcomes = [(c.code, c.label) for c in REPORT_POLICY.outcomes] + [("open", OPEN_LABEL)]
    used = [(code, label) for code, label in outcomes if values.get(f"{now}:repo:{code}")]
    categories = [c for c in labels if values.get(f"{now}:rep:{c}")]
    rows = tuple(
        Row(
            labels[c],
            (*(f"{now}:rep:{c}:{code}" for code, _label in used), f"{now}:rep:{c}"),
        )
        for c in categories
    )
    total = Row(
        N_("Total"),
        (*(f"{now}:repo:{code}" for code, _label in used), f"{now}:reports"),
        bar=False,
        total=True,
    )
    return Figure(
        "reports",
        number,
        N_("Reports of possible wrongdoing by category and outcome"),
        (*(label for _code, label in used), N_("Total")),
        (*rows, total) if rows else (),
        note="" if rows else N_("No report of possible wrongdoing was received in this period."),
    )


def build_figures(
    values: Mapping[str, int], tags: Tags, cycle_years: list[int]
) -> tuple[Figure, ...]:
    """Every figure of the report, numbered in order."""
    advice, formal = _retaliation(tags, 4)
    figures = [
        _matters(values, tags, 1),
        _trend(tags, 2),
        _advice(values, tags, 3),
        advice,
        formal,
        _training(tags, 6),
    ]
    figures += [_disclosure(year, 7 + i) for i, year in enumerate(cycle_years)]
    figures.append(_reports(values, tags, len(figures) + 1))
    return tuple(figures)
