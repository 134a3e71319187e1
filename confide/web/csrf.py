"""CSRF protection for every unsafe request, checked in one place.

Two layers, after the OWASP cheat sheet and datasette's ``asgi-csrf``:

1. **Fetch metadata.** A browser that sends ``Sec-Fetch-Site`` tells us whether the request
   came from our own pages; ``cross-site`` and ``same-site`` are refused outright. (The
   ``Origin`` header cannot be used: with ``Referrer-Policy: no-referrer`` browsers send
   ``Origin: null`` on same-origin form posts.)
2. **A synchroniser token**, required on every POST, PUT, PATCH and DELETE. When the request
   carries a session cookie the token is a BLAKE2b MAC of that cookie under a key derived
   from the server secret: only a page served to this browser's session can know it (the
   cookie is HttpOnly), any cookie value at all is accepted as input (a forged or truncated
   cookie simply yields a token nobody has), and no server state is needed. Before any
   cookie exists (the gateway sets none until a reporter submits or signs in), the token is
   a random nonce with a MAC under a key derived from the server secret, so every form is
   still a form we served; SameSite=Strict and fetch metadata carry the rest.

The token is read from the ``X-CSRF-Token`` header (htmx sends it from ``hx-headers`` on
``<body>``), from the ``csrf_token`` query parameter (used by multipart forms, whose bodies
are streamed and never buffered), or from the ``csrf_token`` field of a urlencoded body,
which is read (up to a limit) and replayed to the app unchanged.
"""

import base64
from collections.abc import Callable
from urllib.parse import parse_qs

from starlette.datastructures import Headers, QueryParams
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crypto import constant_time_equal, keyed_hash, random_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FIELD = "csrf_token"
HEADER = "x-csrf-token"
MAX_FORM_BYTES = 256 * 1024
NONCE_BYTES = 16
PERSON_SESSION = b"confide-csrf-s"
PERSON_ANON = b"confide-csrf-a"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _session_mac(secret: bytes, cookie: str) -> bytes:
    key = keyed_hash(secret, b"session csrf", person=b"confide-csrf-k")
    return keyed_hash(key, cookie.encode(), person=PERSON_SESSION)


def session_token(secret: bytes, cookie: str) -> str:
    """The token of pages served to the session whose cookie value is ``cookie``.

    A response that starts a session (a receipt page, a sign-in) renders its forms with the
    new session's token, since its next request will carry the new cookie.
    """
    return _b64(_session_mac(secret, cookie))


class CSRFMiddleware:
    """Refuses unsafe requests without a valid token; puts the token in ``scope["state"]``."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        secret: bytes,
        cookie_name: str,
        error: "Callable[[], Response] | None" = None,
    ) -> None:
        """Wrap ``app``.

        Args:
            app: the application.
            secret: a server secret (32 bytes) for anonymous tokens.
            cookie_name: the session cookie whose value keys session tokens.
            error: makes the response for a refused request, when it is refused (so that it
                is in the request's language); default: a plain 403.
        """
        self.app = app
        self.anon_key = keyed_hash(secret, b"anonymous csrf", person=b"confide-csrf-k")
        self.secret = secret
        self.cookie_name = cookie_name
        self.error = error

    def token_for(self, cookie: str | None) -> str:
        """A token for a page served to this cookie (or to nobody yet)."""
        if cookie:
            return session_token(self.secret, cookie)
        nonce = random_token(NONCE_BYTES)
        return _b64(nonce + keyed_hash(self.anon_key, nonce, person=PERSON_ANON))

    def valid(self, token: str, cookie: str | None) -> bool:
        """Whether ``token`` belongs to this cookie (or is a token we made for no cookie)."""
        try:
            raw = _unb64(token)
        except (ValueError, TypeError):
            return False
        if cookie:
            return constant_time_equal(raw, _session_mac(self.secret, cookie))
        if len(raw) != NONCE_BYTES + 32:
            return False
        nonce, mac = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        return constant_time_equal(mac, keyed_hash(self.anon_key, nonce, person=PERSON_ANON))

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = (
            self.error()
            if self.error
            else PlainTextResponse(
                "This form has expired or did not come from this site. Go back, reload the page and"
                " send it again.",
                status_code=403,
            )
        )
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check unsafe requests; expose ``scope["state"]["csrf_token"]`` to templates."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookie = _cookie(headers, self.cookie_name)
        scope.setdefault("state", {})["csrf_token"] = self.token_for(cookie)
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if headers.get("sec-fetch-site", "same-origin") not in {"same-origin", "none"}:
            await self._refuse(scope, receive, send)
            return
        token = headers.get(HEADER) or QueryParams(scope.get("query_string", b"")).get(FIELD)
        replay: list[Message] = []
        if token is None and headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            body = b""
            while True:
                message = await receive()
                replay.append(message)
                body += message.get("body", b"")
                if len(body) > MAX_FORM_BYTES:
                    await PlainTextResponse("The form is too large.", status_code=413)(
                        scope, receive, send
                    )
                    return
                if not message.get("more_body", False):
                    break
            token = parse_qs(body.decode("latin-1"), max_num_fields=1000).get(FIELD, [None])[0]
        if token is None or not self.valid(token, cookie):
            await self._refuse(scope, receive, send)
            return

        async def replayed() -> Message:
            return replay.pop(0) if replay else await receive()

        await self.app(scope, replayed, send)


def _cookie(headers: Headers, name: str) -> str | None:
    for header in headers.getlist("cookie"):
        for part in header.split(";"):
            key, _, value = part.strip().partition("=")
            if key == name and value:
                return value
    return None
