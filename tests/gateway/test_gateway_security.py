"""Security headers on every route, CSRF on every POST route, no identifying header read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlmodel import Session, select
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from casework.cases.envelope import Case
from confide.settings import Settings
from confide.web.headers import CONTENT_SECURITY_POLICY
from crypto import TEST_KDF, generate_pepper
from gateway.app import create_app
from tests.gateway.conftest import BASE_URL, csrf_token, submit_report

GATEWAY_SOURCE = Path(__file__).parents[2] / "gateway"
STATIC_SAMPLES = {
    "/static/gateway": "/static/gateway/gateway.css",
    "/static": "/static/confide.css",
}


def _routes() -> list[tuple[str, str]]:
    """Every (method, path) the gateway serves, read from its route table."""
    app = create_app(
        Settings(
            data_dir=Path("unused"),
            pepper=generate_pepper(),
            demo=True,
            receipt_kdf=TEST_KDF,
            password_kdf=TEST_KDF,
        )
    )
    found: list[tuple[str, str]] = []
    for route in app.routes:
        if isinstance(route, Route):
            path = route.path.replace("{form_id}", "report")
            found += [(m, path) for m in sorted(route.methods or ()) if m != "HEAD"]
        elif isinstance(route, Mount):
            found.append(("GET", STATIC_SAMPLES[route.path]))
    return found


ROUTES = _routes()
POST_ROUTES = [path for method, path in ROUTES if method == "POST"]


@pytest.fixture
def https_client(gateway_settings: Settings, office) -> TestClient:
    """A client on a gateway configured for HTTPS (so HSTS is expected)."""
    app = create_app(gateway_settings.with_overrides(https=True))
    with TestClient(app, base_url=BASE_URL) as client:
        yield client


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_every_route_sends_the_security_headers(
    https_client: TestClient, method: str, path: str
) -> None:
    """Each route, as a logged-in reporter would use it, answers with every security header."""
    page = submit_report(https_client)
    token = csrf_token(page.text)

    response = https_client.request(
        method, path, headers={"X-CSRF-Token": token}, follow_redirects=False
    )

    headers = response.headers
    assert response.status_code < 500
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["cross-origin-resource-policy"] == "same-origin"
    assert headers["strict-transport-security"].startswith("max-age=")
    if not path.startswith("/static/"):
        assert headers["cache-control"] == "no-store"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    """No page carries inline script, inline style or event-handler attributes (CSP)."""
    pages = [client.get(p).text for p in ("/", "/report/report", "/followup")]
    pages.append(submit_report(client).text)
    pages.append(client.get("/case").text)

    for html in pages:
        assert "<style" not in html
        assert " style=" not in html
        assert "<script>" not in html
        assert " onclick=" not in html and " onload=" not in html


FORGERIES = {
    "missing-token": ({}, ""),
    "wrong-token": ({"X-CSRF-Token": "AAAA"}, ""),
    "wrong-query-token": ({}, "?csrf_token=bogus"),
    "cross-site": ({"Sec-Fetch-Site": "cross-site", "X-CSRF-Token": "VALID"}, ""),
    "same-site": ({"Sec-Fetch-Site": "same-site", "X-CSRF-Token": "VALID"}, ""),
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
@pytest.mark.parametrize("path", POST_ROUTES)
def test_every_post_route_refuses_forged_requests(
    client: TestClient, app, path: str, forgery: str
) -> None:
    """Without a valid token, or from another site, every POST gets 403 and changes nothing."""
    headers, query = FORGERIES[forgery]
    page = submit_report(client)
    valid = csrf_token(page.text)
    sent = {k: (valid if v == "VALID" else v) for k, v in headers.items()}

    response = client.post(
        path + query,
        data={"receipt": "0" * 20, "body": "forged"},
        headers=sent,
        follow_redirects=False,
    )

    assert response.status_code == 403
    assert "<h1>" in response.text
    with Session(app.state.engine) as session:
        assert len(list(session.exec(select(Case)))) == 1


FORBIDDEN_HEADERS = {
    "x-forwarded-for",
    "forwarded",
    "x-real-ip",
    "user-agent",
    "referer",
    "referrer",
    "true-client-ip",
    "cf-connecting-ip",
}


def test_gateway_code_never_reads_identifying_request_data() -> None:
    """No gateway module touches request.client or names an identifying header (G2)."""
    offences: list[str] = []
    for source in GATEWAY_SOURCE.rglob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "client":
                offences.append(f"{source.name}:{node.lineno} .client")
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and (node.value.lower() in FORBIDDEN_HEADERS or node.value == "client")
            ):
                offences.append(f"{source.name}:{node.lineno} {node.value!r}")

    assert offences == []
