"""A filer's answer to a request for consent on their statement: give, refuse, or withdraw.

Sending the office's advice to a filer's supervisor is a referral (DESIGN.md, "The financial
disclosure programme"): its basis is the filer's consent, asked for in the console, shown
on the statement page, and signed here with the filer's own Ed25519 key in their split-key
session (:mod:`casework.referrals.consent` says what is signed), or an exception approved
by a second officer. A consent a referral already relies on can no longer be withdrawn.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.access import NoGrantError, case_key_for
from casework.disclosure.statements import statement_of
from casework.referrals.consent import Answer, ConsentError, answer
from casework.referrals.recording import used_consents
from casework.store.db import transaction

from .filer_routes import fields_of, first, render, signed_out
from .filer_sessions import Filer, current_filer
from .filer_statement_routes import own_row, page_context
from .i18n import GATEWAY, _

CHOICES = {"give": Answer.GIVEN, "refuse": Answer.REFUSED, "withdraw": Answer.WITHDRAWN}


def _answer(request: Request, filer: Filer, filer_id: str, request_id: str, choice: Answer) -> str:
    """Sign and store the answer; the reason it was refused, or "" when it was recorded."""
    with transaction(request.app.state.engine) as session:
        row = own_row(session, filer, filer_id)
        statement = statement_of(session=session, filer_id=row.id)
        if statement is None:
            return _("there is no such request on your statement")
        try:
            key = case_key_for(
                session=session,
                case_id=statement.case_id,
                principal_id=filer.principal.id,
                keys=filer.keys,
            )
            answer(
                session=session,
                request_id=request_id,
                case_id=statement.case_id,
                case_key=key,
                keys=filer.keys,
                choice=choice,
                used=request_id in used_consents(session=session, case_id=statement.case_id),
            )
        except (ConsentError, NoGrantError) as error:
            session.rollback()
            if isinstance(error, ConsentError):
                return error.translated(GATEWAY)
            return _("your statement is withheld")
    return ""


async def answer_consent(request: Request) -> Response:
    """Record the filer's signed answer to one consent request on their statement."""
    filer = await run_in_threadpool(current_filer, request)
    if filer is None:
        return signed_out()
    filer_id = request.path_params["filer_id"]
    choice = CHOICES.get(first(await fields_of(request), "answer"))
    if choice is None:
        raise HTTPException(400)
    request_id = request.path_params["request_id"]
    error = await run_in_threadpool(_answer, request, filer, filer_id, request_id, choice)
    if error:
        context = await run_in_threadpool(page_context, request, filer, filer_id)
        context.update(
            consent_error=_("Your answer was not recorded: %(reason)s.", reason=error), amend=False
        )
        return render(request, "filer_statement.html", context, 409)
    return RedirectResponse(f"/filer/statements/{filer_id}?done=consent#consents", status_code=303)
