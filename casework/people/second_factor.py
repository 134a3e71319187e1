"""The second factor and the brakes on guessing, shared by staff and filer sign-in.

Nothing here unwraps a seed, so both :mod:`casework.people.principals_auth` (staff) and
:mod:`casework.people.filer_auth` (filers, on the gateway) use it. The TOTP secret is
encrypted under a key derived from the seed (it can be read only after the password unwrap
succeeded), a code whose time step is not newer than the last accepted one is refused (no
replay), and failures lock the account for a short, growing time (see
:mod:`casework.people.principals_auth` for the trade-off).
"""

from datetime import datetime, timedelta

import pyotp

from casework.people.principals import Principal, PrincipalStatus
from casework.store.clock import utcnow
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
    "count_failure",
    "new_totp_secret",
    "settle_sign_in",
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


def settle_sign_in(
    principal: Principal,
    seed: bytes | None,
    totp_code: str,
    *,
    require_totp: bool,
    lock_threshold: int,
    lock_for: timedelta,
) -> bool:
    """After the password unwrap: the lock, the account's status and the TOTP code decide.

    A success clears the failure counters and spends the code's time step; a failure is
    counted (unless the account is already locked, see :func:`count_failure`). The caller
    stores the principal either way. Shared by staff and filer sign-in, which differ only
    in which wraps they may unwrap.

    Returns:
        Whether the sign-in succeeds.
    """
    now = utcnow()
    locked = principal.locked_until is not None and principal.locked_until > now
    step: int | None = None
    if seed is not None and not locked and principal.status == PrincipalStatus.ACTIVE:
        secret = totp_secret_of(principal, seed)
        if secret is None:
            step = None if require_totp else principal.totp_last_step
        else:
            step = totp_step(secret, totp_code, principal.totp_last_step)
    if step is None:
        if not locked:
            count_failure(principal, now, lock_threshold, lock_for)
        return False
    principal.failed_logins, principal.locked_until, principal.totp_last_step = 0, None, step
    return True
