"""Security headers on every response (DESIGN.md, "Web").

A strict Content-Security-Policy with no inline script or style (``connect-src 'self'`` is the
one addition to DESIGN.md's list: without it ``default-src 'none'`` blocks htmx's own
requests, and every htmx improvement silently fails), no framing, no referrer,
no MIME sniffing, cross-origin isolation of the browsing context and resources, HSTS when
served over HTTPS, and ``Cache-Control: no-store`` on every response that is not a static
asset, so that no page with case data lands in a browser or proxy cache.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), clipboard-read=(), display-capture=(), "
    "geolocation=(), gyroscope=(), interest-cohort=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), usb=(), browsing-topics=()"
)
HSTS = "max-age=63072000; includeSubDomains"
STATIC_PREFIX = "/static/"


class SecurityHeadersMiddleware:
    """Adds the security headers of DESIGN.md to every HTTP response."""

    def __init__(self, app: ASGIApp, *, https: bool, onion_location: str = "") -> None:
        """Wrap ``app``; send HSTS when ``https``, and ``Onion-Location`` when configured."""
        self.app = app
        self.https = https
        self.onion_location = onion_location.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers as the response starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Permissions-Policy"] = PERMISSIONS_POLICY
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                headers["Cross-Origin-Resource-Policy"] = "same-origin"
                headers["X-Frame-Options"] = "DENY"
                if self.https:
                    headers["Strict-Transport-Security"] = HSTS
                if not path.startswith(STATIC_PREFIX):
                    headers["Cache-Control"] = "no-store"
                    headers["Pragma"] = "no-cache"
                if self.onion_location:
                    headers["Onion-Location"] = self.onion_location + path
            await send(message)

        await self.app(scope, receive, send_with_headers)
