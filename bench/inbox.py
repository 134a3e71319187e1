"""Phase 4: the console inbox with every filler case granted to the officer.

Three pages, each requested one at a time by the signed-in officer as a full page (no
htmx): the first page (newest first), a filtered page (one status and one category), and
the last page (the deepest offset). Each figure sits next to its floor: the same
:func:`casework.inbox.list_inbox` call timed in the harness process, directly on the
database, without HTTP, session check or template.
"""

from __future__ import annotations

import math
import time
from datetime import date

from casework.db import transaction
from casework.inbox import PAGE_SIZE, InboxQuery, list_inbox
from reviewer_console.inbox import parse_query

from . import web
from .office import Office
from .stats import summary_ms


def pages(office: Office) -> dict[str, str]:
    """The three inbox URLs (path and query) measured."""
    last = max(1, math.ceil(office.case_count() / PAGE_SIZE))
    return {
        "first": "/inbox",
        "filtered": "/inbox?status=in_review&category=fraud",
        "deep": f"/inbox?page={last}",
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
