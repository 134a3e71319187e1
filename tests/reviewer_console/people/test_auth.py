"""Sign-in, sessions and sign-out of the reviewer console."""

from __future__ import annotations

from datetime import timedelta

import pytest
from consolekit import Console
from sqlmodel import select

from casework.cases.access_log import AccessAction, AccessEntry
from casework.people.principals import Principal, Role
from casework.people.sessions import SessionKind, WebSession, store_session
from casework.store.clock import utcnow
from casework.store.db import transaction
from crypto import seal_session, session_lookup_id
from reviewer_console.app import COOKIE_NAME
from reviewer_console.people.auth import SIGN_IN_FAILED
from reviewer_console.people.sessions import encode_key


def _actions(console: Console) -> list[tuple[str, str | None]]:
    with transaction(console.engine) as session:
        rows = session.exec(select(AccessEntry).order_by(AccessEntry.id)).all()
        return [(row.action, row.actor_id) for row in rows]


def _end_lock(console: Console, principal_id: str) -> None:
    """Move the account's lock into the past, as if its time had passed."""
    with transaction(console.engine) as session:
        principal = session.get(Principal, principal_id)
        if principal.locked_until is not None:
            principal.locked_until = utcnow() - timedelta(seconds=1)
        session.add(principal)


class TestSignIn:
    """The sign-in form: three factors, equal failures, lockout, logging."""

    def test_unauthorized(self, console: Console) -> None:
        """Without a session every console page sends the browser to sign in."""
        response = console.get("/inbox")

        assert response.status_code == 303
        assert response.headers["location"] == "/login"

    def test_sign_in_sets_a_host_cookie_and_logs(self, console: Console, office) -> None:
        """A right password and code start a session with a strict __Host- cookie."""
        officer = office.person("olga")

        response = console.login(officer)

        assert response.status_code == 303
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE_NAME}=")
        for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
            assert attribute.lower() in cookie.lower()
        assert "domain" not in cookie.lower()
        assert console.get("/inbox").status_code == 200
        assert (AccessAction.SIGN_IN, officer.id) in _actions(console)

    @pytest.mark.parametrize(
        "case",
        ["unknown user", "wrong password", "wrong code", "empty code"],
    )
    def test_failures_look_the_same(self, console: Console, office, case: str) -> None:
        """Unknown user, wrong password and wrong code give the same status and message."""
        officer = office.person("olga")
        attempt = {
            "unknown user": {
                "username": "nobody",
                "password": officer.password,
                "totp": officer.totp(),
            },
            "wrong password": {
                "username": "olga",
                "password": "wrong password!!",
                "totp": officer.totp(),
            },
            "wrong code": {
                "username": "olga",
                "password": officer.password,
                "totp": "000000" if officer.totp() != "000000" else "111111",
            },
            "empty code": {"username": "olga", "password": officer.password, "totp": ""},
        }[case]

        response = console.post("/login", attempt)

        assert response.status_code == 401
        assert SIGN_IN_FAILED in response.text
        assert COOKIE_NAME not in response.headers.get("set-cookie", "")

    def test_failed_sign_in_logs_no_username(self, console: Console, office) -> None:
        """A failure names the account only when it exists, and never what was typed."""
        officer = office.person("olga")

        console.post(
            "/login", {"username": "mallory-typed", "password": "x" * 12, "totp": "123456"}
        )
        console.post("/login", {"username": "olga", "password": "x" * 12, "totp": "123456"})

        failures = [a for a in _actions(console) if a[0] == AccessAction.SIGN_IN_FAILED]
        assert failures == [
            (AccessAction.SIGN_IN_FAILED, None),
            (AccessAction.SIGN_IN_FAILED, officer.id),
        ]
        with transaction(console.engine) as session:
            assert all("mallory" not in e.detail for e in session.exec(select(AccessEntry)))

    def test_totp_replay_is_refused(self, console: Console, office) -> None:
        """A code that has already been used cannot sign in again."""
        officer = office.person("olga")
        code = officer.totp()
        assert console.login(officer, totp=code).status_code == 303

        response = console.login(officer, totp=code)

        assert response.status_code == 401
        assert SIGN_IN_FAILED in response.text

    def test_locked_account_refuses_even_the_right_password_then_unlocks(
        self, console: Console, office
    ) -> None:
        """After the threshold the right factors fail; once the lock has passed they work."""
        officer = office.person("olga")
        for _ in range(console.settings.login_lock_threshold):
            _end_lock(console, officer.id)
            console.post(
                "/login", {"username": "olga", "password": "wrong password!!", "totp": "000000"}
            )
        with transaction(console.engine) as session:
            principal = session.get(Principal, officer.id)
            assert principal.locked_until is not None
            assert principal.locked_until > utcnow() + timedelta(seconds=60)

        locked = console.login(officer)

        assert locked.status_code == 401
        assert SIGN_IN_FAILED in locked.text
        _end_lock(console, officer.id)
        assert console.login(officer).status_code == 303

    def test_failures_slow_down_before_the_lock(self, console: Console, office) -> None:
        """The second failure already imposes a short lock, growing with each failure."""
        office.person("olga")

        console.post("/login", {"username": "olga", "password": "wrong password!!", "totp": "1"})
        console.post("/login", {"username": "olga", "password": "wrong password!!", "totp": "1"})

        with transaction(console.engine) as session:
            principal = session.exec(select(Principal).where(Principal.username == "olga")).one()
            assert principal.failed_logins == 2
            assert utcnow() < principal.locked_until <= utcnow() + timedelta(seconds=2)

    def test_filer_cannot_sign_in_to_the_console(self, console: Console, office) -> None:
        """Only staff roles get a console session."""
        filer = office.person("fiona", Role.FILER)

        response = console.login(filer)

        assert response.status_code == 401


