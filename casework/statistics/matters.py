"""Matters by category, as the annual report counts them, from clear metadata only.

Every case but a financial disclosure statement is a *matter* (statements are the
disclosure programme's own figures, :mod:`casework.statistics.disclosure`). Its category in
the report is worked out from the case's channel, its clear category and, for a
matter an officer logged, its clear ``kind`` fact:

| channel | matter category |
|---|---|
| ``advice`` | the advice topic (the case's category) |
| ``outside-activity`` | outside activities (an advice topic) |
| ``gift`` | gifts and hospitality (an advice topic) |
| ``retaliation-advice`` | protection against retaliation: advice request |
| ``protection`` | protection against retaliation: formal request |
| ``logged`` | by its kind (retaliation, outside activity, gift) as above, else its category |
| ``report`` | reports of possible wrongdoing |
| any other | other matters |

Categories fall in groups: advice, services (protection against retaliation, the financial
disclosure programme, training and awareness, policy and standard setting, coherence),
reports, other. :func:`matters_by_year` runs one aggregation per year by channel and
category (from an index alone), and one for the few logged matters whose kind decides
(read from the index on the fact's name and value); the groups are mapped to categories
by :func:`category_of`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, cast, extract, func
from sqlalchemy import select as core_select
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlmodel import Session, col

from casework.cases.envelope import Case
from casework.cases.facts import ClearFact
from casework.channels.disclosure.policy import DISCLOSURE_POLICY
from casework.statistics.counts import Period
from intake_forms.advice import ADVICE_TOPICS
from intake_forms.languages import N_
from intake_forms.logged import SERVICES

ADVICE = "advice"
SERVICES_GROUP = "services"
REPORTS = "reports"
OTHER = "other"

RETALIATION_ADVICE = "retaliation_advice"
RETALIATION_REQUEST = "retaliation_request"
OUTSIDE_ACTIVITIES = "outside_activities"
GIFTS = "gifts"
REPORT_MATTERS = "reports"
OTHER_MATTERS = "other_matters"
RETALIATION = (RETALIATION_ADVICE, RETALIATION_REQUEST)


@dataclass(frozen=True, slots=True)
class MatterCategory:
    """A category of the annual report, in its group."""

    code: str
    label: str
    group: str


_SERVICE_ORDER = ("fd_programme", "training", "standard_setting", "coherence")
_SERVICE_LABELS = {choice.value: choice.label for choice in SERVICES}
CATEGORIES: tuple[MatterCategory, ...] = (
    *(MatterCategory(t.value, t.label, ADVICE) for t in ADVICE_TOPICS),
    MatterCategory(RETALIATION_ADVICE, N_("Retaliation: advice requests"), SERVICES_GROUP),
    MatterCategory(RETALIATION_REQUEST, N_("Retaliation: formal requests"), SERVICES_GROUP),
    *(MatterCategory(c, _SERVICE_LABELS[c], SERVICES_GROUP) for c in _SERVICE_ORDER),
    MatterCategory(REPORT_MATTERS, N_("Reports of possible wrongdoing"), REPORTS),
    MatterCategory(OTHER_MATTERS, N_("Other matters"), OTHER),
)
"""Every category a matter can have, in the report's order (also what history may import)."""
CATEGORY_CODES = frozenset(c.code for c in CATEGORIES)
GROUP_OF = {c.code: c.group for c in CATEGORIES}
LABEL_OF = {c.code: c.label for c in CATEGORIES}
ADVICE_TOPIC_CODES = tuple(t.value for t in ADVICE_TOPICS)

_BY_CHANNEL = {
    "outside-activity": OUTSIDE_ACTIVITIES,
    "gift": GIFTS,
    "retaliation-advice": RETALIATION_ADVICE,
    "protection": RETALIATION_REQUEST,
    "report": REPORT_MATTERS,
}
_BY_LOGGED_KIND = {
    "retaliation": RETALIATION_ADVICE,
    "outside_activity": OUTSIDE_ACTIVITIES,
    "gift": GIFTS,
}
LOGGED = "logged"
KIND_FACT = "kind"
_LOGGED_CATEGORIES = frozenset(c.code for c in CATEGORIES if c.group in (ADVICE, SERVICES_GROUP))


