"""People and routing: invitations, disabling, recovery resets, channel recipients."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from consolekit import Console, make_case
from sqlmodel import select

from casework.cases.access_log import AccessAction, AccessEntry
from casework.cases.envelope import get_grant
from casework.people.office import channel_recipients
from casework.people.principals import Invitation, Principal, PrincipalStatus, Role
from casework.people.sessions import WebSession
from casework.store.clock import utcnow
from casework.store.db import transaction


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def htmx(request: pytest.FixtureRequest) -> bool:
    """Every view is tested as a full page and as an htmx fragment."""
    return bool(request.param)


def _invite(console: Console, username: str, role: str = "officer", htmx: bool = False) -> str:
    response = console.post("/people/invite", {"username": username, "role": role}, htmx=htmx)
    assert response.status_code == 200
    match = re.search(r"https://testserver/invitation/([A-Za-z0-9_-]+)", response.text)
    assert match is not None
    return match.group(1)


class TestInvitations:
    """POST /people/invite and the public /invitation/{token}."""

    def test_unauthorized(self, console: Console, office) -> None:
        """Officers cannot invite; an unknown token shows nothing to accept."""
        console.act_as(office.person("olga"))

        assert (
            console.post("/people/invite", {"username": "x", "role": "officer"}).status_code == 403
        )
        console.act_as(None)
        assert console.get("/invitation/not-a-token").status_code == 404

    def test_invite_accept_and_sign_in(self, console: Console, office, htmx: bool) -> None:
        """The invitee sets a password, proves the authenticator, and can then sign in."""
        console.act_as(office.person("dana", Role.DIRECTOR))
        token = _invite(console, "ivan", "reviewer", htmx=htmx)
        with transaction(office.engine) as session:
            stored = session.exec(select(Invitation)).one()
            assert token.encode() not in stored.token_hash
            assert stored.expires_at - stored.created_at == timedelta(hours=72)
        console.act_as(None)

        page = console.get(f"/invitation/{token}")
        secret = re.search(r"Key: <code>([A-Z2-7]+)</code>", page.text).group(1)
        assert "<svg" in page.text and "style=" not in page.text
        wrong = console.post(
            f"/invitation/{token}",
            {
                "password": "a long enough password",
                "confirm": "a long enough password",
                "totp": "000000",
            },
        )
        done = console.post(
            f"/invitation/{token}",
            {
                "password": "a long enough password",
                "confirm": "a long enough password",
                "totp": pyotp.TOTP(secret).now(),
            },
        )

        assert wrong.status_code == 400
        assert done.status_code == 200
        assert console.get(f"/invitation/{token}").status_code == 404
        with transaction(office.engine) as session:
            ivan = session.exec(select(Principal).where(Principal.username == "ivan")).one()
            assert ivan.role == Role.REVIEWER
            ivan.totp_last_step = 0
            session.add(ivan)

        class Ivan:
            username, password = "ivan", "a long enough password"

            @staticmethod
            def totp() -> str:
                return pyotp.TOTP(secret).now()

        assert console.login(Ivan).status_code == 303

    def test_expired_invitation_is_refused(self, console: Console, office) -> None:
        """After 72 hours the link opens nothing."""
        console.act_as(office.person("dana", Role.DIRECTOR))
        token = _invite(console, "late")
        with transaction(office.engine) as session:
            invitation = session.exec(select(Invitation)).one()
            invitation.expires_at = utcnow() - timedelta(seconds=1)
            session.add(invitation)
        console.act_as(None)

        assert console.get(f"/invitation/{token}").status_code == 404

    @pytest.mark.parametrize("username", ["", "dana", "has space", "<script>", "x" * 65])
    def test_bad_usernames_are_refused(self, console: Console, office, username: str) -> None:
        """Taken, empty or malformed usernames get a clear error."""
        console.act_as(office.person("dana", Role.DIRECTOR))

        assert (
            console.post("/people/invite", {"username": username, "role": "officer"}).status_code
            == 400
        )


class TestDisable:
    """POST /people/{principal_id}/disable."""

    def test_unauthorized(self, console: Console, office) -> None:
        """An officer cannot disable a colleague."""
        pete = office.person("pete")
        console.act_as(office.person("olga"))

        assert console.post(f"/people/{pete.id}/disable").status_code == 403

    def test_disabling_ends_sessions(self, console: Console, office, htmx: bool) -> None:
        """A disabled officer's session stops working at once, and they cannot sign in."""
        olga, dana = office.person("olga"), office.person("dana", Role.DIRECTOR)
        console.act_as(olga)
        olga_cookie = dict(console.client.cookies)
        console.act_as(dana)

        response = console.post(f"/people/{olga.id}/disable", htmx=htmx)

        assert response.status_code == 303
        with transaction(office.engine) as session:
            assert session.get(Principal, olga.id).status == PrincipalStatus.DISABLED
            assert (
                session.exec(select(WebSession).where(WebSession.principal_id == olga.id)).all()
                == []
            )
        console.client.cookies.clear()
        console.client.cookies.update(olga_cookie)
        assert console.get("/inbox").status_code == 303
        assert console.login(olga).status_code == 401

    def test_director_cannot_disable_themself(self, console: Console, office) -> None:
        """Locking the office out by accident is refused."""
        dana = office.person("dana", Role.DIRECTOR)
        console.act_as(dana)

        assert console.post(f"/people/{dana.id}/disable").status_code == 400