class TestSessions:
    """Split-key sessions: both halves are needed, and they expire."""

    def test_unauthorized(self, console: Console) -> None:
        """A made-up cookie opens nothing."""
        console.client.cookies.set(COOKIE_NAME, "A" * 43)

        assert console.get("/inbox").status_code == 303

    def test_server_half_without_cookie_opens_nothing(self, console: Console, office) -> None:
        """A stored server half is useless to a browser that lacks the key."""
        officer = office.person("olga")
        console.act_as(officer)
        console.client.cookies.clear()

        assert console.get("/inbox").status_code == 303

    def test_cookie_without_server_half_opens_nothing(self, console: Console, office) -> None:
        """Once the server half is gone the cookie is worthless."""
        officer = office.person("olga")
        console.act_as(officer)
        assert console.get("/inbox").status_code == 200
        with transaction(console.engine) as session:
            for row in session.exec(select(WebSession)).all():
                session.delete(row)

        assert console.get("/inbox").status_code == 303

    def test_reporter_session_under_console_cookie_opens_nothing(self, console: Console) -> None:
        """A reporter's server half, even presented under the console's name, is refused."""
        key, half = seal_session(b"r" * 32)
        with transaction(console.engine) as session:
            store_session(
                session=session,
                lookup_id=session_lookup_id(key),
                kind=SessionKind.REPORTER,
                server_half=half,
                lifetime=timedelta(hours=1),
            )
        console.client.cookies.set(COOKIE_NAME, encode_key(key))

        assert console.get("/inbox").status_code == 303

    def test_idle_timeout(self, console: Console, office) -> None:
        """A session unused for longer than the idle limit is deleted."""
        officer = office.person("olga")
        console.act_as(officer)
        with transaction(console.engine) as session:
            for row in session.exec(select(WebSession)).all():
                row.last_seen_at = utcnow() - timedelta(
                    seconds=console.settings.session_idle_seconds + 1
                )
                session.add(row)

        assert console.get("/inbox").status_code == 303
        with transaction(console.engine) as session:
            assert session.exec(select(WebSession)).all() == []

    def test_absolute_timeout(self, console: Console, office) -> None:
        """A session past its absolute limit ends however busy it was."""
        officer = office.person("olga")
        console.act_as(officer)
        with transaction(console.engine) as session:
            row = session.exec(select(WebSession)).one()
            assert row.expires_at - row.created_at == timedelta(
                seconds=console.settings.session_absolute_seconds
            )
            row.expires_at = utcnow() - timedelta(seconds=1)
            session.add(row)

        assert console.get("/inbox").status_code == 303

    def test_logout_deletes_the_server_half(self, console: Console, office) -> None:
        """After signing out the old cookie opens nothing."""
        officer = office.person("olga")
        console.act_as(officer)
        cookie = console.client.cookies.get(COOKIE_NAME)

        response = console.post("/logout")

        assert response.status_code == 303
        with transaction(console.engine) as session:
            assert session.exec(select(WebSession)).all() == []
        console.client.cookies.set(COOKIE_NAME, cookie)
        assert console.get("/inbox").status_code == 303

    def test_htmx_without_session_is_told_to_redirect(self, console: Console) -> None:
        """htmx requests get HX-Redirect instead of a redirect it would swap in."""
        response = console.get("/inbox", htmx=True)

        assert response.status_code == 401
        assert response.headers["HX-Redirect"] == "/login"


class TestPasswordChange:
    """Changing one's own password re-wraps the same seed."""

    def test_unauthorized(self, console: Console) -> None:
        """Without a session the form is out of reach."""
        assert console.get("/account/password").status_code == 303

    def test_change_then_sign_in_with_the_new_password(self, console: Console, office) -> None:
        """The new password signs in; the keys (and so the grants) are the same."""
        officer = office.person("olga")
        with transaction(console.engine) as session:
            before = session.get(Principal, officer.id).box_public
        console.act_as(officer)

        response = console.post(
            "/account/password",
            {
                "current_password": officer.password,
                "new_password": "a whole new passphrase",
                "confirm": "a whole new passphrase",
            },
        )

        assert response.status_code == 200
        officer.password = "a whole new passphrase"
        assert console.login(officer).status_code == 303
        with transaction(console.engine) as session:
            assert session.get(Principal, officer.id).box_public == before

    def test_wrong_current_password_changes_nothing(self, console: Console, office) -> None:
        """The current password must be right."""
        officer = office.person("olga")
        console.act_as(officer)

        response = console.post(
            "/account/password",
            {
                "current_password": "not my password",
                "new_password": "a whole new passphrase",
                "confirm": "a whole new passphrase",
            },
        )

        assert response.status_code == 400
        assert console.login(officer).status_code == 303
