"""The inbox: metadata of the cases a principal holds grants for, filtered, sorted, paged.

Only clear metadata is read (DESIGN.md, "Clear metadata"); nothing here needs a key.

Shape of the query (the target is p95 <= 50 ms at 100,000 cases, one officer holding all,
and the same for an officer who holds a few cases among many):

- **One index range per page.** Every :class:`~casework.cases.envelope.Grant` row carries a copy of
  the case metadata the inbox filters and sorts by (``case_status``, ``case_received_on``,
  ...; kept in step by the mapper events in :mod:`casework.cases.envelope`), and ``grant`` has one
  index ``(principal_id, <sort column>, case_id)`` per sort. A page walks the principal's
  range of that index in order, tests the filters on the grant row, stops after
  :data:`PAGE_SIZE` + 1 matches and fetches those cases by primary key. Its cost depends on
  the page size and the filter's selectivity, not on how many cases exist or how many of
  them the principal holds.
- **Keyset pagination.** Pages are addressed by a :class:`Cursor`, the sort key and case id
  of a boundary row, never by an offset: ``after`` walks forward from it, ``before``
  backward, ``last`` backward from the end. The deepest page costs what the first costs.
  The pager offers first, previous, next and last; there are no page numbers.
- **A capped count.** The total is counted only up to :data:`COUNT_CAP`, four pages
  (shown as "100+"): counting is a walk like the page's, and its cost grows with the cap
  divided by the filter's selectivity (at 2.5%, 500 matches meant 20,000 rows, ~12 ms on
  PostgreSQL). It is skipped when one page holds every match.
- **Filter choices without a scan.** Channels come from the form registry and the routing
  table (a handful of rows), categories from the choices of each channel's category field
  (:func:`known_categories`); neither reads the case table.

A missing due date is copied as :data:`~casework.cases.envelope.NO_DATE`, so it sorts last on both
SQLite and PostgreSQL (which disagree about NULLs) and is never overdue. The sort keys are
whitelisted columns with the case id as a tiebreaker, so pages are stable and every case
appears on exactly one page of a walk.
"""

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, false, or_, tuple_
from sqlmodel import Session, col, func, select

from casework.cases.envelope import Case, CaseStatus, Grant
from casework.channels.registry import all_policies, category_choices
from casework.people.office import ChannelRecipient

PAGE_SIZE = 25
COUNT_CAP = 4 * PAGE_SIZE
_CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2})\.([0-9a-f]{1,32})")


class Sort(enum.StrEnum):
    """The orders the inbox offers."""

    NEWEST = "newest"
    OLDEST = "oldest"
    ACK_DUE = "ack_due"
    DUE = "due"
    ACTIVITY = "activity"


# The grant column each sort walks, and whether the walk is newest (largest) first.
_KEY: dict[Sort, tuple[Any, bool]] = {
    Sort.NEWEST: (col(Grant.case_received_on), True),
    Sort.OLDEST: (col(Grant.case_received_on), False),
    Sort.ACK_DUE: (col(Grant.case_ack_due_on), False),
    Sort.DUE: (col(Grant.case_due_on), False),
    Sort.ACTIVITY: (col(Grant.case_last_activity_on), True),
}


@dataclass(frozen=True, slots=True)
class Cursor:
    """A page boundary: the sort key and the id of one case (``2024-05-01.3fa9...``)."""

    key: date
    case_id: str

    def __str__(self) -> str:
        """The form carried in links."""
        return f"{self.key.isoformat()}.{self.case_id}"

    @classmethod
    def parse(cls, text: str) -> "Cursor | None":
        """The cursor written as ``text``, or None when it is not one."""
        match = _CURSOR.fullmatch(text)
        if match is None:
            return None
        try:
            return cls(date.fromisoformat(match[1]), match[2])
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class InboxQuery:
    """What the officer asked for; every field comes from a GET parameter.

    At most one of ``after``, ``before`` and ``last`` is used, in that order of precedence;
    none of them means the first page.
    """

    channel: str = ""
    status: str = ""
    category: str = ""
    overdue: bool = False
    mine: bool = False
    sort: Sort = Sort.NEWEST
    after: Cursor | None = None
    before: Cursor | None = None
    last: bool = False


@dataclass(frozen=True, slots=True)
class InboxPage:
    """One page of case metadata and where the neighbouring pages start.

    Attributes:
        cases: the page, in the sort order.
        total: how many cases match, at most :data:`COUNT_CAP`.
        capped: more than :data:`COUNT_CAP` match.
        previous: the ``before`` cursor of the previous page; None on the first page.
        next: the ``after`` cursor of the next page; None on the last page.
    """

    cases: Sequence[Case]
    total: int
    capped: bool = False
    previous: Cursor | None = None
    next: Cursor | None = None


def overdue_clause(today: date) -> Any:
    """SQL over the grant's copies for "a deadline has passed and the case is still open"."""
    return and_(
        col(Grant.case_status) != CaseStatus.CLOSED,
        or_(
            and_(col(Grant.case_acknowledged).is_(false()), col(Grant.case_ack_due_on) < today),
            col(Grant.case_due_on) < today,
        ),
    )


