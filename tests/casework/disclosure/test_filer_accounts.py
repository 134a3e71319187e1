"""Filer invitations by email, password rules, sign-in on filer keys only, TOTP, reset (G6)."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from casework.disclosure.cycles import get_cycle
from casework.disclosure.tables import DisclosureFiler
from casework.notifications.disclosure import filers_to_invite, invite_filer, link_account
from casework.notifications.mail import MailNotConfiguredError, SmtpSettings
from casework.people.filer_auth import (
    FilerPasswordError,
    FilerSignInFailed,
    InvitationInvalidError,
    accept_filer_invitation,
    add_filer_totp,
    filer_username,
    sign_in_filer,
    staff_lookup_of,
)
from casework.people.principals import Invitation, Principal
from casework.people.principals_auth import SignInFailed, sign_in
from casework.people.second_factor import new_totp_secret
from casework.people.sessions import SessionKind, WebSession, begin_split_session
from casework.store.clock import utcnow
from casework.store.db import transaction
from confide.settings import Settings
from crypto import TEST_KDF
from tests.casework.disclosure.conftest import CycleFixture
from tests.conftest import PASSWORD, OfficeFixture
from tests.mailbox import Mailbox

GOOD_PASSWORD = "quartz lantern orchard velvet"
LINK = re.compile(r"https://gw\.example\.org/filer/invitation/(\S+)")


def _invite_all(
    engine: Engine, settings: Settings, cycle: CycleFixture, smtp: SmtpSettings | None
) -> int:
    with transaction(engine) as session:
        row = get_cycle(session=session, cycle_id=cycle.id)
        assert row is not None
        filers = filers_to_invite(session=session, cycle_id=cycle.id)
        for filer in filers:
            invite_filer(
                session=session,
                pepper=settings.pepper,
                filer=filer,
                cycle=row,
                invited_by=cycle.director.id,
                smtp=smtp,
                gateway_url="https://gw.example.org/",
            )
        return len(filers)


def _token(mailbox: Mailbox, address: str) -> str:
    match = LINK.search(Mailbox.body(mailbox.to(address)[-1]))
    assert match is not None
    return match[1]


def _accept(engine: Engine, settings: Settings, token: str, password: str = GOOD_PASSWORD) -> str:
    with transaction(engine) as session:
        signed = accept_filer_invitation(
            session=session,
            pepper=settings.pepper,
            token=token,
            password=password,
            params=TEST_KDF,
            hints=["Ana Alvarez"],
        )
        link_account(
            session=session,
            staff_lookup=staff_lookup_of(signed.principal.username),
            principal_id=signed.principal.id,
        )
        return signed.principal.id


def _sign_in(
    engine: Engine, username: str, password: str = GOOD_PASSWORD, code: str = "", threshold: int = 5
) -> str:
    return sign_in_filer(
        engine=engine,
        username=username,
        password=password,
        totp_code=code,
        params=TEST_KDF,
        lock_threshold=threshold,
        lock_for=timedelta(minutes=15),
    ).principal.id


def _username(engine: Engine, filer_id: str) -> str:
    with transaction(engine) as session:
        filer = session.get(DisclosureFiler, filer_id)
        assert filer is not None
        return filer_username(filer.staff_lookup)


def test_invitations_are_mailed_with_a_link_and_nothing_else(
    engine: Engine, settings: Settings, cycle: CycleFixture, mailbox: Mailbox
) -> None:
    """Each filer gets one mail with a single-use link; the table keeps only its keyed hash."""
    sent = _invite_all(engine, settings, cycle, mailbox.smtp)

    assert sent == 2
    assert {m["To"] for m in mailbox.messages} == {"ana@example.org", "ben@example.org"}
    token = _token(mailbox, "ana@example.org")
    with transaction(engine) as session:
        stored = list(session.exec(select(Invitation)))
        assert filers_to_invite(session=session, cycle_id=cycle.id) == []
    assert all(token.encode() not in i.token_hash for i in stored)
    assert "Ana" not in Mailbox.body(mailbox.to("ana@example.org")[0])


def test_without_a_relay_nothing_is_invited(
    engine: Engine, settings: Settings, cycle: CycleFixture
) -> None:
    """An unset SMTP host is an error, and the invitations roll back with it."""
    with pytest.raises(MailNotConfiguredError):
        _invite_all(engine, settings, cycle, None)

    with transaction(engine) as session:
        assert len(filers_to_invite(session=session, cycle_id=cycle.id)) == 2


@pytest.mark.parametrize(
    "password",
    ["short pass", "password123456", "anaalvarez2026", "qwertyuiopasdf"],
    ids=["short", "common", "own-name", "keyboard-walk"],
)
def test_guessable_passwords_are_refused_and_the_link_still_works(
    engine: Engine, settings: Settings, cycle: CycleFixture, mailbox: Mailbox, password: str
) -> None:
    """zxcvbn refuses guessable passwords; the invitation is not spent by a refusal."""
    _invite_all(engine, settings, cycle, mailbox.smtp)
    token = _token(mailbox, "ana@example.org")

    with pytest.raises(FilerPasswordError):
        _accept(engine, settings, token, password)

    assert _accept(engine, settings, token)


def test_the_link_works_once_and_signs_in_with_filer_keys(
    engine: Engine, settings: Settings, cycle: CycleFixture, mailbox: Mailbox
) -> None:
    """Accepting creates a filer with a filer wrap, linked to the roster; a second use fails."""
    _invite_all(engine, settings, cycle, mailbox.smtp)
    token = _token(mailbox, "ana@example.org")

    principal_id = _accept(engine, settings, token)

    with pytest.raises(InvitationInvalidError):
        _accept(engine, settings, token)
    username = _username(engine, cycle.filer_ids[0])
    assert _sign_in(engine, username) == principal_id
    with transaction(engine) as session:
        principal = session.get(Principal, principal_id)
        filer = session.get(DisclosureFiler, cycle.filer_ids[0])
        assert principal is not None and filer is not None
        assert (principal.role, principal.wrapped_seed[0], filer.principal_id) == (
            "filer",
            2,
            principal_id,
        )


def test_an_expired_link_is_refused(
    engine: Engine, settings: Settings, cycle: CycleFixture, mailbox: Mailbox
) -> None:
    """A link past its expiry opens nothing."""
    _invite_all(engine, settings, cycle, mailbox.smtp)
    with transaction(engine) as session:
        for invitation in session.exec(select(Invitation)):
            invitation.expires_at -= timedelta(days=15)
            session.add(invitation)

    with pytest.raises(InvitationInvalidError):
        _accept(engine, settings, _token(mailbox, "ana@example.org"))


def test_filer_sign_in_never_opens_a_staff_account(office: OfficeFixture, engine: Engine) -> None:
    """An officer's right username and password fail at the filer sign-in, like a wrong one."""
    officer = office.person("olga")

    with pytest.raises(FilerSignInFailed):
        _sign_in(engine, officer.username, PASSWORD, officer.totp())
    with pytest.raises(FilerSignInFailed):
        _sign_in(engine, "nobody", PASSWORD)


