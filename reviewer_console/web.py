"""Small helpers every console view uses: rendering (full page or htmx block), database work.

:func:`render` adds the signed-in principal to the shared renderer
(:mod:`confide.web.rendering`: one named block for htmx, ``Vary: HX-Request``).
:func:`db` runs a unit of work in one transaction on a worker thread, so that database
calls and Argon2id runs never block the event loop.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from casework.store.db import transaction
from confide.web.params import form_fields, form_list
from confide.web.rendering import is_htmx
from confide.web.rendering import render as shared_render

__all__ = ["db", "form_fields", "form_list", "is_htmx", "render"]

T = TypeVar("T")


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    """The page, or only ``block`` of it for htmx (:func:`confide.web.rendering.render`)."""
    context = {"staff": getattr(request.state, "staff", None), **context}
    return shared_render(
        request.app.state.templates,
        request,
        template,
        context,
        block=block,
        status_code=status_code,
    )


async def db(request: Request, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction (committed on success) off the event loop."""
    engine = request.app.state.engine

    def run() -> T:
        with transaction(engine) as session:
            return work(session)

    return await run_in_threadpool(run)
