"""Split-key staff sessions: the seed's ciphertext in the database, its key in the cookie.

At sign-in the unwrapped seed is sealed under a fresh random session key
(:func:`crypto.seal_session`). The server half is stored in ``web_session`` under
:func:`crypto.session_lookup_id` of the key; the key itself travels only in the
``__Host-confide-s`` cookie (Secure, HttpOnly, SameSite=Strict, Path=/, no Domain: the
``__Host-`` prefix makes the browser enforce the last three). Neither half alone opens
anything: a database dump holds ciphertext, a stolen cookie names a row that logout, idle
timeout (``session_idle_seconds``), the absolute limit (``session_absolute_seconds``),
disabling the account or a password reset has deleted. Every request rejoins the halves, so
the seed exists in memory only while a request is served, and any replica can serve it.

Only ``staff`` rows are honoured here: a reporter's gateway session, even presented under
the console's cookie name, opens nothing.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from sqlmodel import Session

from casework.people.principals import Principal, PrincipalStatus, Role
from casework.people.sessions import (
    SessionKind,
    begin_split_session,
    end_session,
    rejoin_split_session,
)
from confide.settings import Settings
from confide.web.cookies import decode_key, encode_key
from crypto import (
    PrincipalKeys,
    derive_keys,
)

COOKIE_NAME = "__Host-confide-s"


@dataclass(frozen=True)
class Staff:
    """The signed-in principal of one request, with its seed rejoined from both halves."""

    principal_id: str
    username: str
    role: Role
    seed: bytes
    lookup_id: bytes

    @cached_property
    def keys(self) -> PrincipalKeys:
        """The principal's key pairs (derived on first use)."""
        return derive_keys(self.seed)


def start(*, session: Session, principal: Principal, seed: bytes, settings: Settings) -> str:
    """Store the server half of a new session; return the cookie value (the key)."""
    session_key = begin_split_session(
        session=session,
        secret=seed,
        kind=SessionKind.STAFF,
        lifetime=timedelta(seconds=settings.session_absolute_seconds),
        principal_id=principal.id,
    )
    return encode_key(session_key)


def resume(*, session: Session, cookie: str | None, settings: Settings) -> Staff | None:
    """Rejoin a session from its cookie, or None when either half is missing or stale."""
    session_key = decode_key(cookie) if cookie else None
    if session_key is None:
        return None
    idle = timedelta(seconds=settings.session_idle_seconds)
    joined = rejoin_split_session(
        session=session, session_key=session_key, kind=SessionKind.STAFF, idle=idle
    )
    if joined is None or joined[0].principal_id is None:
        return None
    row, seed = joined
    lookup_id = row.id
    principal = session.get(Principal, row.principal_id)
    if principal is None or principal.status != PrincipalStatus.ACTIVE:
        end_session(session=session, lookup_id=lookup_id)
        return None
    return Staff(principal.id, principal.username, Role(principal.role), seed, lookup_id)


def finish(*, session: Session, staff: Staff) -> None:
    """Log out: delete the server half."""
    end_session(session=session, lookup_id=staff.lookup_id)
