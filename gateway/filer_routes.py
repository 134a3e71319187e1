"""Filer pages: accept an invitation, sign in, add TOTP, see one's cycles, sign out.

Signing in and setting a password each cost one Argon2id run, run in the gateway's bounded
admission pool like a receipt login. Every sign-in failure (unknown staff id, wrong
password, wrong code, a locked account, a staff account's username) gets the same message
and status after the same work (:func:`casework.people.filer_auth.sign_in_filer`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pyotp
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.disclosure.filers import (
    contact_of,
    filers_with_lookup,
    remember_language,
    staff_lookup,
)
from casework.disclosure.overview import filer_cycles
from casework.disclosure.tables import DisclosureFiler
from casework.notifications.disclosure import link_account
from casework.people.filer_auth import (
    FilerPasswordError,
    FilerSignedIn,
    FilerSignInFailed,
    InvitationInvalidError,
    accept_filer_invitation,
    add_filer_totp,
    filer_username,
    invitation_username,
    sign_in_filer,
    staff_lookup_of,
)
from casework.people.second_factor import new_totp_secret
from casework.store.db import transaction
from confide.web.language import chosen_language

from .filer_sessions import Filer, current_filer, start_filer_session
from .i18n import GATEWAY, N_, _
from .reporter_sessions import clear_cookie, cookie_value, finish_session, set_cookie

SIGN_IN_FAILED = N_("That staff id, password or code is not right.")
MAX_INPUT_CHARS = 200


async def fields_of(request: Request) -> dict[str, list[str]]:
    """Every urlencoded field as a list (groups repeat names), the CSRF token dropped.

    Filer pages never upload files; a multipart body is refused before Starlette could spool
    any part of it to a temporary file (G1).
    """
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raise HTTPException(400)
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str) and key != "csrf_token":
            values.setdefault(key, []).append(value[:20_000])
    return values


def first(values: dict[str, list[str]], name: str) -> str:
    """The first value sent under ``name`` ("" when none)."""
    return values.get(name, [""])[0][:MAX_INPUT_CHARS]


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200, **kw: Any
) -> Response:
    """A filer page (always ``no-store``, like every page at the gateway)."""
    response: Response = request.app.state.pages.render(
        request, name, context, status_code=status_code, **kw
    )
    return response


def signed_out() -> Response:
    """Back to the sign-in page, forgetting the cookie."""
    response = RedirectResponse("/filer/sign-in?ended=1", status_code=303)
    clear_cookie(response)
    return response


def _signed_in_response(request: Request, cookie: str) -> Response:
    response = RedirectResponse("/filer", status_code=303)
    set_cookie(response, cookie, max_age=request.app.state.settings.reporter_session_seconds)
    return response


async def _admitted(
    request: Request, work: Callable[[], str | None], page: str, context: dict[str, Any]
) -> str | Response | None:
    """Run ``work`` (an Argon2id run) in the admission pool; a 503 page when it is full."""
    admission = request.app.state.admission
    ticket = admission.try_admit()
    if ticket is None:
        wait = admission.retry_after()
        return render(
            request, page, {**context, "busy": wait}, 503, headers={"Retry-After": str(wait)}
        )
    with ticket:
        result: str | None = await admission.run(ticket, work)
        return result


async def invitation_page(request: Request) -> Response:
    """The set-your-password form, or a plain refusal for an unknown, used or expired link."""
    token = request.path_params["token"]
    pepper = request.app.state.settings.pepper

    def check() -> bool:
        with transaction(request.app.state.engine) as session:
            try:
                invitation_username(session=session, pepper=pepper, token=token)
            except InvitationInvalidError:
                return False
            return True

    if not await run_in_threadpool(check):
        return render(request, "filer_invitation.html", {"invalid": True}, 404)
    return render(request, "filer_invitation.html", {"invalid": False, "error": ""})


async def accept_invitation(request: Request) -> Response:
    """Set the password (zxcvbn-checked); the filer is then signed in."""
    token = request.path_params["token"]
    values = await fields_of(request)
    settings = request.app.state.settings
    password = values.get("password", [""])[0]
    if password != values.get("confirm", [""])[0]:
        return render(
            request,
            "filer_invitation.html",
            {"invalid": False, "error": _("The two passwords differ.")},
            400,
        )

    def work() -> str | None:
        with transaction(request.app.state.engine) as session:
            username = invitation_username(session=session, pepper=settings.pepper, token=token)
            lookup = staff_lookup_of(username)
            rows = filers_with_lookup(session=session, lookup=lookup)
            hints = [part for row in rows for part in _hints(settings.pepper, row)]
            signed: FilerSignedIn = accept_filer_invitation(
                session=session,
                pepper=settings.pepper,
                token=token,
                password=password,
                params=settings.password_kdf,
                hints=hints,
            )
            link_account(session=session, staff_lookup=lookup, principal_id=signed.principal.id)
            return _start(session, request, signed)

    try:
        cookie = await _admitted(
            request, work, "filer_invitation.html", {"invalid": False, "error": ""}
        )
    except InvitationInvalidError:
        return render(request, "filer_invitation.html", {"invalid": True}, 404)
    except FilerPasswordError as exc:
        error = _("Choose another password: %(reason)s.", reason=exc.translated(GATEWAY))
        return render(request, "filer_invitation.html", {"invalid": False, "error": error}, 400)
    if isinstance(cookie, Response):
        return cookie
    if cookie is None:
        return render(request, "filer_invitation.html", {"invalid": True}, 404)
    return _signed_in_response(request, cookie)


def _start(session: Session, request: Request, signed: FilerSignedIn) -> str:
    """The filer's split-key session for a successful sign-in or invitation: the cookie.

    A language the filer chose before signing in becomes the language of their emails.
    """
    chosen = chosen_language(request.headers.get("cookie"))
    if chosen is not None:
        remember_language(session=session, principal_id=signed.principal.id, language=chosen)
    return start_filer_session(
        session=session,
        request=request,
        principal_id=signed.principal.id,
        seed=signed.seed,
        lifetime=timedelta(seconds=request.app.state.settings.reporter_session_seconds),
    )


def _hints(pepper: bytes, row: DisclosureFiler) -> list[str]:
    contact = contact_of(pepper, row)
    return [contact.name, contact.email]


async def sign_in_page(request: Request) -> Response:
    """The sign-in form."""
    ended = request.query_params.get("ended") == "1"
    return render(request, "filer_signin.html", {"error": "", "ended": ended, "staff_id": ""})


async def sign_in(request: Request) -> Response:
    """Staff id, password and (if added) a TOTP code; the same answer for every failure."""
    values = await fields_of(request)
    settings = request.app.state.settings
    staff_id = first(values, "staff_id").strip()
    context = {"error": _(SIGN_IN_FAILED), "ended": False, "staff_id": staff_id}

    def work() -> str | None:
        try:
            signed = sign_in_filer(
                engine=request.app.state.engine,
                username=filer_username(staff_lookup(settings.pepper, staff_id)),
                password=values.get("password", [""])[0],
                totp_code=first(values, "totp"),
                params=settings.password_kdf,
                lock_threshold=settings.login_lock_threshold,
                lock_for=timedelta(seconds=settings.login_lock_seconds),
            )
        except FilerSignInFailed:
            return None
        with transaction(request.app.state.engine) as session:
            return _start(session, request, signed)

    cookie = await _admitted(request, work, "filer_signin.html", {**context, "error": ""})
    if cookie is None:
        return render(request, "filer_signin.html", context, 403)
    if not isinstance(cookie, str):
        return cookie
    return _signed_in_response(request, cookie)


async def home(request: Request) -> Response:
    """The filer's cycles: what is due when, and where each statement stands."""
    filer = await run_in_threadpool(current_filer, request)
    if filer is None:
        return signed_out()

    def work() -> list[Any]:
        with transaction(request.app.state.engine) as session:
            return filer_cycles(session=session, principal_id=filer.principal.id)

    cycles = await run_in_threadpool(work)
    context = {"cycles": cycles, "totp": filer.principal.totp_ct is not None}
    return render(request, "filer_home.html", context)


