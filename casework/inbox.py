"""The inbox: metadata of the cases a principal holds grants for, filtered, sorted, paged.

Only clear metadata is read (DESIGN.md, "Clear metadata"); nothing here needs a key.

Shape of the query (the target is p95 <= 50 ms at 100,000 cases, one officer holding all):
the page walks ``case`` in the order of the indexed sort column and keeps a case when an
``EXISTS`` probe finds the principal's grant through the unique ``(case_id, principal_id)``
index, so a page of 25 costs about 25 probes plus the offset, however many grants the
principal holds. The equality filters (channel, status, category, assignee) are
written as expressions the planner cannot answer from their single-column indexes; it would
otherwise fetch a third of the table by channel and sort it. The total is counted only up
to :data:`COUNT_CAP` (shown as "1000+"), because an exact count of 100,000 joined rows costs
more than the page itself. The sort keys are whitelisted columns with the case id as a
tiebreaker, so pages are stable.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, false, or_
from sqlmodel import Session, col, func, select

from .cases import Case, CaseStatus, Grant
from .deadlines import days_left

PAGE_SIZE = 25
COUNT_CAP = 1000
MAX_PAGE = 10_000
SOON_DAYS = 3


class Sort(enum.StrEnum):
    """The orders the inbox offers."""

    NEWEST = "newest"
    OLDEST = "oldest"
    ACK_DUE = "ack_due"
    FEEDBACK_DUE = "feedback_due"
    ACTIVITY = "activity"


_ORDER: dict[Sort, tuple[Any, ...]] = {
    Sort.NEWEST: (col(Case.received_on).desc(), col(Case.id).desc()),
    Sort.OLDEST: (col(Case.received_on).asc(), col(Case.id).asc()),
    Sort.ACK_DUE: (col(Case.ack_due_on).asc(), col(Case.id).asc()),
    Sort.FEEDBACK_DUE: (col(Case.feedback_due_on).asc(), col(Case.id).asc()),
    Sort.ACTIVITY: (col(Case.last_activity_on).desc(), col(Case.id).desc()),
}


@dataclass(frozen=True, slots=True)
class InboxQuery:
    """What the officer asked for; every field comes from a GET parameter."""

    channel: str = ""
    status: str = ""
    category: str = ""
    overdue: bool = False
    mine: bool = False
    sort: Sort = Sort.NEWEST
    page: int = 1


@dataclass(frozen=True, slots=True)
class Badge:
    """A deadline shown next to a case: ``kind`` is ``ack`` or ``feedback``."""

    kind: str
    days: int

    @property
    def overdue(self) -> bool:
        """Whether the deadline has passed."""
        return self.days < 0

    @property
    def level(self) -> str:
        """``overdue``, ``soon`` or ``ok`` (a style class)."""
        if self.days < 0:
            return "overdue"
        return "soon" if self.days <= SOON_DAYS else "ok"


@dataclass(frozen=True, slots=True)
class InboxPage:
    """One page of case metadata."""

    cases: Sequence[Case]
    total: int
    page: int
    pages: int
    capped: bool = False


def overdue_clause(today: date) -> Any:
    """SQL for "a deadline has passed and the case is still open"."""
    return and_(
        col(Case.status) != CaseStatus.CLOSED,
        or_(
            and_(col(Case.acknowledged_on).is_(None), col(Case.ack_due_on) < today),
            col(Case.feedback_due_on) < today,
        ),
    )


def _unindexed(column: Any) -> Any:
    """``column || ''``: the same value, but not answerable from the column's own index."""
    return column.concat("")


def _filtered(query: Any, principal_id: str, wanted: InboxQuery, today: date) -> Any:
    granted = (
        select(Grant.id)
        .where(col(Grant.case_id) == col(Case.id), col(Grant.principal_id) == principal_id)
        .exists()
    )
    query = query.where(granted, col(Case.shredded).is_(false()))
    if wanted.channel:
        query = query.where(_unindexed(col(Case.channel)) == wanted.channel)
    if wanted.status:
        query = query.where(_unindexed(col(Case.status)) == wanted.status)
    if wanted.category:
        query = query.where(_unindexed(col(Case.category)) == wanted.category)
    if wanted.overdue:
        query = query.where(overdue_clause(today))
    if wanted.mine:
        query = query.where(_unindexed(col(Case.assigned_to)) == principal_id)
    return query


def list_inbox(
    *, session: Session, principal_id: str, wanted: InboxQuery, today: date
) -> InboxPage:
    """One page of the cases ``principal_id`` holds grants for.

    Args:
        session: the open transaction.
        principal_id: whose grants.
        wanted: filters, sort and page number (1-based; clamped to the last page).
        today: the day deadlines are measured against.

    Returns:
        The page, the number of matching cases (at most :data:`COUNT_CAP`) and of pages.
    """
    matching = _filtered(select(col(Case.id)), principal_id, wanted, today).limit(COUNT_CAP + 1)
    counted = int(session.exec(select(func.count()).select_from(matching.subquery())).one())
    capped = counted > COUNT_CAP
    total = min(counted, COUNT_CAP)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, wanted.page), MAX_PAGE if capped else pages)
    query = _filtered(select(Case), principal_id, wanted, today).order_by(*_ORDER[wanted.sort])
    rows = list(session.exec(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    if capped:  # beyond the counted cases, offer a next page while pages come back full
        pages = max(pages, page + 1 if len(rows) == PAGE_SIZE else page)
    return InboxPage(cases=rows, total=total, page=page, pages=pages, capped=capped)


def badges(case: Case, today: date) -> list[Badge]:
    """The deadline badges of an open case (EU Directive 2019/1937, art. 9)."""
    if case.status == CaseStatus.CLOSED:
        return []
    shown: list[Badge] = []
    if case.acknowledged_on is None:
        ack = days_left(case.ack_due_on, today)
        if ack is not None:
            shown.append(Badge("ack", ack))
    feedback = days_left(case.feedback_due_on, today)
    if feedback is not None and (case.acknowledged_on is not None or feedback < 0):
        shown.append(Badge("feedback", feedback))
    return shown


def channels_in_use(*, session: Session) -> list[str]:
    """The distinct channels of stored cases (for filters when no form registry is loaded)."""
    return sorted(session.exec(select(Case.channel).distinct()))


def categories_in_use(*, session: Session, principal_id: str) -> list[str]:
    """The distinct non-empty categories among the principal's cases."""
    query = (
        select(Case.category)
        .join(Grant, col(Grant.case_id) == col(Case.id))
        .where(col(Grant.principal_id) == principal_id, col(Case.category) != "")
        .distinct()
    )
    return sorted(session.exec(query))
