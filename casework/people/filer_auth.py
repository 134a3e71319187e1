"""Filers' accounts: accepting an invitation, signing in, adding TOTP (on the gateway).

This is the one module of ``casework`` that the public gateway may use to unwrap a seed,
and it can unwrap only a filer's: seeds are wrapped with :mod:`crypto.filerwrap`, whose
authenticated version byte makes an officer's wrap unopenable here. Sign-in goes further
and never hands a staff principal's wrap to the unwrap at all: a username that names no one,
or names someone who is not a filer, unwraps the dummy filer wrap instead (the same
Argon2id run, the same :class:`FilerSignInFailed`). So G6 holds by construction, by the
import contract (only this path reaches :mod:`crypto._wrap`), and by tests.

A filer's username is derived from the keyed hash of their staff id, so that no staff id is
stored and the filer signs in with the staff id they know. A lost password is reset by a new
invitation: accepting it gives the filer a *new* seed (nobody can unwrap the old one), their
old sessions end, and statements sealed to the old key are re-granted by the office
(:func:`casework.disclosure.statements.regrant_to_filer`), an unfiled draft by the director
with the recovery code (:mod:`casework.disclosure.draft_regrant`).

Passwords are checked with zxcvbn (guessable patterns, dictionary words, the filer's own name
and address), not only by length.
"""

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy.engine import Engine
from sqlmodel import Session

from casework.people.office import get_office
from casework.people.principals import (
    Invitation,
    Principal,
    PrincipalStatus,
    Role,
    find_by_username,
    find_invitation,
)
from casework.people.second_factor import charge, complete, totp_ct, totp_step
from casework.people.sessions import end_sessions_of
from casework.store.clock import utcnow
from casework.store.db import transaction
from crypto import (
    DecryptionError,
    FormatError,
    KdfParams,
    PrincipalKeys,
    WrongPasswordError,
    derive_keys,
    generate_seed,
    seal_to,
)
from crypto.filerwrap import (
    dummy_filer_wrap,
    filer_wrap_params,
    unwrap_filer_seed,
    wrap_filer_seed,
)
from intake_forms.languages import N_, ExplainedError

FILER_USERNAME_PREFIX = "filer-"
MIN_FILER_PASSWORD_CHARS = 12
MIN_ZXCVBN_SCORE = 3
"""zxcvbn's "safely unguessable" (about 10^8 guesses and up); 4 would refuse many fine ones."""


class FilerPasswordError(ExplainedError):
    """The new password is too short or too easy to guess (the message says why)."""


class FilerSignInFailed(Exception):  # noqa: N818 - reads as the event it is
    """Any filer sign-in failure; it never says which part was wrong."""


class InvitationInvalidError(LookupError):
    """The link is unknown, used, expired, or not a filer's invitation."""


@dataclass(frozen=True, slots=True)
class FilerSignedIn:
    """A signed-in filer and their seed (kept only in the split-key session)."""

    principal: Principal
    seed: bytes

    @property
    def keys(self) -> PrincipalKeys:
        """The filer's key pairs."""
        return derive_keys(self.seed)


def filer_username(staff_lookup: bytes) -> str:
    """The username of the filer whose staff id has this keyed hash (49 characters)."""
    return FILER_USERNAME_PREFIX + base64.urlsafe_b64encode(staff_lookup).decode().rstrip("=")


def staff_lookup_of(username: str) -> bytes:
    """The staff-id keyed hash a filer username was made from.

    Raises:
        ValueError: not a filer username.
    """
    if not username.startswith(FILER_USERNAME_PREFIX):
        raise ValueError("not a filer username")
    return base64.urlsafe_b64decode(username.removeprefix(FILER_USERNAME_PREFIX) + "=")


def check_filer_password(password: str, hints: Sequence[str] = ()) -> None:
    """Refuse a short or guessable password (zxcvbn, with the filer's own words as hints).

    Raises:
        FilerPasswordError: with zxcvbn's advice when there is some.
    """
    from zxcvbn import zxcvbn

    if len(password) < MIN_FILER_PASSWORD_CHARS:
        raise FilerPasswordError(
            N_("use at least %(count)s characters"), count=MIN_FILER_PASSWORD_CHARS
        )
    words = [w for hint in hints for w in hint.replace("@", " ").replace(".", " ").split() if w]
    words += ["".join(hint.split()).lower() for hint in hints]
    result = zxcvbn(password[:100], user_inputs=words)
    if result["score"] < MIN_ZXCVBN_SCORE:
        # zxcvbn's own warning is English only, so the message is ours in every language.
        raise FilerPasswordError(N_("it is too easy to guess; add a few uncommon words"))


