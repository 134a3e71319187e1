"""The second factor and the brakes on guessing, shared by staff and filer sign-in.

Nothing here unwraps a seed, so both :mod:`casework.people.principals_auth` (staff) and
:mod:`casework.people.filer_auth` (filers, on the gateway) use it. The TOTP secret is
encrypted under a key derived from the seed (it can be read only after the password unwrap
succeeded), a code whose time step is not newer than the last accepted one is refused (no
replay), and failures lock the account for a short, growing time (see
:mod:`casework.people.principals_auth` for the trade-off). Each attempt is counted under
the account's row lock and committed before its Argon2id run (:func:`charge`), and only
:func:`complete`, after a successful unwrap, clears the count: staff and filers get the
same lockout guarantee.
"""

from collections.abc import Collection
from datetime import datetime, timedelta

import pyotp
from sqlmodel import Session, select

from casework.people.principals import Principal, PrincipalStatus, Role
from casework.store.clock import utcnow
from casework.store.db import lock_for_update
from casework.store.sealing import open_field, seal_field
from crypto import principal_record_key

TOTP_INTERVAL_SECONDS = 30
TOTP_VALID_WINDOW = 1
TOTP_FIELD = "totp"
SLOW_DOWN_BASE = timedelta(seconds=1)
"""The first short lock; each further failure below the threshold doubles it."""

__all__ = [
    "SLOW_DOWN_BASE",
    "TOTP_INTERVAL_SECONDS",
    "TOTP_VALID_WINDOW",
    "charge",
    "complete",
    "count_failure",
    "new_totp_secret",
    "totp_ct",
    "totp_secret_of",
    "totp_step",
]


def totp_ct(seed: bytes, principal_id: str, totp_secret: str) -> bytes:
    """The TOTP secret encrypted under a key from the seed, bound to the principal row."""
    return seal_field(
        principal_record_key(seed), Principal, principal_id, TOTP_FIELD, totp_secret.encode()
    )


def totp_secret_of(principal: Principal, seed: bytes) -> str | None:
    """The principal's TOTP secret, decrypted with a key from its seed."""
    if principal.totp_ct is None:
        return None
    return open_field(
        principal_record_key(seed), Principal, principal.id, TOTP_FIELD, principal.totp_ct
    ).decode()


def new_totp_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def totp_step(secret: str, code: str, last_step: int) -> int | None:
    """The time step a code belongs to, if valid and newer than ``last_step``."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL_SECONDS)
    now = utcnow().timestamp()
    current = int(now // TOTP_INTERVAL_SECONDS)
    for step in range(current - TOTP_VALID_WINDOW, current + TOTP_VALID_WINDOW + 1):
        if step > last_step and pyotp.utils.strings_equal(
            totp.at(step * TOTP_INTERVAL_SECONDS), code
        ):
            return step
    return None


def count_failure(
    principal: Principal, now: datetime, lock_threshold: int, lock_for: timedelta
) -> None:
    """Count a failure: a short growing lock from the second one, ``lock_for`` at the threshold."""
    principal.failed_logins += 1
    if principal.failed_logins >= lock_threshold:
        principal.locked_until = now + lock_for
        principal.failed_logins = 0
    elif principal.failed_logins >= 2:
        pause = SLOW_DOWN_BASE * 2 ** (principal.failed_logins - 2)
        principal.locked_until = now + min(pause, lock_for)


def charge(
    session: Session,
    username: str,
    *,
    lock_threshold: int,
    lock_for: timedelta,
    roles: Collection[Role] | None = None,
) -> tuple[Principal | None, bool]:
    """Count the attempt as a failure before any key derivation, under the account's lock.

    ``username`` is compared as given (staff sign-in normalises what was typed; a filer's
    username is derived from their staff id's keyed hash and is case-sensitive).

    Returns the account (None for an unknown username, or one whose role is not among
    ``roles`` when given: filer sign-in never touches a staff account, nor staff sign-in a
    filer's) and whether the attempt may succeed at all: False when the account was already
    locked (such attempts neither count nor succeed). The row stays locked until the caller
    commits, so concurrent attempts on one account are counted one after the other and each
    sees the locks the previous ones set (issue 16: counting comes before deriving).
    """
    lock_for_update(session, Principal.__tablename__)
    query = select(Principal).where(Principal.username == username)
    principal = session.exec(query.with_for_update()).first()
    if principal is None or (roles is not None and principal.role not in roles):
        return None, False
    now = utcnow()
    if principal.locked_until is not None and principal.locked_until > now:
        return principal, False
    count_failure(principal, now, lock_threshold, lock_for)
    session.add(principal)
    session.flush()
    return principal, True


def complete(
    session: Session, *, principal_id: str, seed: bytes, totp_code: str, require_totp: bool
) -> Principal | None:
    """After a successful unwrap: check the code under the row lock, then clear the count.

    The code's time step is checked and recorded while the row is locked, so one code cannot
    sign in twice even when sent twice at once. Returns the locked principal (the caller may
    re-wrap its seed in the same transaction), or None when the account is no longer active
    or the code is wrong, missing or replayed (the failure stays counted by :func:`charge`).
    """
    lock_for_update(session, Principal.__tablename__)
    query = select(Principal).where(Principal.id == principal_id)
    principal = session.exec(query.with_for_update()).one()
    if principal.status != PrincipalStatus.ACTIVE:
        return None
    secret = totp_secret_of(principal, seed)
    if secret is None:
        step = principal.totp_last_step if not require_totp else None
    else:
        step = totp_step(secret, totp_code, principal.totp_last_step)
    if step is None:
        return None
    principal.failed_logins, principal.locked_until, principal.totp_last_step = 0, None, step
    session.add(principal)
    session.flush()
    return principal
