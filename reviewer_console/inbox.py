"""The inbox: metadata of the cases the principal holds grants for (nothing is decrypted).

Every control is a plain link or a GET form, so the page works without JavaScript; with
htmx the filter form and the pagination links swap only the ``case_list`` block and push the
URL, so the browser's history and a reload give the same page.
"""

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from casework.cases import CaseStatus
from casework.clock import today
from casework.ids import case_reference
from casework.inbox import InboxQuery, Sort, badges, categories_in_use, channels_in_use, list_inbox

from .permissions import READERS, SecuredRoute, route, staff_of
from .web import db, render

MAX_FILTER_CHARS = 64


def channel_choices(session: Session) -> list[str]:
    """Channels from the form registry when it is available, else those in stored cases."""
    try:
        from intake_forms import registry

        return sorted(
            {form.id for form in registry.all_forms()} | set(channels_in_use(session=session))
        )
    except (ImportError, AttributeError):
        return channels_in_use(session=session)


def parse_query(params: Any) -> InboxQuery:
    """Read the filters from GET parameters; anything unknown falls back to the default."""
    try:
        sort = Sort(params.get("sort", Sort.NEWEST))
    except ValueError:
        sort = Sort.NEWEST
    status = params.get("status", "")
    page_text = params.get("page", "1")
    return InboxQuery(
        channel=params.get("channel", "")[:MAX_FILTER_CHARS],
        status=status if status in set(CaseStatus) else "",
        category=params.get("category", "")[:MAX_FILTER_CHARS],
        overdue=params.get("overdue") == "1",
        mine=params.get("mine") == "1",
        sort=sort,
        page=int(page_text) if page_text.isdigit() and len(page_text) < 6 else 1,
    )


def query_string(wanted: InboxQuery, **changes: Any) -> str:
    """The URL query for ``wanted`` with some fields changed (pagination and sort links)."""
    wanted = replace(wanted, **changes)
    pairs = {
        "channel": wanted.channel,
        "status": wanted.status,
        "category": wanted.category,
        "overdue": "1" if wanted.overdue else "",
        "mine": "1" if wanted.mine else "",
        "sort": wanted.sort.value,
        "page": str(wanted.page),
    }
    return urlencode({k: v for k, v in pairs.items() if v})


async def inbox(request: Request) -> Response:
    """The list of granted cases with filters, sort, pagination and deadline badges."""
    staff = staff_of(request)
    wanted = parse_query(request.query_params)
    day = today()

    def work(session: Session) -> dict[str, Any]:
        page = list_inbox(
            session=session, principal_id=staff.principal_id, wanted=wanted, today=day
        )
        return {
            "page": page,
            "rows": [(case, case_reference(case.id), badges(case, day)) for case in page.cases],
            "channels": channel_choices(session),
            "categories": categories_in_use(session=session, principal_id=staff.principal_id),
        }

    context = await db(request, work)
    context.update(
        wanted=wanted,
        statuses=list(CaseStatus),
        sorts=list(Sort),
        link=lambda **changes: "/inbox?" + query_string(wanted, **changes),
    )
    return render(request, "inbox.html", context, block="case_list")


def routes() -> list[SecuredRoute]:
    """The inbox route."""
    return [route("/inbox", inbox, roles=READERS)]
