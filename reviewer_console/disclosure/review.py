"""Review steps of a financial disclosure statement in the case file: question, advice.

Closing with no further action (or after more information) is the case file's ordinary
status form; these two steps also write to the filer, so they have their own routes. Both
are caseworker routes with ``{case_id}``: the officer needs a grant, and the external
reviewer (read-only) gets 403 like on every write route.
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.access import open_case
from casework.cases.access_log import AccessAction, record_access
from casework.cases.envelope import get_case
from casework.cases.workflow import WorkflowError
from casework.disclosure.review import ReviewError, give_advice, request_information
from casework.disclosure.statements import regrant_to_filer
from casework.notifications.disclosure import tell_filer
from casework.notifications.mail import MailError
from casework.people.principals import Principal
from reviewer_console.disclosure.cycles import mailer_for
from reviewer_console.i18n import _
from reviewer_console.permissions import CASEWORKERS, SecuredRoute, route, staff_of
from reviewer_console.web import db, form_fields, render


async def _step(request: Request, advice: bool) -> Response:
    staff = staff_of(request)
    case_id = request.path_params["case_id"]
    fields = await form_fields(request)
    smtp, gateway_url = mailer_for(request)
    pepper = request.app.state.settings.pepper
    text = fields.get("advice" if advice else "question", "")

    def work(session: Session) -> None:
        case = get_case(session=session, case_id=case_id)
        if case is None or case.channel != "disclosure":
            raise ReviewError("this case is not a financial disclosure statement")
        key = open_case(
            session=session, case_id=case_id, principal_id=staff.principal_id, keys=staff.keys
        )
        if advice:
            give_advice(
                session=session, case=case, case_key=key, actor_id=staff.principal_id, advice=text
            )
        else:
            request_information(
                session=session, case=case, case_key=key, actor_id=staff.principal_id, question=text
            )
        tell_filer(session=session, case=case, pepper=pepper, smtp=smtp, gateway_url=gateway_url)

    try:
        await db(request, work)
    except (ReviewError, WorkflowError, MailError) as exc:
        context = {
            "error": _("Nothing was sent: %(reason)s.", reason=exc),
            "case_id": case_id,
            "text": text,
        }
        return render(request, "disclosure_review_error.html", context, status_code=400)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


async def ask(request: Request) -> Response:
    """Ask the filer for more information (sealed question, content-free email)."""
    return await _step(request, advice=False)


async def advise(request: Request) -> Response:
    """Give the filer sealed advice and close with "advice given"."""
    return await _step(request, advice=True)


async def regrant(request: Request) -> Response:
    """Give the filer of this statement their statements back after a new invitation.

    A re-invited filer has new keys; every statement of theirs this officer holds a grant on
    is sealed again to the new public key (logged as a grant).
    """
    staff = staff_of(request)
    case_id = request.path_params["case_id"]

    def work(session: Session) -> int:
        case = get_case(session=session, case_id=case_id)
        filer = session.get(Principal, case.submitter_id) if case and case.submitter_id else None
        if case is None or case.channel != "disclosure" or filer is None:
            raise ReviewError("this case is not a filer's statement")
        count = regrant_to_filer(
            session=session, officer_id=staff.principal_id, officer_seed=staff.seed, filer=filer
        )
        record_access(
            session=session,
            actor_id=staff.principal_id,
            action=AccessAction.GRANT,
            case_id=case_id,
            detail=f"regrant:{filer.id}:{count}",
        )
        return count

    try:
        await db(request, work)
    except ReviewError as exc:
        context = {
            "error": _("Nothing was changed: %(reason)s.", reason=exc),
            "case_id": case_id,
            "text": "",
        }
        return render(request, "disclosure_review_error.html", context, status_code=400)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def routes() -> list[SecuredRoute]:
    """The review routes (caseworkers with a grant)."""
    return [
        route("/cases/{case_id}/disclosure/regrant", regrant, methods=["POST"], roles=CASEWORKERS),
        route("/cases/{case_id}/disclosure/question", ask, methods=["POST"], roles=CASEWORKERS),
        route("/cases/{case_id}/disclosure/advice", advise, methods=["POST"], roles=CASEWORKERS),
    ]