def _invitation(session: Session, pepper: bytes, token: str) -> Invitation:
    invitation = find_invitation(session=session, pepper=pepper, token=token)
    if invitation is None or invitation.role != Role.FILER:
        raise InvitationInvalidError("invalid invitation")
    return invitation


def invitation_username(*, session: Session, pepper: bytes, token: str) -> str:
    """The filer username a live invitation is for.

    Raises:
        InvitationInvalidError: no live filer invitation has this token.
    """
    return _invitation(session, pepper, token).username


def accept_filer_invitation(
    *,
    session: Session,
    pepper: bytes,
    token: str,
    password: str,
    params: KdfParams,
    hints: Sequence[str] = (),
) -> FilerSignedIn:
    """Set the filer's password with a fresh seed and spend the invitation.

    A first invitation creates the principal; a later one (a lost password) replaces the
    keys, ends old sessions and clears TOTP (re-grants bring statements back).

    Raises:
        InvitationInvalidError: the token is not a live filer invitation.
        FilerPasswordError: the password is refused.
    """
    invitation = _invitation(session, pepper, token)
    check_filer_password(password, hints)
    seed = generate_seed()
    keys = derive_keys(seed)
    principal = find_by_username(session=session, username=invitation.username)
    if principal is None:
        principal = Principal(
            username=invitation.username,
            role=Role.FILER,
            wrapped_seed=b"",
            recovery_sealed_seed=b"",
            box_public=b"",
            verify_key=b"",
        )
    elif principal.role != Role.FILER:
        raise InvitationInvalidError("invalid invitation")
    else:
        end_sessions_of(session=session, principal_id=principal.id)
    principal.wrapped_seed = wrap_filer_seed(seed, password, params)
    # The same sealed box as crypto.seedwrap.seal_seed_to_recovery (which the gateway may
    # not import): the director's recovery code opens it like any principal's.
    principal.recovery_sealed_seed = seal_to(seed, get_office(session=session).recovery_public)
    principal.box_public, principal.verify_key = keys.box_public, keys.verify_key
    principal.totp_ct, principal.totp_last_step = None, 0
    principal.status = PrincipalStatus.ACTIVE
    principal.failed_logins, principal.locked_until = 0, None
    principal.password_changed_at = utcnow()
    invitation.used_at = utcnow()
    session.add_all([principal, invitation])
    session.flush()
    return FilerSignedIn(principal=principal, seed=seed)


@lru_cache(maxsize=4)
def _dummy(params: KdfParams) -> bytes:
    return dummy_filer_wrap(params)


def sign_in_filer(
    *,
    engine: Engine,
    username: str,
    password: str,
    totp_code: str,
    params: KdfParams,
    lock_threshold: int,
    lock_for: timedelta,
) -> FilerSignedIn:
    """Check a filer's password (and TOTP code, when they added one) with equal work.

    The same lockout guarantee as staff sign-in (:func:`casework.people.principals_auth.sign_in`):
    the attempt is counted under the account's row lock and committed before the Argon2id run
    (:func:`~casework.people.second_factor.charge`), and only a success clears the count.

    Args:
        engine: the database (this workflow commits twice: the count, then the result).

    Raises:
        FilerSignInFailed: for every failure, including a staff username.
    """
    with transaction(engine) as session:
        principal, may_succeed = charge(
            session,
            username,
            lock_threshold=lock_threshold,
            lock_for=lock_for,
            roles=(Role.FILER,),
        )
    wrapped = principal.wrapped_seed if principal is not None else _dummy(params)
    try:
        seed: bytes | None = unwrap_filer_seed(wrapped, password)
    except (WrongPasswordError, DecryptionError, FormatError):
        seed = None
    if principal is None or seed is None or not may_succeed:
        raise FilerSignInFailed
    with transaction(engine) as session:
        signed = complete(
            session, principal_id=principal.id, seed=seed, totp_code=totp_code, require_totp=False
        )
        if signed is None:
            raise FilerSignInFailed
        if signed.wrapped_seed == wrapped and filer_wrap_params(wrapped) != params:
            signed.wrapped_seed = wrap_filer_seed(seed, password, params)
            session.add(signed)
            session.flush()
        return FilerSignedIn(principal=signed, seed=seed)


def add_filer_totp(
    *, session: Session, principal: Principal, seed: bytes, secret: str, code: str
) -> bool:
    """Turn on TOTP for a signed-in filer once they type a current code; False if wrong."""
    step = totp_step(secret, code, principal.totp_last_step)
    if step is None or principal.role != Role.FILER:
        return False
    principal.totp_ct = totp_ct(seed, principal.id, secret)
    principal.totp_last_step = step
    session.add(principal)
    session.flush()
    return True
