"""The access log page: who opened, revealed, downloaded, granted or changed what, and when.

Director only. Filters are GET parameters (actor, case, action), newest first, paged by id
(keyset: ``before`` is the smallest id shown), so a page costs the same at any depth. The
log holds codes and ids only, never content; the chain itself is checked by
``confide verify-logs``.
"""

from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from casework.cases.access_log import AccessAction, list_access
from casework.people.principals import list_principals
from reviewer_console.permissions import DIRECTOR, SecuredRoute, route
from reviewer_console.web import db, render

PAGE_SIZE = 50
MAX_FILTER_CHARS = 32


async def access_log(request: Request) -> Response:
    """One page of the access log, filtered."""
    params = request.query_params
    actor = params.get("actor", "")[:MAX_FILTER_CHARS]
    case = params.get("case", "")[:MAX_FILTER_CHARS]
    action = params.get("action", "")
    action = action if action in set(AccessAction) else ""
    before_text = params.get("before", "")
    before = int(before_text) if before_text.isdigit() and len(before_text) < 12 else None

    def work(session: Session) -> dict[str, Any]:
        entries = list_access(
            session=session,
            actor_id=actor or None,
            case_id=case or None,
            action=action or None,
            limit=PAGE_SIZE + 1,
            before_id=before,
        )
        return {
            "entries": entries[:PAGE_SIZE],
            "more": len(entries) > PAGE_SIZE,
            "names": {p.id: p.username for p in list_principals(session=session)},
        }

    context = await db(request, work)
    filters = {k: v for k, v in {"actor": actor, "case": case, "action": action}.items() if v}
    entries = context["entries"]
    older = (
        urlencode({**filters, "before": entries[-1].id}) if context["more"] and entries else None
    )
    context.update(actor=actor, case=case, action=action, actions=list(AccessAction), older=older)
    return render(request, "log.html", context, block="log_list")


def routes() -> list[SecuredRoute]:
    """The access log route."""
    return [route("/log", access_log, roles=DIRECTOR)]
