"""The gateway application factory.

Built by :func:`create_app` from explicit settings; nothing is created at import time. The
lifespan opens the database engine, the blob store and the Argon2id admission pool and
puts them on ``app.state``; routes find them there.

The gateway never reads the client address, forwarded headers, the user agent or the
referrer, and its access log is off (G2). It holds only public keys (G6): it can seal case
keys to officers and open what a receipt opens, nothing else.

Middleware, outermost first: security headers (CSP, HSTS, no-store, Onion-Location), the
removal of malformed cookies, the request's language (so that even the 500 page is in it),
the 500 page for anything unexpected, then CSRF on every unsafe request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import structlog
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from casework.housekeeping import clean_blobs
from casework.store.blobs import BlobStore
from casework.store.clock import utcnow
from casework.store.db import make_engine
from confide.settings import Settings
from confide.web.admission import Admission
from confide.web.csrf import CSRFMiddleware
from confide.web.errors import ErrorPageMiddleware
from confide.web.headers import SecurityHeadersMiddleware
from confide.web.language import LANGUAGE_COOKIE, LanguageMiddleware, is_language_cookie_value
from confide.web.logs import configure_logging
from confide.web.periodic import purging_sessions
from confide.web.static import shared_static

from . import (
    consent_routes,
    filer_consent_routes,
    filer_routes,
    filer_statement_routes,
    followup_routes,
    language_routes,
    report_routes,
)
from .cookie_filter import MalformedCookieFilter, is_session_key
from .errors import error_context, http_error, server_error
from .pages import Pages
from .reporter_sessions import COOKIE_NAME

STATIC = Path(__file__).parent / "static"


async def start_up_sweep(engine: Engine, blobs: BlobStore, now: datetime) -> None:
    """Remove crash leftovers (partial uploads, orphan blobs) and say how much went."""
    swept = await run_in_threadpool(clean_blobs, engine, blobs, now=now)
    structlog.get_logger().info("gateway.start_up_sweep", report=swept.describe())


def filer_route_table() -> list[Route]:
    """The filer pages (financial disclosure): sign-in, invitation, home, statements."""
    return [
        Route("/filer", filer_routes.home, name="filer_home"),
        Route("/filer/sign-in", filer_routes.sign_in_page, name="filer_sign_in"),
        Route("/filer/sign-in", filer_routes.sign_in, methods=["POST"]),
        Route("/filer/sign-out", filer_routes.sign_out, methods=["POST"], name="filer_sign_out"),
        Route("/filer/invitation/{token}", filer_routes.invitation_page, name="filer_invitation"),
        Route("/filer/invitation/{token}", filer_routes.accept_invitation, methods=["POST"]),
        Route("/filer/totp", filer_routes.totp_page, name="filer_totp"),
        Route("/filer/totp", filer_routes.add_totp, methods=["POST"]),
        Route("/filer/statements/{filer_id}", filer_statement_routes.show_statement),
        Route(
            "/filer/statements/{filer_id}", filer_statement_routes.post_statement, methods=["POST"]
        ),
        Route(
            "/filer/statements/{filer_id}/answer", filer_statement_routes.answer, methods=["POST"]
        ),
        Route(
            "/filer/statements/{filer_id}/consents/{request_id}",
            filer_consent_routes.answer_consent,
            methods=["POST"],
        ),
    ]


def route_table() -> list[BaseRoute]:
    """Every route of the gateway: reporters, filers, then the static files."""
    return [
        Route("/", report_routes.landing, name="landing"),
        Route("/report/{form_id}", report_routes.show_form, name="form"),
        Route("/report/{form_id}", report_routes.submit, methods=["POST"], name="submit"),
        Route("/receipt", report_routes.show_receipt, name="receipt"),
        Route("/followup", followup_routes.show_login, name="followup"),
        Route("/followup", followup_routes.login, methods=["POST"], name="login"),
        Route("/case", followup_routes.show_case, name="case"),
        Route("/case/reply", followup_routes.reply, methods=["POST"], name="reply"),
        Route("/case/files", followup_routes.add_files, methods=["POST"], name="files"),
        Route(
            "/case/consents/{request_id}",
            consent_routes.answer_consent,
            methods=["POST"],
            name="consent",
        ),
        Route("/logout", followup_routes.logout, methods=["POST"], name="logout"),
        Route("/language/{code}", language_routes.choose, name="language"),
        *filer_route_table(),
        Mount("/static/gateway", app=StaticFiles(directory=STATIC), name="gateway_static"),
        Mount("/static", app=shared_static(), name="static"),
    ]


def create_app(settings: Settings) -> Starlette:
    """Build the gateway for ``settings``."""
    configure_logging()
    pages = Pages(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = make_engine(settings.resolved_database_url, pepper=settings.pepper)
        admission = Admission(pool_size=settings.kdf_pool_size, queue=settings.kdf_queue)
        app.state.engine = engine
        app.state.blobs = BlobStore(settings.blob_dir)
        app.state.admission = admission
        await start_up_sweep(engine, app.state.blobs, app.state.clock())
        try:
            async with purging_sessions(app, engine, settings):
                yield
        finally:
            admission.close()
            engine.dispose()

    app = Starlette(
        routes=route_table(),
        middleware=[
            Middleware(
                SecurityHeadersMiddleware,
                https=settings.https,
                onion_location=settings.onion_address,
            ),
            Middleware(
                MalformedCookieFilter,
                rules={COOKIE_NAME: is_session_key, LANGUAGE_COOKIE: is_language_cookie_value},
            ),
            Middleware(LanguageMiddleware),
            Middleware(ErrorPageMiddleware, render=server_error, logger="gateway"),
            Middleware(
                CSRFMiddleware,
                secret=settings.pepper,
                cookie_name=COOKIE_NAME,
                error=lambda: pages.render_plain("error.html", error_context(403), 403),
            ),
        ],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pages = pages
    app.state.clock = utcnow
    return app


def from_environment() -> Starlette:
    """The factory uvicorn calls (`confide serve`)."""
    return create_app(Settings.from_env())
