"""Choosing the console's language: ``GET /language/<code>?next=<path>`` (public).

The language list in the console's header links here. The choice is kept in the language
cookie (:mod:`confide.web.language`) and, for a signed-in officer, on their principal:
their emails (the daily digest) are written in it. Signing in also stores a language
chosen before. Going back is to a path of this site only.
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from casework.people.principals import Principal
from confide.web.language import chosen_language, language_response
from intake_forms.languages import BY_CODE
from reviewer_console.people.sessions import COOKIE_NAME, resume
from reviewer_console.permissions import SecuredRoute, route
from reviewer_console.web import db

OFFERED = frozenset(BY_CODE)


def remember(session: Session, principal_id: str, code: str) -> None:
    """Write this officer's emails in ``code`` from now on."""
    principal = session.get(Principal, principal_id)
    if principal is not None and principal.language != code:
        principal.language = code
        session.add(principal)


def remember_chosen(session: Session, request: Request, principal_id: str) -> None:
    """At sign-in: a language chosen before becomes the officer's."""
    code = chosen_language(request.headers.get("cookie"))
    if code is not None:
        remember(session, principal_id, code)


async def choose(request: Request) -> Response:
    """Remember the chosen language and go back to ``next``."""
    code = request.path_params["code"]
    cookie = request.cookies.get(COOKIE_NAME)
    if code in OFFERED and cookie:

        def work(session: Session) -> None:
            staff = resume(session=session, cookie=cookie, settings=request.app.state.settings)
            if staff is not None:
                remember(session, staff.principal_id, code)

        await db(request, work)
    return language_response(code, request.query_params.get("next"), offered=OFFERED)


def routes() -> list[SecuredRoute]:
    """The language route (public: the sign-in page has the list too)."""
    return [route("/language/{code}", choose, public=True)]
