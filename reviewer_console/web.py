"""Small helpers every console view uses: rendering (full page or htmx block), database work.

:func:`render` answers an htmx request with one named block of the page's template
(jinja2-fragments) and every other request with the full page, and always sends
``Vary: HX-Request`` so that no cache mixes the two. :func:`db` runs a unit of work in one
transaction on a worker thread, so that database calls and Argon2id runs never block the
event loop.
"""

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qs

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


MAX_FIELDS = 200


class UnsupportedFormError(ValueError):
    """A body that is not a url-encoded form (the console takes no files)."""


async def _parsed(request: Request) -> dict[str, list[str]]:
    """The url-encoded body, parsed once per request.

    Never ``request.form()``: that spools multipart parts to the temp folder. The console
    has no file uploads, so any other content type is refused; the body's size is bounded
    before this point (:class:`confide.web.body_limit.BodyLimitMiddleware`).
    """
    cached: dict[str, list[str]] | None = getattr(request.state, "form", None)
    if cached is not None:
        return cached
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in {"application/x-www-form-urlencoded", ""}:
        raise UnsupportedFormError(content_type)
    body = await request.body()
    if body and not content_type:
        raise UnsupportedFormError(content_type)
    fields = parse_qs(
        body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=MAX_FIELDS
    )
    request.state.form = fields
    return fields


async def form_fields(request: Request) -> dict[str, str]:
    """The submitted urlencoded fields (first values; the CSRF field dropped)."""
    fields = await _parsed(request)
    return {k: v[0] for k, v in fields.items() if v and k != "csrf_token"}


async def form_list(request: Request, name: str) -> list[str]:
    """All values of a repeated field (check boxes)."""
    return list((await _parsed(request)).get(name, []))
