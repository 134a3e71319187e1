"""Matters by category, as the annual report counts them, from clear metadata only.

Every case but a financial disclosure statement is a *matter* (statements are the
disclosure programme's own figures, :mod:`casework.statistics.disclosure`). Its category in
the report is worked out in SQL from the case's channel, its clear category and, for a
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
reports, other. :func:`matters_by_year` is one aggregation grouped by year and category.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, and_, case, cast, extract, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col

from casework.cases.envelope import Case
from casework.cases.facts import ClearFact
from casework.channels.disclosure.policy import DISCLOSURE_POLICY
from casework.statistics.counts import Period
from intake_forms.advice import ADVICE_TOPICS
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
    MatterCategory(RETALIATION_ADVICE, "Retaliation: advice requests", SERVICES_GROUP),
    MatterCategory(RETALIATION_REQUEST, "Retaliation: formal requests", SERVICES_GROUP),
    *(MatterCategory(c, _SERVICE_LABELS[c], SERVICES_GROUP) for c in _SERVICE_ORDER),
    MatterCategory(REPORT_MATTERS, "Reports of possible wrongdoing", REPORTS),
    MatterCategory(OTHER_MATTERS, "Other matters", OTHER),
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


def matter_category() -> Any:
    """The SQL expression of a case's matter category (see the module's table).

    A logged matter's kind is read by a correlated subquery that runs only for logged
    cases, so other cases cost no join.
    """
    kind = (
        core_select(ClearFact.value)  # type: ignore[call-overload]
        .where(col(ClearFact.case_id) == col(Case.id), col(ClearFact.name) == KIND_FACT)
        .scalar_subquery()
    )
    logged = case(
        *((kind == k, v) for k, v in _BY_LOGGED_KIND.items()),
        else_=col(Case.category),
    )
    known_category = col(Case.category).in_(
        [c.code for c in CATEGORIES if c.group in (ADVICE, SERVICES_GROUP)]
    )
    return case(
        (col(Case.channel) == "advice", col(Case.category)),
        *((col(Case.channel) == ch, v) for ch, v in _BY_CHANNEL.items()),
        (and_(col(Case.channel) == LOGGED, known_category), logged),
        (col(Case.channel) == LOGGED, kind),
        else_=OTHER_MATTERS,
    )


def _year() -> Any:
    return cast(extract("year", col(Case.received_on)), Integer)


def matters_by_year(
    *, session: Session, first_year: int, last_year: int
) -> dict[int, dict[str, int]]:
    """Matters received in each year from ``first_year`` to ``last_year``, by category.

    One aggregation grouped by year and category. A logged matter whose kind maps to a
    category wins over its own category; an unknown one counts as other matters.
    """
    return _grouped(session, Period.years(first_year, last_year), _year())


def matters_by_category(*, session: Session, period: Period) -> dict[str, int]:
    """Matters received in ``period`` (any date range), by category."""
    by_year = _grouped(session, period, None)
    return by_year.get(0, {})


def _grouped(session: Session, period: Period, year: Any) -> dict[int, dict[str, int]]:
    category = matter_category()
    keys = [category] if year is None else [year, category]
    query = (
        core_select(*keys, func.count())
        .select_from(Case)
        .where(
            col(Case.received_on).between(period.start, period.end),
            col(Case.channel) != DISCLOSURE_POLICY.id,
        )
        .group_by(*keys)
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for row in session.execute(query):
        values = list(row)
        when = 0 if year is None else int(values.pop(0))
        code = values[0] if values[0] in CATEGORY_CODES else OTHER_MATTERS
        found[when][code] = found[when].get(code, 0) + int(values[1])
    return dict(found)
