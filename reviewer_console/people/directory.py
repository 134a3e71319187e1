"""The director's pages: people (invite, disable, recovery reset) and channel routing.

Workflows live in :mod:`casework.people.management` and :mod:`casework.people.office`;
these views only read forms, call them and show the outcome. Secrets meant for another
person (an invitation link, a new TOTP enrolment after a reset) are shown once, in the
response, and never stored in clear.
"""

from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.access_log import AccessAction, record_access
from casework.people.management import (
    INVITABLE_ROLES,
    PeopleError,
    disable,
    invite,
    pending_invitations,
    reset,
)
from casework.people.office import channel_recipients, set_channel_recipients
from casework.people.principals import STAFF_ROLES, Principal, Role, list_principals
from casework.people.principals_auth import PasswordPolicyError
from crypto import CryptoError
from reviewer_console.cases.inbox import channel_choices
from reviewer_console.cases.labels import channel_title
from reviewer_console.i18n import _
from reviewer_console.people.enrolment import enrolment_context
from reviewer_console.permissions import DIRECTOR, SecuredRoute, route, staff_of
from reviewer_console.web import db, form_fields, form_list, render


def _people(session: Session) -> list[Principal]:
    return list_principals(session=session, roles=STAFF_ROLES)


def _people_and_invitations(session: Session) -> dict[str, Any]:
    people = _people(session)
    return {
        "people": people,
        "invitations": pending_invitations(session=session),
        "names": {p.id: p.username for p in people},
    }


async def people_page(request: Request, **extra: Any) -> Response:
    """Everyone on the staff, pending invitations, the invitation form, anything shown once."""
    status_code = int(extra.pop("status_code", 200))
    found = await db(request, _people_and_invitations)
    context = {**found, "roles": INVITABLE_ROLES, "error": None, "link": None, **extra}
    return render(request, "people.html", context, block="people_main", status_code=status_code)


async def people(request: Request) -> Response:
    """The people page."""
    return await people_page(request)


async def invite_person(request: Request) -> Response:
    """Create a one-time invitation link (shown once; only its keyed hash is stored)."""
    staff = staff_of(request)
    fields = await form_fields(request)
    settings = request.app.state.settings

    def work(session: Session) -> str:
        try:
            role = Role(fields.get("role", ""))
        except ValueError as exc:
            raise PeopleError("choose a role") from exc
        _invitation, token = invite(
            session=session,
            pepper=settings.pepper,
            username=fields.get("username", ""),
            role=role,
            invited_by=staff.principal_id,
        )
        return token

    try:
        token = await db(request, work)
    except PeopleError as exc:
        return await people_page(request, error=str(exc), status_code=400)
    link = str(request.url_for("accept_page", token=token))
    return await people_page(request, link=link)


async def disable_person(request: Request) -> Response:
    """Disable an account; its sessions end at once."""
    staff = staff_of(request)
    principal_id = request.path_params["principal_id"]
    try:
        await db(
            request,
            lambda s: disable(session=s, principal_id=principal_id, actor_id=staff.principal_id),
        )
    except (PeopleError, LookupError) as exc:
        return await people_page(request, error=str(exc) or _("No such account."), status_code=400)
    return RedirectResponse("/people", status_code=303)


async def reset_page(request: Request) -> Response:
    """The recovery reset form for one account."""
    principal = await db(request, lambda s: s.get(Principal, request.path_params["principal_id"]))
    if principal is None:
        return render(
            request, "reset.html", {"person": None, "error": _("No such account.")}, status_code=404
        )
    return render(request, "reset.html", {"person": principal, "error": None})


async def reset_person(request: Request) -> Response:
    """Re-wrap a lost password's seed through the office recovery code; new TOTP enrolment."""
    staff = staff_of(request)
    fields = await form_fields(request)
    settings = request.app.state.settings
    principal_id = request.path_params["principal_id"]

    def work(session: Session) -> tuple[Principal | None, str | None, str | None]:
        principal = session.get(Principal, principal_id)
        if principal is None or principal.role not in STAFF_ROLES:
            return None, None, _("No such account.")
        try:
            done = reset(
                session=session,
                principal=principal,
                recovery_code=fields.get("recovery_code", ""),
                new_password=fields.get("new_password", ""),
                params=settings.password_kdf,
                actor_id=staff.principal_id,
            )
        except PasswordPolicyError as exc:
            return principal, None, _("The new password is too weak: %(reason)s.", reason=exc)
        except CryptoError:
            return principal, None, _("That recovery code does not open this account.")
        return principal, done.totp_secret, None

    principal, secret, error = await db(request, work)
    if error is not None or principal is None or secret is None:
        status_code = 404 if principal is None else 400
        return render(
            request, "reset.html", {"person": principal, "error": error}, status_code=status_code
        )
    context = {"person": principal, "error": None, **enrolment_context(principal.username, secret)}
    return render(request, "reset.html", context)


async def routing_page(
    request: Request, error: str | None = None, status_code: int = 200
) -> Response:
    """Who receives each channel's new cases by default."""

    def work(session: Session) -> dict[str, Any]:
        channels = channel_choices(session)
        return {
            "channels": [
                (c, channel_title(c), set(channel_recipients(session=session, channel=c)))
                for c in channels
            ],
            "officers": [
                p
                for p in _people(session)
                if p.role in {Role.OFFICER, Role.DIRECTOR} and p.status == "active"
            ],
        }

    context = await db(request, work)
    context["error"] = error
    return render(request, "routing.html", context, block="routing_main", status_code=status_code)


async def routing(request: Request) -> Response:
    """The routing page."""
    return await routing_page(request)


async def set_routing(request: Request) -> Response:
    """Replace the default recipients of one channel (logged)."""
    staff = staff_of(request)
    fields = await form_fields(request)
    chosen = await form_list(request, "recipient")
    channel = fields.get("channel", "").strip()

    def work(session: Session) -> str | None:
        if channel not in channel_choices(session):
            return _("Choose a channel from the list.")
        valid = {p.id for p in _people(session) if p.role in {Role.OFFICER, Role.DIRECTOR}}
        if not set(chosen) <= valid:
            return _("Only officers and directors can receive cases.")
        set_channel_recipients(session=session, channel=channel, principal_ids=chosen)
        record_access(
            session=session,
            actor_id=staff.principal_id,
            action=AccessAction.ROUTING_CHANGE,
            detail=f"channel:{channel}",
        )
        return None

    error = await db(request, work)
    if error is not None:
        return await routing_page(request, error=error, status_code=400)
    return RedirectResponse("/routing", status_code=303)


def routes() -> list[SecuredRoute]:
    """The director's routes."""
    return [
        route("/people", people, roles=DIRECTOR),
        route("/people/invite", invite_person, methods=["POST"], roles=DIRECTOR),
        route("/people/{principal_id}/disable", disable_person, methods=["POST"], roles=DIRECTOR),
        route("/people/{principal_id}/reset", reset_page, roles=DIRECTOR),
        route("/people/{principal_id}/reset", reset_person, methods=["POST"], roles=DIRECTOR),
        route("/routing", routing, roles=DIRECTOR),
        route("/routing", set_routing, methods=["POST"], roles=DIRECTOR),
    ]
