"""The language of each request: the person's choice, else a guess from the browser.

:class:`LanguageMiddleware` sets the current language (:mod:`intake_forms.languages`) for
the rest of the request, in this order:

1. the language cookie, present only once the person has chosen a language from the
   language list (a GET link, so it works with JavaScript off; see
   :func:`language_response`);
2. the browser's ``Accept-Language`` header, as a first guess only. It is the one request
   header the gateway reads besides those the protocol needs (SECURITY.md): it is parsed
   here, in memory, and never stored, logged or compared across requests;
3. English.

The cookie holds a language code and nothing else; any other value is ignored. It is a
session cookie (no expiry): a choice of language should not outlive the browser session
on a shared or inspected device.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from intake_forms.languages import BY_CODE, DEFAULT_LANGUAGE, negotiate, reset, use

LANGUAGE_COOKIE = "__Host-confide-lang"
_SAFE_PATH = re.compile(r"/(?:[A-Za-z0-9_\-.~]+(?:/[A-Za-z0-9_\-.~]+)*/?)?")


def chosen_language(cookie_header: str | None) -> str | None:
    """The language code in the language cookie, or None when there is none (or it is bad)."""
    prefix = LANGUAGE_COOKIE + "="
    for part in (cookie_header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name + "=" == prefix and value in BY_CODE:
            return value
    return None


def is_language_cookie_value(value: bytes) -> bool:
    """Whether ``value`` is one the language cookie may hold (a language code)."""
    return value.decode("ascii", "replace") in BY_CODE


class LanguageMiddleware:
    """Sets the current language for the request: the choice, else a guess, else English."""

    def __init__(self, app: ASGIApp, *, offered: frozenset[str] | None = None) -> None:
        """Wrap ``app``; ``offered`` limits the languages (all six by default)."""
        self.app = app
        self.offered = offered if offered is not None else frozenset(BY_CODE)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request in its language."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        code = chosen_language(headers.get("cookie"))
        if code not in self.offered:
            code = negotiate(headers.get("accept-language"), self.offered) or DEFAULT_LANGUAGE
        token = use(code)
        try:
            await self.app(scope, receive, send)
        finally:
            reset(token)


def safe_next(path: str | None) -> str:
    """Where to go back after choosing a language: a plain path of this site, else ``/``.

    Only ``/`` followed by path segments of unreserved characters is accepted, so no
    scheme, host, ``//``, backslash, query or fragment can turn the link into a redirect
    to somewhere else.
    """
    if path and len(path) <= 512 and _SAFE_PATH.fullmatch(path):
        return path
    return "/"


def language_response(
    code: str, next_path: str | None, *, offered: frozenset[str]
) -> RedirectResponse:
    """Remember ``code`` in the cookie and go back to ``next_path`` (this site only).

    An unknown ``code`` sets nothing and just goes back.
    """
    response = RedirectResponse(safe_next(next_path), status_code=303)
    if code in offered:
        response.set_cookie(
            LANGUAGE_COOKIE, code, path="/", secure=True, httponly=True, samesite="lax"
        )
    return response
