"""Rendering pages for both apps: one template per page, named blocks as htmx fragments.

Each app has its own template folder; the partials both apps share (the ``<head>``, the CSRF
field) live in ``confide/web/templates`` and are found after the app's own. A request from
htmx (``HX-Request: true``) gets only the named block the request targets (jinja2-fragments),
every other request the full page, and every response says ``Vary: HX-Request`` so that no
cache mixes the two. Templates ship with the code, so they are not re-read per render.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2_fragments.starlette import Jinja2Blocks
from starlette.requests import Request
from starlette.responses import Response

from confide.web.static import integrity

SHARED_TEMPLATES = Path(__file__).parent / "templates"


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (and wants a fragment)."""
    return request.headers.get("HX-Request") == "true"


def make_templates(directory: Path, **globals_: Any) -> Jinja2Blocks:
    """The templates of one app (its folder, then the shared partials) with its globals."""
    templates = Jinja2Blocks(directory=[str(directory), str(SHARED_TEMPLATES)])
    env = templates.env
    env.auto_reload = False  # templates ship with the code: no stat() per render
    env.globals.update(htmx_integrity=integrity("htmx.min.js"), **globals_)
    return templates


def render(
    templates: Jinja2Blocks,
    request: Request,
    name: str,
    context: Mapping[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The page ``name``, or only its ``block`` when htmx asks; always ``Vary: HX-Request``."""
    response: Response = templates.TemplateResponse(
        request,
        name,
        dict(context),
        status_code=status_code,
        block_name=block if block is not None and is_htmx(request) else None,
        headers=dict(headers or {}),
    )
    response.headers["Vary"] = "HX-Request"
    return response
