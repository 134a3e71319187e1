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

from .i18n import GATEWAY, N_
from .pages import Pages

TITLES = {
    400: N_("This request could not be read"),
    403: N_("This page has expired"),
    404: N_("Page not found"),
    405: N_("This page cannot be used that way"),
    413: N_("That is too large"),
    500: N_("Something went wrong"),
}
EXPLANATIONS = {
    400: N_("Go back, reload the page and try again."),
    403: N_(
        "For your safety, pages expire. What you just sent was refused; anything you sent "
        "before (a report you hold a receipt for, earlier messages) is kept. Go back, reload "
        "the page and send it again."
    ),
    404: N_("There is no page at this address."),
    405: N_("Go back to the home page and follow the links from there."),
    413: N_("Go back and send less at a time."),
    500: N_("Nothing you sent was shown to anyone. Please try again in a few minutes."),
}


WORDING = ErrorWording(TITLES, EXPLANATIONS, translate=GATEWAY.gettext)


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
