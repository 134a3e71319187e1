"""Error pages: a readable page for every failure, never a stack trace.

HTTP errors (400, 403, 404, 405, 413) are rendered by Starlette's exception handlers with
the ``error.html`` template. Anything unexpected is caught by the shared
:class:`confide.web.errors.ErrorPageMiddleware`, which answers with :func:`server_error`.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from confide.web.errors import ErrorWording

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


WORDING = ErrorWording(TITLES, EXPLANATIONS)


def error_context(status_code: int) -> dict[str, object]:
    """What ``error.html`` shows for ``status_code``."""
    return WORDING.context(status_code)


def server_error(request: Request, status_code: int) -> Response:
    """The page for an unexpected failure (see :class:`ErrorPageMiddleware`)."""
    pages: Pages = request.app.state.pages
    return pages.render(request, "error.html", error_context(status_code), status_code=status_code)


async def http_error(request: Request, exc: Exception) -> Response:
    """Render an :class:`HTTPException` as a page (never its detail text)."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    pages: Pages = request.app.state.pages
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    return pages.render(
        request, "error.html", error_context(status), status_code=status, headers=headers
    )
