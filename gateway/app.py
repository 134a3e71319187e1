"""The gateway application factory.

Built by :func:`create_app` from explicit settings; nothing is created at import time. The
gateway never reads the client address, forwarded headers, the user agent or the referrer,
and its access log is off (G2).
"""

from contextlib import asynccontextmanager
from collections.abc import AsyncIterator
from pathlib import Path

from jinja2_fragments.starlette import Jinja2Blocks
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from casework.db import make_engine
from confide.settings import Settings
from confide.web.csrf import CSRFMiddleware
from confide.web.headers import SecurityHeadersMiddleware
from confide.web.logs import configure_logging
from confide.web.static import integrity, shared_static

TEMPLATES = Path(__file__).parent / "templates"
COOKIE_NAME = "__Host-confide-r"


def create_app(settings: Settings) -> Starlette:
    """Build the gateway for ``settings``."""
    configure_logging()
    templates = Jinja2Blocks(directory=str(TEMPLATES))
    templates.env.globals["htmx_integrity"] = integrity("htmx.min.js")
    templates.env.globals["onion_address"] = settings.onion_address

    async def landing(request: Request) -> Response:
        return templates.TemplateResponse(request, "landing.html", {})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = make_engine(settings.resolved_database_url)
        app.state.engine = engine
        yield
        engine.dispose()

    return Starlette(
        routes=[
            Route("/", landing, name="landing"),
            Mount("/static", app=shared_static(), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeadersMiddleware, https=settings.https, onion_location=settings.onion_address),
            Middleware(CSRFMiddleware, secret=settings.pepper, cookie_name=COOKIE_NAME),
        ],
        lifespan=lifespan,
    )


def from_environment() -> Starlette:
    """The factory uvicorn calls (`confide serve`)."""
    return create_app(Settings.from_env())
