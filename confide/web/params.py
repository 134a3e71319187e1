"""Reading request parameters the same way in both apps: bounded, typed, never raising.

Query and form parameters are untrusted text. These helpers cut them to a length, read
flags and enumerated choices with a default, and return the submitted form fields without
the CSRF token, so that a view never has to guard against a missing or hostile value.
"""

from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

from starlette.requests import Request

E = TypeVar("E", bound=Enum)
CSRF_FIELD = "csrf_token"


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


async def form_fields(request: Request) -> dict[str, str]:
    """The submitted urlencoded fields (single values; the CSRF field dropped)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != CSRF_FIELD}


async def form_list(request: Request, name: str) -> list[str]:
    """All values of a repeated field (check boxes)."""
    form = await request.form()
    return [v for v in form.getlist(name) if isinstance(v, str)]
