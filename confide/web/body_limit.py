"""A hard bound on request bodies, refused before they are read, and never spooled to disk.

Starlette reads a body only when an endpoint asks for it, and ``request.form()`` spools
multipart file parts to the temp folder (past 1 MiB) with no bound at all: a 200 MiB POST to
the console's sign-in page was written to disk before the sign-in failed (issue 16,
point 8). :class:`BodyLimitMiddleware` puts a bound in front of the whole app: a request
that declares a larger ``Content-Length`` is refused with 413 before a byte of its body is
read, and one that sends more than it declared (or declares nothing, chunked) is cut off
with 413 as soon as the count passes the bound. :func:`bounded_receive` applies a smaller
bound to one request (the console's public routes, before anyone is authenticated).
"""

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "The request is too large."


class BodyTooLargeError(Exception):
    """The body passed its bound while being read (the response is 413)."""


def declared_too_large(scope: Scope, limit: int) -> bool:
    """Whether the request announces a body larger than ``limit`` bytes."""
    declared = Headers(scope=scope).get("content-length", "")
    return declared.isdigit() and int(declared) > limit


def bounded_receive(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises :class:`BodyTooLargeError` once more than ``limit`` bytes came."""
    received = 0

    async def bounded() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise BodyTooLargeError
        return message

    return bounded


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes with 413, declared or actual."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        """Wrap ``app`` with a bound of ``limit`` bytes per request body."""
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count what arrives."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if declared_too_large(scope, self.limit):
            await refuse_too_large(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive(receive, self.limit), tracking)
        except BodyTooLargeError:
            if started:
                raise
            await refuse_too_large(scope, receive, send)


async def refuse_too_large(scope: Scope, receive: Receive, send: Send) -> None:
    """The 413 answer (the connection is closed by the server, the rest unread)."""
    response = PlainTextResponse(TOO_LARGE, status_code=413, headers={"Connection": "close"})
    await response(scope, receive, send)