def test_totp_once_added_is_required(
    engine: Engine, settings: Settings, cycle: CycleFixture, mailbox: Mailbox
) -> None:
    """A filer who added TOTP cannot sign in without a current code."""
    _invite_all(engine, settings, cycle, mailbox.smtp)
    principal_id = _accept(engine, settings, _token(mailbox, "ana@example.org"))
    username = _username(engine, cycle.filer_ids[0])
    secret = new_totp_secret()
    signed = sign_in_filer(
        engine=engine,
        username=username,
        password=GOOD_PASSWORD,
        totp_code="",
        params=TEST_KDF,
        lock_threshold=5,
        lock_for=timedelta(minutes=15),
    )
    with transaction(engine) as session:
        wrong = add_filer_totp(
            session=session,
            principal=signed.principal,
            seed=signed.seed,
            secret=secret,
            code="000000",
        )
        right = add_filer_totp(
            session=session,
            principal=signed.principal,
            seed=signed.seed,
            secret=secret,
            code=pyotp.TOTP(secret).now(),
        )

    assert (wrong, right) == (False, True)
    with pytest.raises(FilerSignInFailed):
        _sign_in(engine, username)
    with pytest.raises(FilerSignInFailed):
        _sign_in(
            engine, username, code="123456" if pyotp.TOTP(secret).now() != "123456" else "654321"
        )
    with transaction(engine) as session:
        assert session.get(Principal, principal_id).totp_ct is not None  # type: ignore[union-attr]


