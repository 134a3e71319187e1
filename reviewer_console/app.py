"""The reviewer console application factory.

Built by :func:`create_app` from explicit settings; nothing is created at import time. The
console is the only process that decrypts, and only for principals holding a grant (G3).

The route table is assembled from one module per concept (``auth``, ``inbox``,
``casefile``, ``people``, ``enrolment``, ``logs``); every entry is a
:class:`~reviewer_console.permissions.SecuredRoute` carrying its own access rule, and the
static mount is the only other entry. Errors never show a stack trace: every error is a
styled page of the console (:mod:`reviewer_console.errors`).
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount

from casework.store.clock import utcnow
from casework.store.db import make_engine
from confide.settings import Settings
from confide.web.admission import Admission
from confide.web.body_limit import BodyLimitMiddleware
from confide.web.csrf import MAX_FORM_BYTES, CSRFMiddleware
from confide.web.errors import ErrorPageMiddleware
from confide.web.headers import SecurityHeadersMiddleware
from confide.web.i18n import install
from confide.web.language import LanguageMiddleware
from confide.web.logs import configure_logging
from confide.web.periodic import purging_sessions
from confide.web.rendering import make_templates
from confide.web.static import shared_static
from reviewer_console import reports
from reviewer_console.cases import access_log, casefile, inbox, logged, protection
from reviewer_console.cases.labels import TEMPLATE_GLOBALS
from reviewer_console.disclosure import cycles as disclosure_cycles
from reviewer_console.disclosure import drafts as disclosure_drafts
from reviewer_console.disclosure import review as disclosure_review
from reviewer_console.errors import csrf_refused, error_page, http_error
from reviewer_console.i18n import CONSOLE, _
from reviewer_console.people import auth, directory, enrolment, language
from reviewer_console.people.sessions import COOKIE_NAME
from reviewer_console.referrals import consent_log, referrals
from reviewer_console.web import UnsupportedFormError

TEMPLATES = Path(__file__).parent / "templates"
MAX_BODY_BYTES = MAX_FORM_BYTES
"""The console takes no files: no body, signed in or not, is larger than a form."""
STATIC = Path(__file__).parent / "static"

__all__ = ["COOKIE_NAME", "create_app", "from_environment", "route_table"]


def route_table() -> list[BaseRoute]:
    """Every route of the console: secured routes, then the static files."""
    return [
        *auth.routes(),
        *language.routes(),
        *inbox.routes(),
        *casefile.routes(),
        *protection.routes(),
        *logged.routes(),
        *reports.routes(),
        *referrals.routes(),
        *consent_log.routes(),
        *directory.routes(),
        *enrolment.routes(),
        *access_log.routes(),
        *disclosure_cycles.routes(),
        *disclosure_drafts.routes(),
        *disclosure_review.routes(),
        Mount("/static", app=shared_static(), name="static"),
    ]


async def unsupported_form(_request: Request, _exc: Exception) -> Response:
    """A body that is not a url-encoded form (the console's forms never send one)."""
    return PlainTextResponse(_("Send this form from the console's own page."), status_code=415)


def create_app(settings: Settings) -> Starlette:
    """Build the console for ``settings``."""
    configure_logging()
    templates = make_templates(TEMPLATES, **TEMPLATE_GLOBALS)
    install(templates.env, CONSOLE)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = make_engine(settings.resolved_database_url, pepper=settings.pepper)
        admission = Admission(pool_size=settings.kdf_pool_size, queue=settings.kdf_queue)
        app.state.engine = engine
        app.state.admission = admission
        try:
            async with purging_sessions(app, engine, settings):
                yield
        finally:
            admission.close()
            engine.dispose()

    app = Starlette(
        routes=route_table(),
        middleware=[
            Middleware(SecurityHeadersMiddleware, https=settings.https),
            Middleware(LanguageMiddleware),
            Middleware(ErrorPageMiddleware, render=error_page, logger="console"),
            Middleware(BodyLimitMiddleware, limit=MAX_BODY_BYTES),
            Middleware(
                CSRFMiddleware,
                secret=settings.pepper,
                cookie_name=COOKIE_NAME,
                error=lambda: csrf_refused(templates),
            ),
        ],
        exception_handlers={HTTPException: http_error, UnsupportedFormError: unsupported_form},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.templates = templates
    app.state.clock = utcnow
    return app


def from_environment() -> Starlette:
    """The factory uvicorn calls (`confide serve`)."""
    return create_app(Settings.from_env())
