"""Landing page, report forms and the receipt.

``POST /report/<form>`` streams the body (files encrypted as they arrive, see
:mod:`gateway.formdata`), validates the answers against the form definition, then asks
admission control for a slot before deriving the new receipt's keys (one Argon2id run in
the bounded pool). The case, its records, grants, attachments and the reporter's session
are written in one transaction; the receipt is shown once, on the response to that POST,
and kept nowhere. Sending the form again from the same browser (a reload of the receipt
page) does not make a second case.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from casework.cases.intake import Submission, submit_case
from casework.cases.messages import Author
from casework.cases.uploads import (
    EncryptedUpload,
    UploadTooLargeError,
    attach_uploads,
    discard_uploads,
    start_upload,
)
from casework.channels.registry import get_policy
from casework.people.office import get_office
from casework.store.clock import today
from casework.store.db import transaction
from confide.web.csrf import session_token
from crypto import ReceiptSecrets, derive_receipt, format_receipt, generate_receipt
from intake_forms import (
    Form,
    Validated,
    answers_bytes,
    get_form,
    identity_bytes,
    validate,
)
from intake_forms.groups import apply_action

from .formdata import FormTooLargeError, MalformedFormError, ParsedForm, read_form
from .pages import anonymous_forms, pages
from .reporter_sessions import cookie_value, resume_session, set_cookie, start_session

FORM_OVERHEAD_BYTES = 1024 * 1024


async def landing(request: Request) -> Response:
    """The front door: channels, confidentiality, staying anonymous, what happens next."""
    logged_out = request.query_params.get("logged_out") == "1"
    return pages(request).render(request, "landing.html", {"logged_out": logged_out})


def _form_or_404(request: Request) -> Form:
    """The latest version of an anonymous channel's form (filers' forms are elsewhere)."""
    form_id = request.path_params["form_id"]
    if form_id not in {form.id for form in anonymous_forms()}:
        raise HTTPException(404)
    return get_form(form_id)


def render_form(
    request: Request,
    form: Form,
    *,
    values: dict[str, list[str]] | None = None,
    validated: Validated | None = None,
    status_code: int = 200,
    busy: int = 0,
    files_dropped: bool = False,
    headers: dict[str, str] | None = None,
) -> Response:
    """The form page, with the reporter's input and per-field errors when given."""
    context: dict[str, Any] = {
        "form": form,
        "values": values or {},
        "answers": validated.answers if validated else {},
        "errors": validated.errors if validated else {},
        "busy": busy,
        "files_dropped": files_dropped,
    }
    return pages(request).render(
        request, "form.html", context, status_code=status_code, headers=headers
    )


async def show_form(request: Request) -> Response:
    """An empty form."""
    return render_form(request, _form_or_404(request))


def too_large(request: Request) -> Response:
    """The readable 413 page."""
    return pages(request).render(request, "too_large.html", {}, status_code=413)


def office_salt(request: Request) -> bytes:
    """The office-wide receipt salt (public; read once, then kept on the app state)."""
    state = request.app.state
    salt: bytes | None = getattr(state, "office_salt", None)
    if salt is None:
        with transaction(state.engine) as session:
            salt = get_office(session=session).office_salt
        state.office_salt = salt
    return salt


async def receipt_salt(request: Request) -> bytes:
    """:func:`office_salt`, without a thread hop once it is cached (it never changes)."""
    salt: bytes | None = getattr(request.app.state, "office_salt", None)
    return salt if salt is not None else await run_in_threadpool(office_salt, request)


def _store_case(
    request: Request,
    form: Form,
    validated: Validated,
    uploads: list[EncryptedUpload],
    secrets: ReceiptSecrets,
) -> str:
    state = request.app.state
    settings = state.settings
    facts = validated.clear_answers()
    category_field = get_policy(form.id).category_field
    submission = Submission(
        channel=form.id,
        form_version=form.version,
        category=facts.pop(category_field, "") if category_field else "",
        answers=answers_bytes(validated),
        identity=identity_bytes(validated),
        facts=facts,
    )
    try:
        with transaction(state.engine) as session:
            case, case_key = submit_case(session=session, submission=submission, reporter=secrets)
            if uploads:
                attach_uploads(
                    session=session,
                    case_id=case.id,
                    case_key=case_key,
                    author=Author.REPORTER,
                    uploads=uploads,
                    max_case_bytes=settings.max_case_bytes,
                )
            return start_session(
                session=session,
                case_id=case.id,
                seed=secrets.seed,
                lifetime=timedelta(seconds=settings.reporter_session_seconds),
            )
    except BaseException:
        discard_uploads(blobs=state.blobs, uploads=uploads)
        raise


