"""Error pages for both apps: a styled page for every failure, never a stack trace.

Each app words its own pages (a reporter and an officer need different advice) and renders
them with its own templates; what they share is here: the catch-all for unexpected
exceptions and the rule for what an error page says. :class:`ErrorPageMiddleware` sits
inside the security-headers middleware, so the 500 page carries the same CSP and
``no-store`` as every other page; it logs only the exception's class and the route
template, never its message or the request (either could quote what someone wrote), and
answers with the app's 500 page. Every error page is a full document with a title, a
language, one ``main`` landmark and a way back (checked by axe-core in the browser tests).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import structlog
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True, slots=True)
class ErrorWording:
    """What an app's error pages say: a title and an explanation per status code.

    The texts are message ids of the app's catalog, translated by ``translate`` (the app's
    gettext, reading the request's language) when a page is made.
    """

    titles: Mapping[int, str]
    explanations: Mapping[int, str]
    translate: Callable[[str], str] = str

    def context(self, status_code: int) -> dict[str, object]:
        """The template context for ``status_code`` (unknown codes read as a 500)."""
        code = status_code if status_code in self.titles else 500
        return {
            "status": code,
            "title": self.translate(self.titles[code]),
            "explanation": self.translate(self.explanations[code]),
        }


RenderError = Callable[[Request, int], Response]
"""Renders an app's error page for a request and a status code."""


class ErrorPageMiddleware:
    """Turns any unhandled exception into the app's 500 page."""

    def __init__(self, app: ASGIApp, *, render: RenderError, logger: str) -> None:
        """Wrap ``app``; answer failures with ``render(request, 500)``; log to ``logger``."""
        self.app = app
        self.render = render
        self.log = structlog.get_logger(logger)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass through; on an exception before the response started, send the 500 page."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:  # noqa: BLE001 - the point is to catch everything
            route = getattr(scope.get("route"), "path", "?")
            # No traceback: an exception message may quote what someone wrote (G1).
            self.log.error("unhandled_error", error=type(exc).__name__, route=route)  # noqa: TRY400
            if started:
                return
            await self.render(Request(scope), 500)(scope, receive, send)
