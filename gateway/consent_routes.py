"""The reporter's answer to a request for consent: give, refuse, or withdraw.

The answer is signed in this request with the Ed25519 key derived from the receipt, which
only the reporter's session can open (:mod:`casework.referrals.consent` explains what is signed). A
consent that a referral already relies on can no longer be withdrawn; the page says so.
"""

from __future__ import annotations

from functools import partial

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.uploads import UploadTooLargeError
from casework.referrals.consent import Answer, ConsentError, answer
from casework.referrals.recording import used_consents
from casework.store.db import transaction

from .followup_routes import render_case, session_ended
from .formdata import FormTooLargeError, MalformedFormError, read_form
from .i18n import GATEWAY, _
from .reporter_sessions import Reporter, resume_reporter

ANSWER_BODY_BYTES = 4 * 1024
CHOICES = {"give": Answer.GIVEN, "refuse": Answer.REFUSED, "withdraw": Answer.WITHDRAWN}


def _answer(request: Request, reporter: Reporter, request_id: str, choice: Answer) -> str:
    with transaction(request.app.state.engine) as session:
        try:
            answer(
                session=session,
                request_id=request_id,
                case_id=reporter.case_id,
                case_key=reporter.case_key,
                keys=reporter.keys,
                choice=choice,
                used=request_id in used_consents(session=session, case_id=reporter.case_id),
            )
        except ConsentError as error:
            session.rollback()
            return error.translated(GATEWAY)
    return ""


async def answer_consent(request: Request) -> Response:
    """Record the reporter's signed answer to one consent request."""
    reporter = await run_in_threadpool(resume_reporter, request)
    if reporter is None:
        return session_ended()
    try:
        parsed = await read_form(request, lambda *_: None, max_body=ANSWER_BODY_BYTES)
    except (FormTooLargeError, MalformedFormError, UploadTooLargeError) as exc:
        raise HTTPException(400) from exc
    choice = CHOICES.get(parsed.first("answer"))
    if choice is None:
        raise HTTPException(400)
    request_id = request.path_params["request_id"]
    error = await run_in_threadpool(_answer, request, reporter, request_id, choice)
    if error:
        message = _("%(reason)s.", reason=error[:1].upper() + error[1:])
        return await run_in_threadpool(
            partial(render_case, request, reporter, consent_error=message, status_code=409)
        )
    return RedirectResponse("/case#consents", status_code=303)
