"""Reading request parameters the same way in both apps: bounded, typed, never raising.

Query and form parameters are untrusted text. These helpers cut them to a length, read
flags and enumerated choices with a default, and return the submitted form fields without
the CSRF token, so that a view never has to guard against a missing or hostile value.
"""

from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import parse_qs

from starlette.requests import Request

E = TypeVar("E", bound=Enum)
CSRF_FIELD = "csrf_token"
MAX_FIELDS = 200


def text(params: Mapping[str, Any], name: str, limit: int) -> str:
    """The parameter as text, at most ``limit`` characters ("" when absent)."""
    value = params.get(name, "")
    return value[:limit] if isinstance(value, str) else ""


def flag(params: Mapping[str, Any], name: str) -> bool:
    """Whether a check box or link parameter is set (``=1``)."""
    return params.get(name) == "1"


def choice(params: Mapping[str, Any], name: str, kind: type[E], default: E) -> E:
    """The parameter as a member of ``kind``; ``default`` for anything else."""
    try:
        return kind(params.get(name, default.value))
    except ValueError:
        return default


class UnsupportedFormError(ValueError):
    """A body that is not a url-encoded form (the console takes no files)."""


async def _parsed(request: Request) -> dict[str, list[str]]:
    """The url-encoded body, parsed once per request.

    Never ``request.form()``: that spools multipart parts to the temp folder. Forms read
    here take no files, so any other content type is refused; the body's size is bounded
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
    return {k: v[0] for k, v in fields.items() if v and k != CSRF_FIELD}


async def form_list(request: Request, name: str) -> list[str]:
    """All values of a repeated field (check boxes)."""
    return list((await _parsed(request)).get(name, []))
