"""The console's error pages: styled, with a title, a language, a main landmark and a way back.

Refusals (403), unknown addresses (404), wrong methods (405), unreadable requests (400), an
expired form (the CSRF check) and unexpected failures (500, through the shared
:class:`confide.web.errors.ErrorPageMiddleware`) all render ``error.html`` inside the
console's own layout. A refusal never says whether the thing asked for exists.
"""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from confide.web.errors import ErrorWording
from confide.web.rendering import render
from reviewer_console.i18n import CONSOLE, N_
from reviewer_console.people.sessions import COOKIE_NAME

WORDING = ErrorWording(
    titles={
        400: N_("This request could not be read"),
        403: N_("You do not have access to this page"),
        404: N_("Page not found"),
        405: N_("This page cannot be used that way"),
        419: N_("This form has expired"),
        500: N_("Something went wrong"),
    },
    explanations={
        400: N_("Go back, reload the page and try again."),
        403: N_(
            "Cases open only to the people they are granted to. If you need this one, ask a "
            "colleague who holds it to grant it to you, or ask the director."
        ),
        404: N_("There is no page at this address. Follow the links from the inbox."),
        405: N_("Follow the links and buttons of the console instead of typing the address."),
        419: N_(
            "For safety, forms expire with the session they were opened in. Reload the page "
            "and send the form again; this sending changed nothing."
        ),
        500: N_("Nothing was changed. Try again; if it keeps happening, tell the director."),
    },
    translate=CONSOLE.gettext,
)
CSRF_REFUSED = 419
"""Not sent as a status (the answer is 403); selects the wording for an expired form."""


def error_page(request: Request, status_code: int, *, wording_for: int | None = None) -> Response:
    """The console's page for ``status_code`` (worded for ``wording_for`` when given)."""
    staff = getattr(request.state, "staff", None)
    context = {
        "request": request,
        "staff": staff,
        # Outside a secured route nobody resolved the session; a cookie is hint enough
        # for the way back (the inbox sends anyone not signed in to the sign-in page).
        "signed_in": staff is not None or COOKIE_NAME in request.cookies,
        **WORDING.context(wording_for or status_code),
    }
    return render(
        request.app.state.templates, request, "error.html", context, status_code=status_code
    )


async def http_error(request: Request, exc: Exception) -> Response:
    """Render an :class:`HTTPException` as a page (never its detail text)."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    response = error_page(request, status)
    if isinstance(exc, HTTPException) and exc.headers:
        response.headers.update(exc.headers)
    return response


def csrf_refused(templates: object) -> Response:
    """The page for a form that failed the CSRF check (rendered when it happens)."""
    template = templates.env.get_template("error.html")  # type: ignore[attr-defined]
    html = template.render(request=None, staff=None, **WORDING.context(CSRF_REFUSED))
    return HTMLResponse(html, status_code=403)