class TestRecoveryReset:
    """GET/POST /people/{principal_id}/reset."""

    def test_unauthorized(self, console: Console, office) -> None:
        """Only the director resets passwords."""
        pete = office.person("pete")
        console.act_as(office.person("olga"))

        assert console.get(f"/people/{pete.id}/reset").status_code == 403

    def test_reset_then_the_officer_reads_a_case_granted_before(
        self, console: Console, office, settings
    ) -> None:
        """The recovery code re-wraps the same seed: old grants still open, with a new TOTP."""
        olga, dana = office.person("olga"), office.person("dana", Role.DIRECTOR)
        case_id, _ = make_case(
            office.engine, settings, office, recipients=[olga.id], answers={"what": "CANARY-BEFORE"}
        )
        console.act_as(dana)
        assert console.get(f"/people/{olga.id}/reset").status_code == 200

        wrong = console.post(
            f"/people/{olga.id}/reset",
            {"recovery_code": "AAAA-" * 13 + "AAAA", "new_password": "brand new password 1"},
        )
        done = console.post(
            f"/people/{olga.id}/reset",
            {"recovery_code": office.recovery_code, "new_password": "brand new password 1"},
        )

        assert wrong.status_code == 400
        assert done.status_code == 200
        secret = re.search(r"Key: <code>([A-Z2-7]+)</code>", done.text).group(1)
        olga.password, olga.totp_secret = "brand new password 1", secret
        assert console.login(olga).status_code == 303
        page = console.get(f"/cases/{case_id}")
        assert page.status_code == 200
        assert "CANARY-BEFORE" in page.text
        with transaction(office.engine) as session:
            assert get_grant(session=session, case_id=case_id, principal_id=olga.id) is not None
            actions = [e.action for e in session.exec(select(AccessEntry))]
        assert AccessAction.PASSWORD_RESET in actions


class TestRouting:
    """GET/POST /routing."""

    def test_unauthorized(self, console: Console, office) -> None:
        """Officers do not set routing."""
        console.act_as(office.person("olga"))

        assert console.get("/routing").status_code == 403

    def test_director_routes_a_channel_and_new_cases_follow(
        self, console: Console, office, settings, htmx: bool
    ) -> None:
        """Recipients set here get grants on the channel's next cases; the director does not."""
        olga, dana = office.person("olga"), office.person("dana", Role.DIRECTOR)
        make_case(office.engine, settings, office, channel="gifts")
        console.act_as(dana)
        assert "gifts" in console.get("/routing", htmx=htmx).text

        response = console.post("/routing", {"channel": "gifts", "recipient": [olga.id]})

        assert response.status_code == 303
        with transaction(office.engine) as session:
            assert channel_recipients(session=session, channel="gifts") == [olga.id]
        case_id, _ = make_case(office.engine, settings, office, channel="gifts")
        with transaction(office.engine) as session:
            assert get_grant(session=session, case_id=case_id, principal_id=olga.id) is not None
        assert console.get(f"/cases/{case_id}").status_code == 403

    def test_only_staff_can_be_recipients(self, console: Console, office) -> None:
        """A reviewer or an unknown id cannot be made a default recipient."""
        reviewer = office.person("rita", Role.REVIEWER)
        console.act_as(office.person("dana", Role.DIRECTOR))

        assert (
            console.post("/routing", {"channel": "gifts", "recipient": [reviewer.id]}).status_code
            == 400
        )
        assert (
            console.post("/routing", {"channel": "gifts", "recipient": ["nope"]}).status_code == 400
        )