def _conditions(principal_id: str, wanted: InboxQuery, today: date) -> list[Any]:
    conditions = [col(Grant.principal_id) == principal_id, col(Grant.case_shredded).is_(false())]
    if wanted.channel:
        conditions.append(col(Grant.case_channel) == wanted.channel)
    if wanted.status:
        conditions.append(col(Grant.case_status) == wanted.status)
    if wanted.category:
        conditions.append(col(Grant.case_category) == wanted.category)
    if wanted.overdue:
        conditions.append(overdue_clause(today))
    if wanted.mine:
        conditions.append(col(Grant.case_assigned_to) == principal_id)
    return conditions


def _walk(sort: Sort, *, forward: bool, beyond: Cursor | None) -> tuple[list[Any], list[Any]]:
    """ORDER BY and WHERE for walking ``sort`` forward (or backward) from ``beyond``."""
    key, descending = _KEY[sort]
    ascending = forward != descending
    columns = (key, col(Grant.case_id))
    order = [c.asc() if ascending else c.desc() for c in columns]
    if beyond is None:
        return order, []
    row, bound = tuple_(*columns), tuple_(beyond.key, beyond.case_id)
    return order, [row > bound if ascending else row < bound]


def _fetch(
    session: Session,
    conditions: list[Any],
    sort: Sort,
    *,
    forward: bool,
    beyond: Cursor | None,
) -> tuple[list[tuple[Case, Cursor]], bool]:
    """Up to a page of cases in display order, and whether more lie in the walk's direction."""
    key, _ = _KEY[sort]
    order, seek = _walk(sort, forward=forward, beyond=beyond)
    query = (
        select(Case, key)
        .join(Grant, col(Grant.case_id) == col(Case.id))
        .where(*conditions, *seek)
        .order_by(*order)
        .limit(PAGE_SIZE + 1)
    )
    rows = [(case, Cursor(day, case.id)) for case, day in session.exec(query)]
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if not forward:
        rows.reverse()
    return rows, more


def _any_beyond(
    session: Session, conditions: list[Any], sort: Sort, *, forward: bool, beyond: Cursor
) -> bool:
    """Whether any matching case lies beyond ``beyond`` in that direction (one index probe)."""
    order, seek = _walk(sort, forward=forward, beyond=beyond)
    query = select(col(Grant.id)).where(*conditions, *seek).order_by(*order).limit(1)
    return session.exec(query).first() is not None


def list_inbox(
    *, session: Session, principal_id: str, wanted: InboxQuery, today: date
) -> InboxPage:
    """One page of the cases ``principal_id`` holds grants for.

    Args:
        session: the open transaction.
        principal_id: whose grants.
        wanted: filters, sort and which page (a cursor, the last page, or the first).
        today: the day deadlines are measured against.

    Returns:
        The page, the number of matching cases (at most :data:`COUNT_CAP`) and the cursors
        of the neighbouring pages. Walking back with ``before`` ends on a page that may
        hold fewer than :data:`PAGE_SIZE` cases (pages never overlap); a cursor beyond
        either end, matching nothing, gives the first or the last page instead.
    """
    conditions = _conditions(principal_id, wanted, today)
    sort = wanted.sort
    rows: list[tuple[Case, Cursor]] = []
    at_start = at_end = True
    if wanted.after is not None:
        rows, more = _fetch(session, conditions, sort, forward=True, beyond=wanted.after)
        at_end = not more
        at_start = not rows or not _any_beyond(
            session, conditions, sort, forward=False, beyond=rows[0][1]
        )
    elif wanted.before is not None:
        rows, more = _fetch(session, conditions, sort, forward=False, beyond=wanted.before)
        at_start = not more
        at_end = not rows or not _any_beyond(
            session, conditions, sort, forward=True, beyond=rows[-1][1]
        )
    if (wanted.last and wanted.after is None and wanted.before is None) or (
        wanted.after is not None and not rows
    ):  # the last page, or an after cursor past the end
        rows, more = _fetch(session, conditions, sort, forward=False, beyond=None)
        at_start, at_end = not more, True
    elif not rows:  # the first page, or a before cursor ahead of every case
        rows, more = _fetch(session, conditions, sort, forward=True, beyond=None)
        at_start, at_end = True, not more
    if at_start and at_end:
        total, capped = len(rows), False
    else:
        matching = select(col(Grant.id)).where(*conditions).limit(COUNT_CAP + 1).subquery()
        counted = int(session.exec(select(func.count()).select_from(matching)).one())
        total, capped = min(counted, COUNT_CAP), counted > COUNT_CAP
    return InboxPage(
        cases=[case for case, _ in rows],
        total=total,
        capped=capped,
        previous=None if at_start or not rows else rows[0][1],
        next=None if at_end or not rows else rows[-1][1],
    )


def known_channels(*, session: Session) -> list[str]:
    """Every channel a case can have: the registered channels and the routed ones.

    New cases get their grants from the routing table, so a channel with cases has (or
    had) a row there; the table holds one row per channel and recipient, a handful.
    """
    routed = session.exec(select(ChannelRecipient.channel).distinct())
    return sorted({policy.id for policy in all_policies()} | set(routed))


def channels_in_use(*, session: Session) -> list[str]:
    """The distinct channels of stored cases (reads the whole ``case`` channel index)."""
    return sorted(session.exec(select(Case.channel).distinct()))


def known_categories() -> list[str]:
    """Every category a case can have: the choices of each channel's category field."""
    return sorted({c.value for p in all_policies() for c in category_choices(p.id)})
