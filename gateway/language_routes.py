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
from casework.store.db import transaction
from confide.web.language import language_response
from intake_forms.languages import BY_CODE

from .filer_sessions import resume_filer
from .reporter_sessions import cookie_value

OFFERED = frozenset(BY_CODE)


def _remember_for_filer(request: Request, code: str) -> None:
    """A signed-in filer's choice is also the language of their emails from now on."""
    if cookie_value(request) is None:
        return
    with transaction(request.app.state.engine) as session:
        filer = resume_filer(session=session, cookie=cookie_value(request))
        if filer is not None:
            remember_language(session=session, principal_id=filer.principal.id, language=code)


async def choose(request: Request) -> Response:
    """Remember the chosen language and go back to ``next``."""
    code = request.path_params["code"]
    if code in OFFERED:
        await run_in_threadpool(_remember_for_filer, request, code)
    return language_response(code, request.query_params.get("next"), offered=OFFERED)
