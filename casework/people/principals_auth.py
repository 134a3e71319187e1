"""Everything that unwraps a principal's seed: enrolment, sign-in, password change, recovery.

This module is the only casework module that imports :mod:`crypto.seedwrap`; the public
gateway is forbidden from importing it (import-linter contract "G6").

Sign-in does equal work on every failure: an unknown username unwraps a dummy wrap with the
same KDF parameters, so a missing user costs one Argon2id run like a wrong password, and
every failure raises the same :class:`SignInFailed`. The TOTP secret is encrypted under a
key derived from the seed, so it can only be checked after the password unwrap succeeded;
a code whose time step is not newer than the last accepted one is refused (no replay).

Slowing down and locking out (the trade-off). Online guessing against one account is slowed
by short, growing locks (1 s, 2 s, 4 s, ... after the second, third, fourth failure) and
stopped by a longer lock (``lock_for``) once ``lock_threshold`` failures have accumulated;
attempts made while an account is locked do not count and always fail, even with the right
password. The state lives in the principal row (any replica sees it), never in memory.

Counting comes before deriving. Each attempt is counted as a failure, under a lock on the
account's row, and committed before its Argon2id run; only a success clears the count. So
attempts sent in parallel are counted one after another, each sees the locks set by those
before it, and a burst of guesses cannot slip under the lock by all reading the same count.

* Locks are per account and temporary, so an attacker cannot lock out everyone at once:
  there is no global lock, and no lock outlives ``lock_for``. An attacker who knows a
  username can keep that one account locked by failing repeatedly; that is the price of
  bounding guesses, and the director sees it in the access log (``sign_in_failed``).
* A lock reveals nothing: a locked account, an unknown username, a wrong password and a
  wrong or replayed code all do the same Argon2id run and raise the same
  :class:`SignInFailed`. The exception carries the principal id (None for an unknown
  username) only so that the caller can write the access log; it must never reach a user.
"""

import functools
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from casework.people.principals import (
    Principal,
    PrincipalStatus,
    Role,
    normalise_username,
)
from casework.people.second_factor import charge, complete, totp_ct
from casework.people.sessions import end_sessions_of
from casework.store.clock import utcnow
from casework.store.db import transaction
from crypto import (
    DecryptionError,
    KdfParams,
    PrincipalKeys,
    WrongPasswordError,
    derive_keys,
    generate_seed,
)
from crypto.seedwrap import (
    dummy_wrapped_seed,
    recover_seed,
    seal_seed_to_recovery,
    unwrap_seed,
    wrap_seed,
    wrapped_params,
)

MIN_PASSWORD_CHARS = 12
STAFF_ROLES = frozenset({Role.DIRECTOR, Role.OFFICER, Role.REVIEWER})
"""Who signs in here; a filer's username is as unknown to staff sign-in as a made-up one."""


class SignInFailed(Exception):  # noqa: N818 - reads as the event it is
    """Any sign-in failure; deliberately says nothing about which part was wrong.

    Attributes:
        principal_id: the account the username named, or None when it named none. For the
            access log only; never shown.
    """

    def __init__(self, principal_id: str | None = None) -> None:
        """Record which account failed (if any) for the access log."""
        super().__init__("sign-in failed")
        self.principal_id = principal_id


class PasswordPolicyError(ValueError):
    """A new password is too weak."""


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A successful sign-in: the principal and its unwrapped seed (keep it only in memory)."""

    principal: Principal
    seed: bytes

    @property
    def keys(self) -> PrincipalKeys:
        """The principal's key pairs."""
        return derive_keys(self.seed)


