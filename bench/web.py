"""What a browser does, as HTTP requests: CSRF tokens, cookies, reports, receipts, sign-in.

Cookies are handled by hand: the apps set ``Secure`` ``__Host-`` cookies, which an HTTP
client (rightly) does not send back over the plain-HTTP loopback of the benchmark, and many
simulated people share one client, so each keeps its own cookie and sends it in a
``Cookie`` header; the clients' own cookie jars accept nothing (:func:`no_cookies`), over
HTTP and HTTPS alike. CSRF tokens are
read from the page the way a browser gets them: the ``csrf_token`` hidden field, or the
``?csrf_token=`` of a multipart form's action.
"""

from __future__ import annotations

import re
import ssl
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"|csrf_token=([A-Za-z0-9_\-]+)')
RECEIPT_RE = re.compile(r'<p class="receipt" id="receipt"[^>]*>(.*?)</p>', re.S)
ANSWERS: dict[str, str | list[str]] = {
    "category": "fraud",
    "what": "Invoices were paid twice to the same supplier, then the second payment vanished.",
    "when": "2024-03-01",
    "where_country": "CH",
    "where": "Procurement unit",
    "who": "A procurement officer",
    "how_known": ["documents"],
    "reported_elsewhere": "no",
}
GATEWAY_COOKIE = "__Host-confide-r"
CONSOLE_COOKIE = "__Host-confide-s"
TIMEOUT = httpx.Timeout(300.0)


def no_cookies() -> CookieJar:
    """A cookie jar that keeps nothing: each simulated person holds its own cookie."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def client(connections: int = 256, *, verify: ssl.SSLContext | bool = True) -> httpx.AsyncClient:
    """An async client with room for every simulated person (``verify``: see Server.verify)."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(timeout=TIMEOUT, limits=limits, verify=verify, cookies=no_cookies())


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF_RE.search(html)
    if match is None:
        raise ValueError("no CSRF token on the page")
    return match.group(1) or match.group(2)


def receipt_from(html: str) -> str:
    """The 20 receipt digits of a receipt page."""
    match = RECEIPT_RE.search(html)
    if match is None:
        raise ValueError("no receipt on the page")
    return re.sub(r"\D", "", re.sub(r"<[^>]+>", "", match.group(1)))


def cookie_from(response: httpx.Response, name: str) -> str | None:
    """The value a response sets for cookie ``name``."""
    for header in response.headers.get_list("set-cookie"):
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    return None


@dataclass
class Outcome:
    """One timed request: status, seconds, and what the page gave back."""

    status: int
    seconds: float
    retry_after: float | None = None
    receipt: str | None = None
    cookie: str | None = None
    token: str | None = None  # the CSRF token of a re-rendered form (503), to send it again


async def submit_report(http: httpx.AsyncClient, base: str, token: str | None = None) -> Outcome:
    """POST the report form as multipart (timed); GET it first only when no token is given.

    A 503 page shows the form again, filled in, with its token: a person presses "send"
    on that page again rather than reloading an empty form, and so does a reporter here.
    A stored report answers with a redirect to the receipt page (post/redirect/get), which
    is fetched with the new session's cookie, as a browser does, inside the timing.
    """
    if token is None:
        token = csrf_token((await http.get(f"{base}/report/report")).text)
    started = time.perf_counter()
    response = await http.post(
        f"{base}/report/report?csrf_token={token}",
        data=ANSWERS,
        files=[("evidence", ("", b"", "application/octet-stream"))],
    )
    cookie = cookie_from(response, GATEWAY_COOKIE)
    if response.status_code == 303 and cookie is not None:
        location = response.headers["location"]
        response = await http.get(base + location, headers={"Cookie": f"{GATEWAY_COOKIE}={cookie}"})
    elapsed = time.perf_counter() - started
    retry = response.headers.get("retry-after")
    receipt = receipt_from(response.text) if response.status_code == 200 else None
    again = csrf_token(response.text) if response.status_code == 503 else None
    return Outcome(
        response.status_code,
        elapsed,
        float(retry) if retry else None,
        receipt,
        cookie,
        again,
    )


async def login_token(http: httpx.AsyncClient, base: str) -> str:
    """A fresh anonymous token from the follow-up page."""
    return csrf_token((await http.get(f"{base}/followup")).text)


async def log_in(http: httpx.AsyncClient, base: str, receipt: str, token: str) -> Outcome:
    """POST a receipt to the follow-up login (timed); success is a 303 to /case."""
    started = time.perf_counter()
    response = await http.post(
        f"{base}/followup", data={"receipt": receipt, "csrf_token": token}, follow_redirects=False
    )
    elapsed = time.perf_counter() - started
    retry = response.headers.get("retry-after")
    return Outcome(
        response.status_code,
        elapsed,
        float(retry) if retry else None,
        None,
        cookie_from(response, GATEWAY_COOKIE),
    )


async def console_sign_in(
    base: str, username: str, password: str, totp: str, *, verify: ssl.SSLContext | bool = True
) -> str:
    """Sign in to the console with password and TOTP; returns the session cookie."""
    async with client(2, verify=verify) as http:
        token = csrf_token((await http.get(f"{base}/login")).text)
        response = await http.post(
            f"{base}/login",
            data={"username": username, "password": password, "totp": totp, "csrf_token": token},
            follow_redirects=False,
        )
    cookie = cookie_from(response, CONSOLE_COOKIE)
    if response.status_code != 303 or cookie is None:
        raise RuntimeError(f"console sign-in failed with {response.status_code}")
    return cookie


async def multipart_stream(
    boundary: str, field: str, filename: str, size: int, chunk: bytes
) -> AsyncIterator[bytes]:
    """A multipart body with one file part of ``size`` bytes, made from one reused chunk."""
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    left = size
    while left > 0:
        piece = chunk if left >= len(chunk) else chunk[:left]
        left -= len(piece)
        yield piece
    yield f"\r\n--{boundary}--\r\n".encode()


def multipart_length(boundary: str, field: str, filename: str, size: int) -> int:
    """The exact length of :func:`multipart_stream`'s body (sent as Content-Length)."""
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    )
    return len(head.encode()) + size + len(f"\r\n--{boundary}--\r\n".encode())


async def make_receipts(
    base: str, count: int, *, verify: ssl.SSLContext | bool = True
) -> list[str]:
    """Send ``count`` reports through the gateway and keep their receipts."""
    made: list[str] = []
    async with client(2, verify=verify) as http:
        while len(made) < count:
            outcome = await submit_report(http, base)
            if outcome.status != 200 or outcome.receipt is None:
                raise RuntimeError(f"a case could not be made ({outcome.status})")
            made.append(outcome.receipt)
    return made
