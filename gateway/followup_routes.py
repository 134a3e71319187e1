"""Coming back with a receipt: log in, read and answer the office, add files, log out.

Login by receipt is one Argon2id run (in the admission-controlled pool) and one indexed
lookup (:func:`casework.cases.access.reporter_case_key`). A receipt that opens nothing gets one
message and one status, whether no case has that lookup id or (which cannot be told apart
from outside) the digits were mistyped: the work done is the same Argon2id run either way,
and the digits are kept in the field so a typo can be fixed. A receipt that is not 20 digits
never reaches Argon2id and says so plainly.

Nothing a reporter writes is lost when the session ends. A reply sent after the end (the
cookie outlives its server half, see :mod:`gateway.reporter_sessions`) is answered with the
sign-in form carrying the text (403, swapped in place by htmx), the sign-in posts it along,
and the case page opens with it back in the reply box, not sent, for the reporter to send.
The case page also says when the session ends and, with JavaScript, warns a few minutes
before (``static/gateway.js``; no inline script).
"""

from __future__ import annotations

from datetime import UTC, timedelta
from functools import partial

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.access import reporter_case_key
from casework.cases.messages import Author, case_bytes_stored
from casework.cases.reporter_view import mark_reporter_activity, reporter_reply, reporter_view
from casework.cases.uploads import (
    EncryptedUpload,
    UploadTooLargeError,
    attach_uploads,
    discard_uploads,
    start_upload,
)
from casework.store.clock import utcnow
from casework.store.db import transaction
from confide.web.csrf import session_token
from crypto import ReceiptFormatError, ReceiptSecrets, derive_receipt, normalise_receipt
from intake_forms import Form, UnknownFormError, get_form
from intake_forms.languages import current
from intake_forms.validation import clean_text

from .formdata import FormTooLargeError, MalformedFormError, read_form
from .i18n import N_, _
from .pages import pages
from .report_routes import FORM_OVERHEAD_BYTES, receipt_salt, too_large
from .reporter_sessions import (
    Reporter,
    clear_cookie,
    cookie_value,
    finish_session,
    resume_reporter,
    resume_session,
    set_cookie,
    start_session,
)

MAX_REPLY_CHARS = 20_000
REPLY_BODY_BYTES = 12 * MAX_REPLY_CHARS + 4096
"""A reply at its longest, every character percent-encoded UTF-8 (up to 12 bytes)."""
LOGIN_BODY_BYTES = REPLY_BODY_BYTES + 4096
WARN_BEFORE_END_SECONDS = 5 * 60
ENDED_KEPT = N_(
    "Your session ended before your message was sent, so it was not sent. It is kept below: "
    "sign in again with your receipt and it will be back in the reply box, ready to send."
)
KEPT_NOT_SENT = N_("Your message is not sent yet. Check it below and press Send.")
MALFORMED = N_("A receipt is 20 digits, in five groups of four. Check what you typed.")
NOT_FOUND = N_(
    "That receipt does not open a report. Check the digits and try again; "
    "if you have lost your receipt, you can send a new report."
)


def render_login(
    request: Request,
    *,
    typed: str = "",
    error: str = "",
    status_code: int = 200,
    busy: int = 0,
    headers: dict[str, str] | None = None,
    pending: str = "",
    fragment: str = "main",
) -> Response:
    """The follow-up login page, carrying an unsent message (``pending``) when there is one.

    ``error`` is a message id of the gateway's catalog, shown in the request's language.
    """
    context = {
        "typed": typed,
        "error": _(error) if error else "",
        "busy": busy,
        "ended": request.query_params.get("ended") == "1",
        "pending": pending,
    }
    return pages(request).render(
        request,
        "followup.html",
        context,
        status_code=status_code,
        headers=headers,
        fragment=fragment,
    )


async def show_login(request: Request) -> Response:
    """The empty login form."""
    return render_login(request)


def _open_case(request: Request, secrets: ReceiptSecrets) -> str | None:
    """One indexed lookup; on success a new session, whose cookie value is returned."""
    state = request.app.state
    with transaction(state.engine) as session:
        found = reporter_case_key(session=session, lookup_id=secrets.lookup_id, keys=secrets.keys)
        if found is None:
            return None
        finish_session(session=session, cookie=cookie_value(request))
        return start_session(
            session=session,
            case_id=found[0],
            seed=secrets.seed,
            lifetime=timedelta(seconds=state.settings.reporter_session_seconds),
        )


