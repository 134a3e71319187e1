"""Error pages: a readable page for every failure, never a stack trace.

HTTP errors (400, 403, 404, 405, 413) are rendered by Starlette's exception handlers with
the ``error.html`` template. Anything unexpected is caught by :class:`ErrorPageMiddleware`,
which sits inside the security-headers middleware (so the 500 page carries the same CSP
and ``no-store`` as every other page), logs only the exception's class and the route
template, never its message or the request (which could hold what a reporter wrote), and
answers with the generic 500 page.
"""

from __future__ import annotations

import structlog
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .pages import Pages

TITLES = {
    400: "This request could not be read",
    403: "This page has expired",
    404: "Page not found",
    405: "This page cannot be used that way",
    413: "That is too large",
    500: "Something went wrong",
}
EXPLANATIONS = {
    400: "Go back, reload the page and try again.",
    403: (
        "For your safety, pages expire. What you just sent was refused; anything you sent "
        "before (a report you hold a receipt for, earlier messages) is kept. Go back, reload "
        "the page and send it again."
    ),
    404: "There is no page at this address.",
    405: "Go back to the home page and follow the links from there.",
    413: "Go back and send less at a time.",
    500: "Nothing you sent was shown to anyone. Please try again in a few minutes.",
}


def error_context(status_code: int) -> dict[str, object]:
    """What ``error.html`` shows for ``status_code``."""
    code = status_code if status_code in TITLES else 500
    return {"status": code, "title": TITLES[code], "explanation": EXPLANATIONS[code]}


async def http_error(request: Request, exc: Exception) -> Response:
    """Render an :class:`HTTPException` as a page (never its detail text)."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    pages: Pages = request.app.state.pages
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    return pages.render(
        request, "error.html", error_context(status), status_code=status, headers=headers
    )


class ErrorPageMiddleware:
    """Turns any unhandled exception into the generic 500 page."""

    def __init__(self, app: ASGIApp, *, pages: Pages) -> None:
        """Wrap ``app``; render with ``pages``."""
        self.app = app
        self.pages = pages
        self.log = structlog.get_logger("gateway")

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
            # No traceback: an exception message may quote what a reporter wrote (G1).
            self.log.error("unhandled_error", error=type(exc).__name__, route=route)  # noqa: TRY400
            if started:
                return
            response = self.pages.render(
                Request(scope), "error.html", error_context(500), status_code=500
            )
            await response(scope, receive, send)
