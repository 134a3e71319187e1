"""Drop a malformed cookie before anything reads it.

The gateway sets exactly two cookies, and this filter knows the shape of each:

- the reporter session cookie is always 43 base64url characters (a 32-byte key);
- the language cookie (``confide.web.language``) is one of the six language codes, set
  only when the person chooses a language.

Anything else under either name (a truncated copy, a forged value, bytes of another
encoding) is removed from the request's ``Cookie`` header here, outside the CSRF
middleware, so that the rest of the app treats the request exactly like one without that
cookie instead of failing on a value it never issued. Cookies of other names are left
alone (the gateway reads none).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from starlette.types import ASGIApp, Receive, Scope, Send

_WELL_FORMED = re.compile(rb"[A-Za-z0-9_-]{43}")


def is_session_key(value: bytes) -> bool:
    """Whether ``value`` is a session cookie the gateway could have set."""
    return _WELL_FORMED.fullmatch(value) is not None


class MalformedCookieFilter:
    """Removes each known cookie whose value is not one the gateway could have set."""

    def __init__(self, app: ASGIApp, *, rules: Mapping[str, Callable[[bytes], bool]]) -> None:
        """Wrap ``app``; ``rules`` maps each cookie name to the test its values must pass."""
        self.app = app
        self.rules = {name.encode() + b"=": check for name, check in rules.items()}

    def _keep(self, part: bytes) -> bool:
        part = part.strip()
        for prefix, check in self.rules.items():
            if part.startswith(prefix):
                return check(part[len(prefix) :])
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite the Cookie headers, then pass the request on."""
        if scope["type"] == "http":
            headers = []
            for name, value in scope["headers"]:
                if name != b"cookie":
                    headers.append((name, value))
                    continue
                kept = b"; ".join(p.strip() for p in value.split(b";") if self._keep(p))
                if kept:
                    headers.append((name, kept))
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)
