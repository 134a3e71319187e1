"""The inbox: metadata of the cases the principal holds grants for (nothing is decrypted).

Every control is a plain link or a GET form, so the page works without JavaScript; with
htmx the filter form and the pagination links swap only the ``case_list`` block and push the
URL, so the browser's history and a reload give the same page. Pagination links carry a
keyset cursor (``after``/``before``) or ``last=1``; submitting the filter form starts again
at the first page. How the queries stay cheap at 100,000 cases: :mod:`casework.cases.inbox`.
"""

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from casework.cases.deadlines import badges
from casework.cases.inbox import (
    Cursor,
    InboxQuery,
    Sort,
    channels_in_use,
    known_categories,
    known_channels,
    list_inbox,
)
from casework.cases.milestones import milestones_of_many
from casework.channels.registry import all_policies
from casework.store.clock import today
from casework.store.ids import case_reference
from confide.web.params import choice, flag, text
from reviewer_console.cases.labels import category_labels
from reviewer_console.i18n import N_, _
from reviewer_console.permissions import READERS, SecuredRoute, route, staff_of
from reviewer_console.web import db, render

MAX_FILTER_CHARS = 64
SORT_LABELS = {
    Sort.NEWEST: N_("Newest first"),
    Sort.OLDEST: N_("Oldest first"),
    Sort.ACK_DUE: N_("Acknowledgement due first"),
    Sort.DUE: N_("Next deadline first"),
    Sort.ACTIVITY: N_("Latest activity first"),
}


def channel_choices(session: Session) -> list[str]:
    """Every channel, including those of stored cases nobody receives (the routing page).

    This reads every case's channel; the inbox, which runs on every request, uses
    :func:`casework.cases.inbox.known_channels` instead.
    """
    return sorted(set(known_channels(session=session)) | set(channels_in_use(session=session)))


def _with(choices: list[str], chosen: str) -> list[str]:
    """``choices`` plus the value asked for, so that the filter shows what is applied."""
    return choices if not chosen or chosen in choices else sorted([*choices, chosen])


def parse_query(params: Any) -> InboxQuery:
    """Read the filters from GET parameters; anything unknown falls back to the default."""
    status = text(params, "status", MAX_FILTER_CHARS)
    return InboxQuery(
        channel=text(params, "channel", MAX_FILTER_CHARS),
        status=status if status in status_labels() else "",
        category=text(params, "category", MAX_FILTER_CHARS),
        overdue=flag(params, "overdue"),
        mine=flag(params, "mine"),
        sort=choice(params, "sort", Sort, Sort.NEWEST),
        after=Cursor.parse(text(params, "after", MAX_FILTER_CHARS)),
        before=Cursor.parse(text(params, "before", MAX_FILTER_CHARS)),
        last=flag(params, "last"),
    )


def status_labels() -> dict[str, str]:
    """Every status of every channel, with its label (the first channel's, when shared)."""
    labels: dict[str, str] = {}
    for policy in all_policies():
        for status in policy.statuses:
            labels.setdefault(status.code, status.label)
    return labels


def query_string(wanted: InboxQuery, **changes: Any) -> str:
    """The URL query for ``wanted`` with some fields changed (pagination links).

    The page position (``after``, ``before``, ``last``) is not kept unless it is among the
    changes: a link names one position.
    """
    wanted = replace(wanted, **{"after": None, "before": None, "last": False, **changes})
    pairs = {
        "channel": wanted.channel,
        "status": wanted.status,
        "category": wanted.category,
        "overdue": "1" if wanted.overdue else "",
        "mine": "1" if wanted.mine else "",
        "sort": wanted.sort.value,
        "after": "" if wanted.after is None else str(wanted.after),
        "before": "" if wanted.before is None else str(wanted.before),
        "last": "1" if wanted.last else "",
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
        dated = milestones_of_many(session=session, cases=page.cases)
        return {
            "page": page,
            "rows": [
                (case, case_reference(case.id), badges(case, dated[case.id], day))
                for case in page.cases
            ],
            "channels": _with(known_channels(session=session), wanted.channel),
            "categories": _with(known_categories(), wanted.category),
        }

    context = await db(request, work)
    context.update(
        wanted=wanted,
        filtered=bool(
            wanted.channel or wanted.status or wanted.category or wanted.overdue or wanted.mine
        ),
        statuses=status_labels(),
        category_labels=category_labels(),
        sorts={key: _(label) for key, label in SORT_LABELS.items()},
        link=lambda **changes: "/inbox?" + query_string(wanted, **changes),
    )
    return render(request, "inbox.html", context, block="case_list")


def routes() -> list[SecuredRoute]:
    """The inbox route."""
    return [route("/inbox", inbox, roles=READERS)]
