"""Console test helpers: a client wrapper with sessions and CSRF (cases: tests/factories.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from casework.people.principals import Principal
from casework.store.db import transaction
from confide.settings import Settings
from confide.web.csrf import CSRFMiddleware
from crypto.seedwrap import unwrap_seed
from reviewer_console.app import COOKIE_NAME
from reviewer_console.people import sessions

OfficeFixture = Any
Person = Any

BASE_URL = "https://testserver"


def csrf_for(settings: Settings, cookie: str) -> str:
    """The CSRF token the console's middleware expects for a session cookie."""
    return CSRFMiddleware(None, secret=settings.pepper, cookie_name=COOKIE_NAME).token_for(cookie)  # type: ignore[arg-type]


def session_cookie(engine: Engine, settings: Settings, person: Person) -> str:
    """Start a console session for ``person`` without the sign-in form (no TOTP step spent)."""
    with transaction(engine) as session:
        principal = session.get(Principal, person.id)
        assert principal is not None
        seed = unwrap_seed(principal.wrapped_seed, person.password)
        return sessions.start(session=session, principal=principal, seed=seed, settings=settings)


@dataclass
class Console:
    """A test client on the console with helpers for sessions, CSRF and htmx."""

    client: TestClient
    settings: Settings
    engine: Engine

    def act_as(self, person: Person | None) -> None:
        """Use a fresh session of ``person`` (None: no session)."""
        self.client.cookies.clear()
        if person is not None:
            self.client.cookies.set(COOKIE_NAME, session_cookie(self.engine, self.settings, person))

    def headers(self, htmx: bool = False) -> dict[str, str]:
        """CSRF header for the current cookie (or an anonymous token), plus HX-Request."""
        cookie = self.client.cookies.get(COOKIE_NAME)
        token = csrf_for(self.settings, cookie) if cookie else self.anonymous_token()
        headers = {"X-CSRF-Token": token}
        if htmx:
            headers["HX-Request"] = "true"
        return headers

    def anonymous_token(self) -> str:
        """A valid token for a request without a session (read from the sign-in page)."""
        page = self.client.get("/login").text
        marker = 'name="csrf_token" value="'
        start = page.index(marker) + len(marker)
        return page[start : page.index('"', start)]

    def get(self, url: str, htmx: bool = False, **kwargs: Any) -> Any:
        """GET, following no redirects."""
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.get(url, headers=headers, follow_redirects=False, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, htmx: bool = False) -> Any:
        """POST a form with a valid CSRF token, following no redirects."""
        return self.client.post(
            url, data=data or {}, headers=self.headers(htmx), follow_redirects=False
        )

    def login(self, person: Person, *, password: str | None = None, totp: str | None = None) -> Any:
        """Sign in through the form."""
        self.client.cookies.clear()
        return self.post(
            "/login",
            {
                "username": person.username,
                "password": person.password if password is None else password,
                "totp": person.totp() if totp is None else totp,
            },
        )


def browser_sign_in(
    context: Any, base_url: str, engine: Engine, settings: Settings, person: Person
) -> None:
    """Give a Playwright browser context a console session of ``person`` (no TOTP spent)."""
    context.add_cookies(
        [
            {
                "name": COOKIE_NAME,
                "value": session_cookie(engine, settings, person),
                "url": base_url + "/",
                "secure": True,
                "httpOnly": True,
                "sameSite": "Strict",
            }
        ]
    )