async def login(request: Request) -> Response:
    """Check a receipt; on success start a session and go to the case page."""
    state = request.app.state
    settings = state.settings
    try:
        parsed = await read_form(request, lambda *_: None, max_body=LOGIN_BODY_BYTES)
    except (FormTooLargeError, MalformedFormError, UploadTooLargeError) as error:
        raise HTTPException(400) from error
    typed = parsed.first("receipt")[:200]
    pending = parsed.first("reply")[:MAX_REPLY_CHARS]
    try:
        digits = normalise_receipt(typed)
    except ReceiptFormatError:
        return render_login(request, typed=typed, error=MALFORMED, status_code=422, pending=pending)
    ticket = state.admission.try_admit()
    if ticket is None:
        wait = state.admission.retry_after()
        return render_login(
            request,
            typed=typed,
            busy=wait,
            status_code=503,
            headers={"Retry-After": str(wait)},
            pending=pending,
        )
    with ticket:
        salt = await receipt_salt(request)
        secrets = await state.admission.run(
            ticket,
            partial(
                derive_receipt,
                digits,
                office_salt=salt,
                pepper=settings.pepper,
                params=settings.receipt_kdf,
            ),
        )
    cookie = await run_in_threadpool(_open_case, request, secrets)
    if cookie is None:
        return render_login(request, typed=typed, error=NOT_FOUND, status_code=403, pending=pending)
    response: Response = RedirectResponse("/case", status_code=303)
    if pending:
        response = await _case_with_pending(request, cookie, pending)
    set_cookie(response, cookie, max_age=settings.reporter_session_seconds)
    return response


async def _case_with_pending(request: Request, cookie: str, pending: str) -> Response:
    """The case page of the new session with the unsent message back in the reply box."""
    state = request.app.state

    def resume_new() -> Reporter | None:
        with transaction(state.engine) as session:
            return resume_session(session=session, cookie=cookie)

    reporter = await run_in_threadpool(resume_new)
    assert reporter is not None  # the session was created in this request
    # The page is served to the new session: its forms need that session's token.
    request.state.csrf_token = session_token(state.settings.pepper, cookie)
    return await run_in_threadpool(
        partial(render_case, request, reporter, reply=pending, notice=_(KEPT_NOT_SENT))
    )


def session_ended() -> Response:
    response = RedirectResponse("/followup?ended=1", status_code=303)
    clear_cookie(response)
    return response


def render_case(
    request: Request,
    reporter: Reporter,
    *,
    reply: str = "",
    error: str = "",
    status_code: int = 200,
    fragment: str = "main",
    consent_error: str = "",
    notice: str = "",
    files_error: str = "",
) -> Response:
    with transaction(request.app.state.engine) as session:
        view = reporter_view(session=session, case_id=reporter.case_id, case_key=reporter.case_key)
    context = {
        "view": view,
        "reply": reply,
        "error": error,
        "consent_error": consent_error,
        "notice": notice,
        "files_error": files_error,
        "form": form_or_none(view.channel),
        **session_clock(reporter),
    }
    return pages(request).render(
        request, "case.html", context, status_code=status_code, fragment=fragment
    )


async def show_case(request: Request) -> Response:
    """The case page: status, dialogue, files, reply box."""
    reporter = await run_in_threadpool(resume_reporter, request)
    if reporter is None:
        return session_ended()
    return await run_in_threadpool(render_case, request, reporter)


def _reply(request: Request, reporter: Reporter, body: str) -> None:
    with transaction(request.app.state.engine) as session:
        reporter_reply(
            session=session,
            case_id=reporter.case_id,
            case_key=reporter.case_key,
            body=body,
            language=current().code,
        )


def form_or_none(channel: str) -> Form | None:
    """The form a case was sent with, to show the reporter's answers with its questions."""
    try:
        return get_form(channel)
    except UnknownFormError:
        return None


def session_clock(reporter: Reporter) -> dict[str, object]:
    """When the session ends, for the page's notice and its warning script."""
    ends = reporter.expires_at
    if ends is None:
        return {"ends_at": None, "seconds_left": 0, "warn_seconds": WARN_BEFORE_END_SECONDS}
    ends = ends if ends.tzinfo else ends.replace(tzinfo=UTC)
    left = max(0, int((ends - utcnow()).total_seconds()))
    return {"ends_at": ends, "seconds_left": left, "warn_seconds": WARN_BEFORE_END_SECONDS}