def test_a_new_invitation_resets_keys_and_ends_sessions(
    engine: Engine, settings: Settings, cycle: CycleFixture, mailbox: Mailbox
) -> None:
    """A lost password: re-invited, the filer gets new keys and their old sessions end."""
    smtp = mailbox.smtp
    _invite_all(engine, settings, cycle, smtp)
    principal_id = _accept(engine, settings, _token(mailbox, "ana@example.org"))
    with transaction(engine) as session:
        old_public = session.get(Principal, principal_id).box_public  # type: ignore[union-attr]
        begin_split_session(
            session=session,
            secret=b"s" * 32,
            kind=SessionKind.FILER,
            lifetime=timedelta(hours=1),
            principal_id=principal_id,
        )
        filer = session.get(DisclosureFiler, cycle.filer_ids[0])
        row = get_cycle(session=session, cycle_id=cycle.id)
        assert filer is not None and row is not None
        invite_filer(
            session=session,
            pepper=settings.pepper,
            filer=filer,
            cycle=row,
            invited_by=cycle.director.id,
            smtp=smtp,
            gateway_url="https://gw.example.org",
        )

    assert (
        _accept(engine, settings, _token(mailbox, "ana@example.org"), "new meadow falcon ribbon")
        == principal_id
    )
    with transaction(engine) as session:
        assert session.get(Principal, principal_id).box_public != old_public  # type: ignore[union-attr]
        assert list(session.exec(select(WebSession))) == []
    assert _sign_in(engine, _username(engine, cycle.filer_ids[0]), "new meadow falcon ribbon")


def test_parallel_wrong_passwords_are_each_counted(
    engine: Engine, settings: Settings, cycle: CycleFixture, mailbox: Mailbox
) -> None:
    """Guesses sent at once are counted one after another, so two of them reach a threshold of
    two and lock the account (15 minutes): the right password then fails."""
    _invite_all(engine, settings, cycle, mailbox.smtp)
    principal_id = _accept(engine, settings, _token(mailbox, "ana@example.org"))
    username = _username(engine, cycle.filer_ids[0])
    guesses = [f"{GOOD_PASSWORD} {n}" for n in range(12)]
    barrier = threading.Barrier(len(guesses))

    def guess(password: str) -> bool:
        barrier.wait()
        try:
            _sign_in(engine, username, password, threshold=2)
        except FilerSignInFailed:
            return False
        return True

    with ThreadPoolExecutor(max_workers=len(guesses)) as pool:
        results = list(pool.map(guess, guesses))

    assert not any(results)
    with pytest.raises(FilerSignInFailed):
        _sign_in(engine, username, threshold=2)
    with transaction(engine) as session:
        principal = session.get(Principal, principal_id)
        assert principal is not None and principal.locked_until is not None
        assert principal.locked_until > utcnow() + timedelta(minutes=10)


def test_staff_sign_in_treats_a_filer_as_unknown(
    engine: Engine, settings: Settings, cycle: CycleFixture, mailbox: Mailbox
) -> None:
    """A filer's username at the console fails like a made-up one and counts nothing."""
    _invite_all(engine, settings, cycle, mailbox.smtp)
    principal_id = _accept(engine, settings, _token(mailbox, "ana@example.org"))
    username = _username(engine, cycle.filer_ids[0])

    with pytest.raises(SignInFailed) as failure:
        sign_in(
            engine=engine,
            username=username,
            password=GOOD_PASSWORD,
            totp_code="",
            params=TEST_KDF,
            lock_threshold=5,
            lock_for=timedelta(minutes=15),
        )

    assert failure.value.principal_id is None
    with transaction(engine) as session:
        principal = session.get(Principal, principal_id)
        assert principal is not None and principal.failed_logins == 0
