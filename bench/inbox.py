"""Phase 4: the console inbox with every filler case granted to the officer.

Three pages, each requested one at a time by the signed-in officer as a full page (no
htmx): the first page (newest first), a filtered page (one status and one category), and
a deep page: the inbox pages by keyset cursor, so the deep page is the URL of the "next"
link that leads to the second-to-last page of the newest-first walk (about 99,950 cases
in), with pages on both sides of it. Each figure sits next to its floor: the same
:func:`casework.cases.inbox.list_inbox` call timed in the harness process, directly on the
database, without HTTP, session check or template.
"""

from __future__ import annotations

import time
from datetime import date

from sqlmodel import col, select

from casework.cases.envelope import Grant
from casework.cases.inbox import PAGE_SIZE, Cursor, InboxQuery, list_inbox
from casework.store.db import transaction
from reviewer_console.cases.inbox import parse_query

from . import web
from .office import Office
from .stats import summary_ms


def deep_cursor(office: Office) -> Cursor | None:
    """The cursor ``2 * PAGE_SIZE`` cases before the end of the officer's newest-first walk."""
    with transaction(office.engine) as session:
        row = session.exec(
            select(col(Grant.case_received_on), col(Grant.case_id))
            .where(col(Grant.principal_id) == office.officer_id)
            .order_by(col(Grant.case_received_on).asc(), col(Grant.case_id).asc())
            .offset(2 * PAGE_SIZE)
            .limit(1)
        ).first()
    return None if row is None else Cursor(row[0], row[1])


def pages(office: Office) -> dict[str, str]:
    """The three inbox URLs (path and query) measured."""
    cursor = deep_cursor(office)
    return {
        "first": "/inbox",
        "filtered": "/inbox?status=in_review&category=fraud",
        "deep": "/inbox" if cursor is None else f"/inbox?after={cursor}",
    }


def query_of(path: str) -> InboxQuery:
    """The :class:`InboxQuery` the console builds for ``path``."""
    from starlette.datastructures import QueryParams

    return parse_query(QueryParams(path.partition("?")[2]))


def floor(office: Office, path: str, samples: int) -> dict:
    """The casework query alone, in this process."""
    wanted = query_of(path)
    times = []
    for _ in range(samples + 1):
        started = time.perf_counter()
        with transaction(office.engine) as session:
            list_inbox(
                session=session, principal_id=office.officer_id, wanted=wanted, today=date.today()
            )
        times.append(time.perf_counter() - started)
    return summary_ms(times[1:])


async def measure(base: str, cookie: str, path: str, samples: int) -> dict:
    """``samples`` sequential GETs of one inbox page."""
    headers = {"Cookie": f"{web.CONSOLE_COOKIE}={cookie}"}
    times = []
    statuses: dict[str, int] = {}
    async with web.client(2) as http:
        await http.get(base + path, headers=headers)  # warm-up
        for _ in range(samples):
            started = time.perf_counter()
            response = await http.get(base + path, headers=headers)
            elapsed = time.perf_counter() - started
            statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
            if response.status_code == 200:
                times.append(elapsed)
    return {"path": path, **summary_ms(times), "statuses": statuses}