def _signed_in(request: Request) -> bool:
    with transaction(request.app.state.engine) as session:
        return resume_session(session=session, cookie=cookie_value(request)) is not None


async def signed_in(request: Request) -> bool:
    """Whether the browser holds a live reporter session (no database work without a cookie)."""
    if cookie_value(request) is None:
        return False
    return await run_in_threadpool(_signed_in, request)


async def _read(request: Request, form: Form, *, keep_files: bool) -> ParsedForm | Response:
    """The body, with the form's files encrypted as they arrive (or a 413 page).

    Files are dropped while admission control is saturated (``keep_files`` False): the
    person is asked to choose them again, rather than the server storing what it may not
    get to process.
    """
    state = request.app.state
    settings = state.settings
    file_fields = {f.name for f in form.file_fields}

    def open_file(field_name: str, file_name: str, content_type: str) -> EncryptedUpload | None:
        if not keep_files or field_name not in file_fields:
            return None
        return start_upload(
            blobs=state.blobs,
            name=file_name,
            content_type=content_type,
            limit=settings.max_file_bytes,
        )

    try:
        return await read_form(
            request, open_file, max_body=settings.max_case_bytes + FORM_OVERHEAD_BYTES
        )
    except (FormTooLargeError, UploadTooLargeError):
        return too_large(request)
    except MalformedFormError as exc:
        raise HTTPException(400) from exc


async def _derive(
    request: Request,
    form: Form,
    parsed: ParsedForm,
    validated: Validated,
    *,
    files_dropped: bool,
) -> tuple[str, ReceiptSecrets] | Response:
    """A new receipt and its keys, derived in the bounded pool (or the busy page, input kept).

    Admission control (:mod:`gateway.admission`) refuses at once when the pool and its
    queue are full: the form comes back with the answers and a Retry-After.
    """
    state = request.app.state
    settings = state.settings
    ticket = state.admission.try_admit()
    if ticket is None:
        parsed.abort()
        wait = state.admission.retry_after()
        return render_form(
            request,
            form,
            values=parsed.fields,
            validated=validated,
            status_code=503,
            busy=wait,
            files_dropped=files_dropped,
            headers={"Retry-After": str(wait)},
        )
    with ticket:
        receipt = generate_receipt()
        try:
            salt = await receipt_salt(request)
            secrets = await state.admission.run(
                ticket,
                partial(
                    derive_receipt,
                    receipt,
                    office_salt=salt,
                    pepper=settings.pepper,
                    params=settings.receipt_kdf,
                ),
            )
        except BaseException:
            parsed.abort()
            raise
    return receipt, secrets


async def submit(request: Request) -> Response:
    """Validate, derive the receipt in the bounded pool, store the case, show the receipt.

    A browser that is already signed in to a report (the receipt page reloaded, the form
    sent twice) is not given a second case: it is told its report is safe and offered the
    way to it, and to log out before sending a different one.
    """
    form = _form_or_404(request)
    state = request.app.state
    settings = state.settings
    if await signed_in(request):
        return pages(request).render(request, "already_sent.html", {}, status_code=409)
    keep_files = not state.admission.saturated
    parsed = await _read(request, form, keep_files=keep_files)
    if isinstance(parsed, Response):
        return parsed
    had_files = bool(parsed.uploads)
    rearranged = apply_action(form, parsed.fields)
    if rearranged is not None:  # "add another" or "remove": show the form again, send nothing
        parsed.abort()
        return render_form(request, form, values=rearranged, files_dropped=had_files)
    validated = validate(form, parsed.fields, today=today())
    if not validated.ok:
        parsed.abort()
        return render_form(
            request,
            form,
            values=parsed.fields,
            validated=validated,
            status_code=422,
            files_dropped=had_files,
        )
    if sum(u.size for u in parsed.uploads) > settings.max_case_bytes:
        parsed.abort()
        return too_large(request)
    derived = await _derive(
        request, form, parsed, validated, files_dropped=had_files or not keep_files
    )
    if isinstance(derived, Response):
        return derived
    receipt, secrets = derived
    try:
        cookie = await run_in_threadpool(
            _store_case, request, form, validated, parsed.uploads, secrets
        )
    except UploadTooLargeError:
        return too_large(request)
    # The receipt page is served to the new session: its forms need that session's token.
    request.state.csrf_token = session_token(settings.pepper, cookie)
    context = {"receipt": format_receipt(receipt).split(" "), "form": form}
    response = pages(request).render(request, "receipt.html", context)
    set_cookie(response, cookie, max_age=settings.reporter_session_seconds)
    return response
