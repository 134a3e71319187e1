"""Drop a malformed session cookie before anything reads it.

The reporter cookie is always 43 base64url characters (a 32-byte key). Anything else under
its name (a truncated copy, a forged value, bytes of another encoding) is removed from the
request's ``Cookie`` header here, outside the CSRF middleware, so that the rest of the app
treats the request exactly like one without a session instead of failing on a value it
never issued.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

_WELL_FORMED = re.compile(rb"[A-Za-z0-9_-]{43}")


class MalformedCookieFilter:
    """Removes ``cookie_name`` from requests where its value is not a key we could have set."""

    def __init__(self, app: ASGIApp, *, cookie_name: str) -> None:
        """Wrap ``app``."""
        self.app = app
        self.prefix = cookie_name.encode() + b"="

    def _keep(self, part: bytes) -> bool:
        part = part.strip()
        if not part.startswith(self.prefix):
            return True
        return _WELL_FORMED.fullmatch(part[len(self.prefix) :]) is not None

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
