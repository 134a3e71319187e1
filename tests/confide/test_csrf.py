"""The CSRF middleware: every unsafe request needs a token that matches its cookie."""

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from confide.web.csrf import CSRFMiddleware, session_token

SECRET = bytes(range(32))
COOKIE = "__Host-test"


async def echo(request: Request) -> PlainTextResponse:
    return PlainTextResponse(request.state.csrf_token)


@pytest.fixture
def client() -> TestClient:
    """An app that shows its CSRF token on GET and accepts POST when the token is valid."""
    app = Starlette(
        routes=[Route("/", echo, methods=["GET", "POST"])],
        middleware=[Middleware(CSRFMiddleware, secret=SECRET, cookie_name=COOKIE)],
    )
    return TestClient(app, base_url="https://testserver")


def test_anonymous_token_round_trip(client: TestClient) -> None:
    """A token served to a browser without a cookie is accepted back from it."""
    token = client.get("/").text

    response = client.post("/", data={"csrf_token": token})

    assert response.status_code == 200


def test_session_token_is_bound_to_the_cookie(client: TestClient) -> None:
    """A session's token works with its cookie and not with another one."""
    client.cookies.set(COOKIE, "cookie-one")
    token = client.get("/").text

    accepted = client.post("/", headers={"X-CSRF-Token": token})
    client.cookies.set(COOKIE, "cookie-two")
    refused = client.post("/", headers={"X-CSRF-Token": token})

    assert token == session_token(SECRET, "cookie-one")
    assert (accepted.status_code, refused.status_code) == (200, 403)


@pytest.mark.parametrize(
    "cookie",
    ["x", "", "%00", "a" * 5000, "%C3%A9", "AAAA=="],
    ids=["short", "empty", "nul", "huge", "percent-encoded", "padding"],
)
def test_hostile_cookies_are_refused_not_crashed(client: TestClient, cookie: str) -> None:
    """Any cookie value at all gives a 403 without a token, never a server error."""
    client.cookies.set(COOKIE, cookie)

    response = client.post("/", data={"csrf_token": "forged"})

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("headers", "data"),
    [
        pytest.param({}, {}, id="no-token"),
        pytest.param({}, {"csrf_token": "!!!"}, id="not-base64"),
        pytest.param({}, {"csrf_token": "A" * 64}, id="wrong-mac"),
        pytest.param({"Sec-Fetch-Site": "cross-site"}, None, id="cross-site"),
        pytest.param({"Sec-Fetch-Site": "same-site"}, None, id="same-site"),
    ],
)
def test_unsafe_requests_without_a_valid_token_are_refused(
    client: TestClient, headers: dict[str, str], data: dict[str, str] | None
) -> None:
    """Missing, malformed or forged tokens, and cross-site requests, get 403."""
    token = client.get("/").text
    body = {"csrf_token": token} if data is None else data

    response = client.post("/", data=body, headers=headers)

    assert response.status_code == 403


def test_oversized_urlencoded_body_is_refused(client: TestClient) -> None:
    """A form body past the limit is refused with 413 before any handler runs."""
    response = client.post("/", data={"filler": "x" * 300_000})

    assert response.status_code == 413
