"""Signing in and out, and changing one's own password.

Sign-in always asks for username, password and a TOTP code and always answers a failure
with the same page and message, whichever part was wrong, whether the account exists or is
locked (see :mod:`casework.people.principals_auth` for equal work and the lockout
trade-off); the message always says that sign-in pauses after several failures and whom to
ask, so that it explains a lock without ever revealing one. Each attempt waits for a slot in
the console's Argon2id admission pool (:mod:`confide.web.admission`); past its queue the
answer is 503 with ``Retry-After``, so a flood of sign-ins cannot take what signed-in
officers' pages need. Each attempt is written to the access log: a failure names the account
only when the username was a real one, and never records what was typed. Success starts a
split-key session
(:mod:`reviewer_console.people.sessions`).
"""

from datetime import timedelta

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.access_log import AccessAction, record_access
from casework.people.principals import STAFF_ROLES, Principal
from casework.people.principals_auth import (
    PasswordPolicyError,
    SignedIn,
    SignInFailed,
    change_password,
    check_password,
    sign_in,
)
from confide.settings import Settings
from reviewer_console.i18n import N_, _
from reviewer_console.people.language import remember_chosen
from reviewer_console.people.sessions import COOKIE_NAME, finish, start
from reviewer_console.permissions import EVERYONE, SecuredRoute, route, staff_of
from reviewer_console.web import db, form_fields, render

SIGN_IN_FAILED = N_(
    "Sign-in failed. Check your username, password and authenticator code, and try again."
)
PAUSES = N_(
    "To stop guessing, sign-in pauses after several failed attempts: for a few seconds at "
    "first, then for %(minutes)s minutes after %(threshold)s failures, even with the right "
    "details. If you are still refused after that, or have lost your password or "
    "authenticator, ask the director of the Ethics Office."
)


def failure_message(settings: Settings) -> tuple[str, str]:
    """The one failure message, and how lockout works.

    Shown after every failure, whoever typed what: a message that appeared only for a
    locked account would tell a guesser which usernames exist (an unknown username never
    locks). So every failure, under the same conditions, gets exactly this text.
    """
    minutes = max(1, settings.login_lock_seconds // 60)
    return _(SIGN_IN_FAILED), _(PAUSES, minutes=minutes, threshold=settings.login_lock_threshold)


HOME = "/inbox"
BUSY = N_("Too many people are signing in right now. Wait a moment and sign in again.")


async def login_page(request: Request) -> Response:
    """The sign-in form."""
    return render(
        request, "login.html", {"error": None, "signed_out": "signed_out" in request.query_params}
    )


async def login(request: Request) -> Response:
    """Check the three factors; start a session or answer with the one generic failure."""
    fields = await form_fields(request)
    settings = request.app.state.settings

    def attempt() -> SignedIn | SignInFailed:
        try:
            return sign_in(
                engine=request.app.state.engine,
                username=fields.get("username", "")[:200],
                password=fields.get("password", "")[:1000],
                totp_code=fields.get("totp", "")[:20],
                params=settings.password_kdf,
                lock_threshold=settings.login_lock_threshold,
                lock_for=timedelta(seconds=settings.login_lock_seconds),
            )
        except SignInFailed as failure:
            return failure

    admission = request.app.state.admission
    ticket = admission.try_admit()
    if ticket is None:
        response = render(
            request,
            "login.html",
            {"error": _(BUSY), "username": fields.get("username", "")[:200]},
            status_code=503,
        )
        response.headers["Retry-After"] = str(admission.retry_after())
        return response
    with ticket:
        outcome = await admission.run(ticket, attempt)

    def work(session: Session) -> str | None:
        if isinstance(outcome, SignInFailed):
            record_access(
                session=session, actor_id=outcome.principal_id, action=AccessAction.SIGN_IN_FAILED
            )
            return None
        if outcome.principal.role not in STAFF_ROLES:
            record_access(
                session=session, actor_id=outcome.principal.id, action=AccessAction.SIGN_IN_FAILED
            )
            return None
        record_access(session=session, actor_id=outcome.principal.id, action=AccessAction.SIGN_IN)
        remember_chosen(session, request, outcome.principal.id)
        return start(
            session=session, principal=outcome.principal, seed=outcome.seed, settings=settings
        )

    cookie = await db(request, work)
    if cookie is None:
        error, pauses = failure_message(settings)
        context = {"error": error, "pauses": pauses}
        return render(request, "login.html", context, status_code=401)
    response = RedirectResponse(HOME, status_code=303)
    response.set_cookie(
        COOKIE_NAME, cookie, secure=True, httponly=True, samesite="strict", path="/"
    )
    return response


async def logout(request: Request) -> Response:
    """Delete the server half; the cookie alone is now worthless."""
    staff = staff_of(request)

    def work(session: Session) -> None:
        finish(session=session, staff=staff)
        record_access(session=session, actor_id=staff.principal_id, action=AccessAction.SIGN_OUT)

    await db(request, work)
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", secure=True, httponly=True, samesite="strict")
    return response


async def home(_request: Request) -> Response:
    """The console starts at the inbox."""
    return RedirectResponse(HOME, status_code=303)


async def password_page(request: Request) -> Response:
    """The form to change one's own password."""
    return render(request, "password.html", {"error": None, "done": False})


async def password_change(request: Request) -> Response:
    """Re-wrap the seed under a new password after checking the current one."""
    staff = staff_of(request)
    fields = await form_fields(request)
    settings = request.app.state.settings
    new = fields.get("new_password", "")
    if new != fields.get("confirm", ""):
        return render(
            request,
            "password.html",
            {"error": _("The two new passwords differ."), "done": False},
            status_code=400,
        )

    def work(session: Session) -> str | None:
        principal = session.get(Principal, staff.principal_id)
        assert principal is not None
        try:
            seed = check_password(principal, fields.get("current_password", ""))
            change_password(
                session=session,
                principal=principal,
                seed=seed,
                new_password=new,
                params=settings.password_kdf,
                current_session=staff.lookup_id,
            )
        except SignInFailed:
            return _("The current password is not right.")
        except PasswordPolicyError as exc:
            return _("The new password is too weak: %(reason)s.", reason=exc)
        record_access(
            session=session, actor_id=staff.principal_id, action=AccessAction.PASSWORD_CHANGE
        )
        return None

    error = await db(request, work)
    status = 400 if error else 200
    return render(
        request, "password.html", {"error": error, "done": error is None}, status_code=status
    )


def routes() -> list[SecuredRoute]:
    """The sign-in routes (public) and the self-service account routes."""
    return [
        route("/login", login_page, public=True),
        route("/login", login, methods=["POST"], public=True),
        route("/", home, roles=EVERYONE),
        route("/logout", logout, methods=["POST"], roles=EVERYONE, self_service=True),
        route("/account/password", password_page, roles=EVERYONE),
        route(
            "/account/password",
            password_change,
            methods=["POST"],
            roles=EVERYONE,
            self_service=True,
        ),
    ]