async def reply(request: Request) -> Response:
    """Add the reporter's answer to the dialogue; after the session ended, keep it."""
    reporter = await run_in_threadpool(resume_reporter, request)
    try:
        parsed = await read_form(request, lambda *_: None, max_body=REPLY_BODY_BYTES)
    except (FormTooLargeError, UploadTooLargeError):
        return too_large(request)
    except MalformedFormError as exc:
        raise HTTPException(400) from exc
    htmx = request.headers.get("hx-request") == "true"
    if reporter is None:
        return render_login(
            request,
            error=ENDED_KEPT,
            status_code=403,
            pending=parsed.first("body")[:MAX_REPLY_CHARS],
            fragment="resume" if htmx else "main",
        )  # the dead cookie stays: the sign-in form's token is made for it (CSRF)
    body = clean_text(parsed.first("body"))
    fragment = "dialogue" if htmx else "main"
    error = ""
    if not body:
        error = _("Write your answer before sending it.")
    elif len(body) > MAX_REPLY_CHARS:
        error = _("Your answer is too long (at most %(limit)s characters).", limit=MAX_REPLY_CHARS)
    if error:
        return await run_in_threadpool(
            partial(
                render_case,
                request,
                reporter,
                reply=parsed.first("body"),
                error=error,
                status_code=422,
                fragment=fragment,
            )
        )
    await run_in_threadpool(_reply, request, reporter, body)
    if htmx:
        return await run_in_threadpool(partial(render_case, request, reporter, fragment=fragment))
    return RedirectResponse("/case#dialogue", status_code=303)


def _stored_bytes(request: Request, case_id: str) -> int:
    with transaction(request.app.state.engine) as session:
        return case_bytes_stored(session=session, case_id=case_id)


def _attach(request: Request, reporter: Reporter, uploads: list[EncryptedUpload]) -> None:
    state = request.app.state
    try:
        with transaction(state.engine) as session:
            attach_uploads(
                session=session,
                case_id=reporter.case_id,
                case_key=reporter.case_key,
                author=Author.REPORTER,
                uploads=uploads,
                max_case_bytes=state.settings.max_case_bytes,
            )
            mark_reporter_activity(session=session, case_id=reporter.case_id)
    except BaseException:
        discard_uploads(blobs=state.blobs, uploads=uploads)
        raise


async def add_files(request: Request) -> Response:
    """Stream more evidence files onto the case (multipart, encrypted as they arrive)."""
    state = request.app.state
    settings = state.settings
    reporter = await run_in_threadpool(resume_reporter, request)
    if reporter is None:
        return session_ended()
    stored = await run_in_threadpool(_stored_bytes, request, reporter.case_id)
    room = settings.max_case_bytes - stored

    def open_file(field_name: str, file_name: str, content_type: str) -> EncryptedUpload | None:
        if field_name != "files":
            return None
        return start_upload(
            blobs=state.blobs,
            name=file_name,
            content_type=content_type,
            limit=min(settings.max_file_bytes, room),
        )

    try:
        parsed = await read_form(request, open_file, max_body=room + FORM_OVERHEAD_BYTES)
    except (FormTooLargeError, UploadTooLargeError):
        return too_large(request)
    except MalformedFormError as error:
        raise HTTPException(400) from error
    if not parsed.uploads:
        return await run_in_threadpool(
            partial(
                render_case,
                request,
                reporter,
                files_error=_("Choose at least one file to add."),
                status_code=422,
            )
        )
    try:
        await run_in_threadpool(_attach, request, reporter, parsed.uploads)
    except UploadTooLargeError:
        return too_large(request)
    return RedirectResponse("/case#files", status_code=303)


def _logout(request: Request) -> None:
    with transaction(request.app.state.engine) as session:
        finish_session(session=session, cookie=cookie_value(request))


async def logout(request: Request) -> Response:
    """Delete the server half of the session and forget the cookie."""
    await run_in_threadpool(_logout, request)
    response = RedirectResponse("/?logged_out=1", status_code=303)
    clear_cookie(response)
    return response
