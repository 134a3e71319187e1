"""The reviewer console application factory.

Built by :func:`create_app` from explicit settings; nothing is created at import time. The
console is the only process that decrypts, and only for principals holding a grant (G3).
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
COOKIE_NAME = "__Host-confide-s"


def create_app(settings: Settings) -> Starlette:
    """Build the console for ``settings``."""
    configure_logging()
    templates = Jinja2Blocks(directory=str(TEMPLATES))
    templates.env.globals["htmx_integrity"] = integrity("htmx.min.js")

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
            Middleware(SecurityHeadersMiddleware, https=settings.https),
            Middleware(CSRFMiddleware, secret=settings.pepper, cookie_name=COOKIE_NAME),
        ],
        lifespan=lifespan,
    )


def from_environment() -> Starlette:
    """The factory uvicorn calls (`confide serve`)."""
    return create_app(Settings.from_env())
