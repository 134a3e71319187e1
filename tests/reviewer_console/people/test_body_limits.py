"""Bodies before authentication are small, refused past a bound, and never spooled to disk."""

from __future__ import annotations

import pytest
from consolekit import Console
from starlette.requests import Request

from reviewer_console.app import MAX_BODY_BYTES
from reviewer_console.permissions import PUBLIC_BODY_BYTES


@pytest.fixture(autouse=True)
def no_spooling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make Starlette's spooling form parser unusable, so any use of it fails the test."""

    async def refuse(*_args, **_kwargs):
        raise AssertionError("request.form() spools multipart bodies to the temp folder")

    monkeypatch.setattr(Request, "form", refuse)


def _multipart(size: int) -> tuple[bytes, str]:
    boundary = "limitboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\nolga\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="f"; filename="x.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _chunks(data: bytes, size: int = 64 * 1024):
    """A body without a Content-Length (sent chunked), in pieces."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


class TestBodiesBeforeSignIn:
    """The public sign-in route takes a small url-encoded form and nothing else."""

    def test_unauthorized(self, console: Console) -> None:
        """Without a session a protected page still sends the browser to sign in."""
        assert console.get("/inbox").status_code == 303

    @pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
    def test_large_multipart_sign_in_is_refused_unread(self, console: Console, chunked) -> None:
        """A 2 MiB multipart POST to /login is refused, declared or not; nothing is spooled."""
        body, content_type = _multipart(2 * 1024 * 1024)
        token = console.anonymous_token()

        response = console.client.post(
            f"/login?csrf_token={token}",
            content=_chunks(body) if chunked else body,
            headers={"content-type": content_type},
        )

        assert response.status_code == (415 if chunked else 413)

    def test_small_multipart_sign_in_is_refused(self, console: Console) -> None:
        """The console takes no files: multipart is refused even when small."""
        body, content_type = _multipart(10)
        token = console.anonymous_token()

        response = console.client.post(
            f"/login?csrf_token={token}", content=body, headers={"content-type": content_type}
        )

        assert response.status_code == 415

    def test_urlencoded_past_the_public_bound_is_refused(self, console: Console) -> None:
        """A url-encoded sign-in larger than the public bound gets 413."""
        token = console.anonymous_token()

        response = console.client.post(
            "/login",
            data={"username": "u" * (PUBLIC_BODY_BYTES + 1), "csrf_token": token},
        )

        assert PUBLIC_BODY_BYTES < MAX_BODY_BYTES
        assert response.status_code == 413

    def test_ordinary_sign_in_still_works(self, console: Console, office) -> None:
        """A real sign-in form is far below the bound."""
        officer = office.person("olga")

        assert console.login(officer).status_code == 303


def test_signed_in_bodies_are_bounded_too(console: Console, office) -> None:
    """Past the app-wide bound even a signed-in officer's POST is refused unread."""
    console.act_as(office.person("olga"))

    response = console.client.post(
        "/account/password",
        content=b"current_password=" + b"x" * (MAX_BODY_BYTES + 1),
        headers={**console.headers(), "content-type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 413
