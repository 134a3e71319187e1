"""Choosing a language: ``GET /language/<code>?next=<path>``.

The language list on every page links here. The link sets the language cookie and sends
the browser back (303) to the page it came from: ``next`` is a plain path of this site,
checked by :func:`confide.web.language.safe_next` (anything else goes to ``/``), so the
link cannot send anyone elsewhere. A GET is enough (it works with JavaScript off and
needs no form): it changes nothing but how this browser's pages read. This is the only
way the language cookie is set, so a person who never chooses gets no cookie. A signed-in
filer's choice is also stored on their filer rows: their emails are written in it.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from casework.disclosure.filers import remember_language
from casework.people.sessions import SessionKind, WebSession
from casework.store.db import transaction
from confide.web.cookies import decode_key
from confide.web.language import language_response
from crypto import session_lookup_id
from intake_forms.languages import BY_CODE

from .filer_sessions import resume_filer
from .reporter_sessions import cookie_value

OFFERED = frozenset(BY_CODE)


def _remember_for_filer(request: Request, code: str) -> None:
    """A signed-in filer's choice is also the language of their emails from now on.

    The session row's kind is looked at first: only a filer's session is resumed here, so a
    reporter's session is never judged by a filer's idle rule (and never ended by it).
    """
    key = decode_key(cookie_value(request) or "")
    if key is None:
        return
    with transaction(request.app.state.engine) as session:
        row = session.get(WebSession, session_lookup_id(key))
        if row is None or row.kind != SessionKind.FILER:
            return
        filer = resume_filer(session=session, cookie=cookie_value(request))
        if filer is not None:
            remember_language(session=session, principal_id=filer.principal.id, language=code)


async def choose(request: Request) -> Response:
    """Remember the chosen language and go back to ``next``."""
    code = request.path_params["code"]
    if code in OFFERED:
        await run_in_threadpool(_remember_for_filer, request, code)
    return language_response(code, request.query_params.get("next"), offered=OFFERED)
