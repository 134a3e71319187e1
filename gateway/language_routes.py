"""Choosing a language: ``GET /language/<code>?next=<path>``.

The language list on every page links here. The link sets the language cookie and sends
the browser back (303) to the page it came from: ``next`` is a plain path of this site,
checked by :func:`confide.web.language.safe_next` (anything else goes to ``/``), so the
link cannot send anyone elsewhere. A GET is enough (it works with JavaScript off and
needs no form): it changes nothing but how this browser's pages read. This is the only
way the language cookie is set, so a person who never chooses gets no cookie.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from confide.web.language import language_response
from intake_forms.languages import BY_CODE

OFFERED = frozenset(BY_CODE)


async def choose(request: Request) -> Response:
    """Remember the chosen language and go back to ``next``."""
    return language_response(
        request.path_params["code"], request.query_params.get("next"), offered=OFFERED
    )
