"""The director gives re-invited filers their withheld drafts back (with the recovery code).

See :mod:`casework.disclosure.draft_regrant`: each withheld draft's key is opened with the
office recovery code and sealed again to the filer's current key; the text stays sealed.
The step is written to the access log with the cycle and the count, never a draft.
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.access_log import AccessAction, record_access
from casework.disclosure.cycles import get_cycle
from casework.disclosure.draft_regrant import regrant_drafts
from crypto import CryptoError
from reviewer_console.disclosure.cycles import cycle_page
from reviewer_console.i18n import _
from reviewer_console.permissions import DIRECTOR, SecuredRoute, route, staff_of
from reviewer_console.web import db, form_fields


async def regrant(request: Request) -> Response:
    """Seal every withheld draft of the cycle to its filer's current key."""
    staff = staff_of(request)
    cycle_id = request.path_params["cycle_id"]
    fields = await form_fields(request)

    def work(session: Session) -> int | None:
        if get_cycle(session=session, cycle_id=cycle_id) is None:
            return None
        count = regrant_drafts(
            session=session, cycle_id=cycle_id, recovery_code=fields.get("recovery_code", "")
        )
        record_access(
            session=session,
            actor_id=staff.principal_id,
            action=AccessAction.GRANT,
            detail=f"drafts:{cycle_id}:{count}",
        )
        return count

    try:
        count = await db(request, work)
    except CryptoError:
        refused = _("No draft was given back: that recovery code is not this office's.")
        return await cycle_page(request, 400, error=refused)
    if count is None:
        return await cycle_page(request, 404)
    return RedirectResponse(f"/disclosure/{cycle_id}?done=drafts:{count}", status_code=303)


def routes() -> list[SecuredRoute]:
    """The director's draft re-grant route."""
    return [
        route("/disclosure/{cycle_id}/drafts/regrant", regrant, methods=["POST"], roles=DIRECTOR),
    ]