async def sign_out(request: Request) -> Response:
    """Delete the server half of the session."""

    def work() -> None:
        with transaction(request.app.state.engine) as session:
            finish_session(session=session, cookie=cookie_value(request))

    await run_in_threadpool(work)
    return signed_out()


def _totp_context(filer: Filer, secret: str, error: str) -> dict[str, Any]:
    uri = pyotp.TOTP(secret).provisioning_uri(name="disclosure filer", issuer_name="Confide")
    return {
        "secret": secret,
        "uri": uri,
        "error": error,
        "done": filer.principal.totp_ct is not None,
    }


async def totp_page(request: Request) -> Response:
    """Offer a new TOTP secret to add (the secret is sent back with the code)."""
    filer = await run_in_threadpool(current_filer, request)
    if filer is None:
        return signed_out()
    return render(request, "filer_totp.html", _totp_context(filer, new_totp_secret(), ""))


async def add_totp(request: Request) -> Response:
    """Turn TOTP on once the filer types a current code from their authenticator."""
    filer = await run_in_threadpool(current_filer, request)
    if filer is None:
        return signed_out()
    values = await fields_of(request)
    secret = first(values, "secret")
    if len(secret) != 32 or not secret.isalnum():
        secret = new_totp_secret()

    def work() -> bool:
        with transaction(request.app.state.engine) as session:
            principal = session.merge(filer.principal)
            return add_filer_totp(
                session=session,
                principal=principal,
                seed=filer.seed,
                secret=secret,
                code=first(values, "code"),
            )

    if not await run_in_threadpool(work):
        error = _("That code is not right; type the one your app shows now.")
        return render(request, "filer_totp.html", _totp_context(filer, secret, error), 400)
    return RedirectResponse("/filer", status_code=303)