def category_of(channel: str, category: str, kind: str | None) -> str:
    """A case's matter category (see the module's table)."""
    if channel == "advice":
        return category if category in ADVICE_TOPIC_CODES else OTHER_MATTERS
    if channel in _BY_CHANNEL:
        return _BY_CHANNEL[channel]
    if channel == LOGGED:
        if kind in _BY_LOGGED_KIND:
            return _BY_LOGGED_KIND[kind]
        return category if category in _LOGGED_CATEGORIES else OTHER_MATTERS
    return OTHER_MATTERS


def _year() -> Any:
    return cast(extract("year", col(Case.received_on)), Integer)


def matters_by_year(
    *, session: Session, first_year: int, last_year: int, detailed_from: int | None = None
) -> dict[int, dict[str, int]]:
    """Matters received in each year from ``first_year`` to ``last_year``, by category.

    A logged matter whose kind maps to a category counts there, whatever its own
    category; an unknown category counts as other matters. Years before
    ``detailed_from`` are exact in their totals and their retaliation categories only (a
    logged outside activity or gift stays in its own category there): the report shows
    no more of them, and it saves reading those years' facts.
    """
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for year in range(first_year, last_year + 1):
        _plain(session, Period.year(year), found[year])
    detailed = first_year if detailed_from is None else max(first_year, detailed_from)
    _overrides(
        session, Period.years(first_year, last_year), found, by_year=True, detailed_from=detailed
    )
    return {year: counts for year, counts in found.items() if counts}


def matters_by_category(*, session: Session, period: Period) -> dict[str, int]:
    """Matters received in ``period`` (any date range), by category."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    _plain(session, period, found[0])
    _overrides(session, period, found, by_year=False)
    return found[0]


def _add(counts: dict[str, int], code: str, count: int) -> None:
    counts[code] = counts.get(code, 0) + count


def _plain(session: Session, period: Period, counts: dict[str, int]) -> None:
    """Every case of the period but statements, by channel and category: no join, no
    expression per row, counted from the index on (channel, category, received_on)."""
    query = (
        core_select(col(Case.channel), col(Case.category), func.count())
        .where(
            col(Case.received_on).between(period.start, period.end),
            col(Case.channel) != DISCLOSURE_POLICY.id,
        )
        .group_by(col(Case.channel), col(Case.category))
    )
    for channel, category, count in session.execute(query):
        _add(counts, category_of(channel, category, None), int(count))


def _from_facts(session: Session, *columns: Any) -> list[Any]:
    """The case's columns, so that the join is driven from the few facts.

    SQLite would otherwise walk the period's logged cases through the index on
    (channel, received_on) and look each one's facts up (20 times slower); its documented
    unary ``+`` keeps a term off the indexes, so it reads the facts from their index and
    each case by key. PostgreSQL plans the join by its statistics and gets the columns
    as they are.
    """
    if session.get_bind().dialect.name != "sqlite":
        return list(columns)
    return [UnaryExpression(c, operator=custom_op("+"), type_=c.type) for c in columns]


_RETALIATION_KINDS = tuple(kind for kind, code in _BY_LOGGED_KIND.items() if code in RETALIATION)


def _overrides(
    session: Session,
    period: Period,
    found: dict[int, dict[str, int]],
    *,
    by_year: bool,
    detailed_from: int | None = None,
) -> None:
    """Move the logged matters whose kind decides (retaliation, an outside activity, a
    gift) from their category to the kind's, in one query for every kind: driven by the
    index on the fact's (name, value, case_id), so only those few matters are read. Before
    ``detailed_from`` (a year) only retaliation is moved (see :func:`matters_by_year`)."""
    when = [_year()] if by_year else []
    kind = col(ClearFact.value)
    channel, received = _from_facts(session, col(Case.channel), col(Case.received_on))
    query = (
        core_select(*when, col(Case.category), kind, func.count())
        .join(ClearFact, col(ClearFact.case_id) == col(Case.id))
        .where(
            col(ClearFact.name) == KIND_FACT,
            kind.in_(tuple(_BY_LOGGED_KIND)),
            channel == LOGGED,
            received.between(period.start, period.end),
        )
        .group_by(*when, col(Case.category), kind)
    )
    if detailed_from is not None and detailed_from > period.start.year:
        query = query.where(
            kind.in_(_RETALIATION_KINDS) | (received >= Period.year(detailed_from).start)
        )
    for row in session.execute(query):
        values = list(row)
        counts = found[int(values.pop(0)) if by_year else 0]
        category, logged_kind, count = values[0], values[1], int(values[2])
        _add(counts, category_of(LOGGED, category, None), -count)
        _add(counts, _BY_LOGGED_KIND[logged_kind], count)
