"""The inbox: metadata of the cases a principal holds grants for, filtered, sorted, paged.

Only clear metadata is read (DESIGN.md, "Clear metadata"); nothing here needs a key. The
query starts from the principal's grants (indexed on ``grant.principal_id``) and joins each
case by its primary key, so its cost follows the principal's own cases, never the size of
the office. Filters are indexed columns of ``case``; the sort keys are whitelisted column
names, with the case id as a tiebreaker so that pages are stable.
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


def overdue_clause(today: date) -> Any:
    """SQL for "a deadline has passed and the case is still open"."""
    return and_(
        col(Case.status) != CaseStatus.CLOSED,
        or_(
            and_(col(Case.acknowledged_on).is_(None), col(Case.ack_due_on) < today),
            col(Case.feedback_due_on) < today,
        ),
    )


def _filtered(query: Any, principal_id: str, wanted: InboxQuery, today: date) -> Any:
    query = query.where(col(Grant.principal_id) == principal_id)
    if wanted.channel:
        query = query.where(col(Case.channel) == wanted.channel)
    if wanted.status:
        query = query.where(col(Case.status) == wanted.status)
    if wanted.category:
        query = query.where(col(Case.category) == wanted.category)
    if wanted.overdue:
        query = query.where(overdue_clause(today))
    if wanted.mine:
        query = query.where(col(Case.assigned_to) == principal_id)
    return query.where(col(Case.shredded).is_(false()))


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
        The page, the number of matching cases and of pages.
    """
    joined = select(func.count()).select_from(Grant).join(Case, col(Case.id) == col(Grant.case_id))
    total = int(session.exec(_filtered(joined, principal_id, wanted, today)).one())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, wanted.page), pages, MAX_PAGE)
    query = select(Case).join(Grant, col(Grant.case_id) == col(Case.id))
    query = _filtered(query, principal_id, wanted, today).order_by(*_ORDER[wanted.sort])
    rows = list(session.exec(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return InboxPage(cases=rows, total=total, page=page, pages=pages)


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
