"""Small helpers every console view uses: rendering (full page or htmx block), database work.

:func:`render` answers an htmx request with one named block of the page's template
(jinja2-fragments) and every other request with the full page, and always sends
``Vary: HX-Request`` so that no cache mixes the two. :func:`db` runs a unit of work in one
transaction on a worker thread, so that database calls and Argon2id runs never block the
event loop.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from casework.store.db import transaction

T = TypeVar("T")


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (and wants a fragment)."""
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    """The page, or only ``block`` of it for htmx."""
    templates = request.app.state.templates
    context = {"staff": getattr(request.state, "staff", None), **context}
    if block is not None and is_htmx(request):
        response: Response = templates.TemplateResponse(
            request, template, context, block_name=block, status_code=status_code
        )
    else:
        response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    return response


async def db(request: Request, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction (committed on success) off the event loop."""
    engine = request.app.state.engine

    def run() -> T:
        with transaction(engine) as session:
            return work(session)

    return await run_in_threadpool(run)


async def form_fields(request: Request) -> dict[str, str]:
    """The submitted urlencoded fields (single values; the CSRF field dropped)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


async def form_list(request: Request, name: str) -> list[str]:
    """All values of a repeated field (check boxes)."""
    form = await request.form()
    return [v for v in form.getlist(name) if isinstance(v, str)]