def check_password_policy(password: str, username: str = "") -> None:
    """Refuse short passwords and passwords equal to the username."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordPolicyError(f"use at least {MIN_PASSWORD_CHARS} characters")
    if username and password.strip().lower() == username.strip().lower():
        raise PasswordPolicyError("the password must not be the username")


def enrol(
    *,
    session: Session,
    username: str,
    role: Role,
    password: str,
    params: KdfParams,
    recovery_public: bytes,
    totp_secret: str | None,
    status: PrincipalStatus = PrincipalStatus.ACTIVE,
) -> Principal:
    """Create a principal with a fresh seed, wrapped under the password and sealed to recovery."""
    username = normalise_username(username)
    check_password_policy(password, username)
    seed = generate_seed()
    keys = derive_keys(seed)
    principal = Principal(
        username=username,
        role=role,
        status=status,
        wrapped_seed=wrap_seed(seed, password, params),
        recovery_sealed_seed=seal_seed_to_recovery(seed, recovery_public),
        box_public=keys.box_public,
        verify_key=keys.verify_key,
    )
    if totp_secret is not None:
        principal.totp_ct = totp_ct(seed, principal.id, totp_secret)
    session.add(principal)
    session.flush()
    return principal


@functools.lru_cache(maxsize=4)
def _dummy_wrap(params: KdfParams) -> bytes:
    """One dummy wrap per parameter set, made once: an unknown user then costs one unwrap."""
    return dummy_wrapped_seed(params)


def sign_in(
    *,
    engine: Engine,
    username: str,
    password: str,
    totp_code: str,
    params: KdfParams,
    lock_threshold: int,
    lock_for: timedelta,
    require_totp: bool = True,
) -> SignedIn:
    """Check username, password and TOTP code with equal work on every failure.

    Counting comes before deriving: the attempt is counted as a failure and committed
    before the Argon2id run, and the count is cleared only by a success. So parallel
    attempts on one account cannot all read the same counter and slip under the lock
    (issue 16, point 1): each is counted, in turn, under the row's lock. The Argon2id run
    itself holds no lock and no transaction.

    Args:
        engine: the database (this workflow commits twice: the count, then the result).
        username, password, totp_code: as typed.
        params: the KDF parameters for the dummy unwrap and for re-wrapping weaker wraps.
        lock_threshold, lock_for: failures after which the account is locked, and for how long.
        require_totp: False only for filers without TOTP enrolled.

    Returns:
        The principal and its seed.

    Raises:
        SignInFailed: for every kind of failure.
    """
    with transaction(engine) as session:
        principal, may_succeed = charge(
            session,
            normalise_username(username),
            lock_threshold=lock_threshold,
            lock_for=lock_for,
            roles=STAFF_ROLES,
        )
    wrapped = principal.wrapped_seed if principal is not None else _dummy_wrap(params)
    seed = _try_unwrap(wrapped, password)
    if principal is None:
        raise SignInFailed(None)
    if seed is None or not may_succeed:
        raise SignInFailed(principal.id)
    with transaction(engine) as session:
        signed = complete(
            session,
            principal_id=principal.id,
            seed=seed,
            totp_code=totp_code,
            require_totp=require_totp,
        )
        if signed is None:
            raise SignInFailed(principal.id)
        _rewrap_if_weaker(
            session, signed, wrapped=wrapped, seed=seed, password=password, params=params
        )
        return SignedIn(principal=signed, seed=seed)


def _try_unwrap(wrapped: bytes, password: str) -> bytes | None:
    """The seed, or None for a wrong password (the same work either way)."""
    try:
        return unwrap_seed(wrapped, password)
    except (WrongPasswordError, DecryptionError):
        return None


def _rewrap_if_weaker(
    session: Session,
    principal: Principal,
    *,
    wrapped: bytes,
    seed: bytes,
    password: str,
    params: KdfParams,
) -> None:
    """Raise a wrap made with other KDF parameters to the current ones at sign-in."""
    if principal.wrapped_seed == wrapped and wrapped_params(wrapped) != params:
        principal.wrapped_seed = wrap_seed(seed, password, params)
        session.add(principal)
        session.flush()


def check_password(principal: Principal, password: str) -> bytes:
    """Unwrap the seed with ``password`` (re-authentication before a sensitive change).

    Raises:
        SignInFailed: the password is wrong.
    """
    try:
        return unwrap_seed(principal.wrapped_seed, password)
    except (WrongPasswordError, DecryptionError) as exc:
        raise SignInFailed(principal.id) from exc


def change_password(
    *,
    session: Session,
    principal: Principal,
    seed: bytes,
    new_password: str,
    params: KdfParams,
    current_session: bytes | None,
) -> None:
    """Re-wrap the seed under a new password (the keys, and so every grant, stay valid).

    Every other session of the principal ends: whoever knew the old password and signed in
    with it is signed out. ``current_session`` (the lookup id of the session making the
    change) goes on.
    """
    check_password_policy(new_password, principal.username)
    principal.wrapped_seed = wrap_seed(seed, new_password, params)
    principal.password_changed_at = utcnow()
    session.add(principal)
    session.flush()
    end_sessions_of(session=session, principal_id=principal.id, keep=current_session)


def reset_with_recovery(
    *,
    session: Session,
    principal: Principal,
    recovery_code: str,
    new_password: str,
    params: KdfParams,
    new_totp_secret: str | None,
) -> None:
    """Recover a principal's seed with the office recovery code and re-wrap it.

    Raises:
        crypto.WrongPasswordError: the recovery code does not open this seed.
    """
    check_password_policy(new_password, principal.username)
    seed = recover_seed(principal.recovery_sealed_seed, recovery_code)
    principal.wrapped_seed = wrap_seed(seed, new_password, params)
    principal.password_changed_at = utcnow()
    principal.failed_logins = 0
    principal.locked_until = None
    if new_totp_secret is not None:
        principal.totp_ct = totp_ct(seed, principal.id, new_totp_secret)
        principal.totp_last_step = 0
    session.add(principal)
    session.flush()
