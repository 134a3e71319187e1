"""Filer sessions: the filer's seed split between the gateway cookie and the database.

Exactly as a reporter's session (:mod:`gateway.reporter_sessions`): after the password
unwrap (:mod:`casework.people.filer_auth`), the filer's seed is sealed under a fresh random
session key; the cookie carries the key, the database the ciphertext, and each request
rejoins them. The gateway never holds a seed between requests, and what it can unwrap at all
is only a filer's (G6). The same ``__Host-`` cookie name serves both kinds of session (the
row's kind tells them apart), so a browser is signed in as one person at a time and the
CSRF and malformed-cookie middleware need no second cookie.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session
from starlette.requests import Request

from casework.people.principals import Principal, PrincipalStatus, Role
from casework.people.sessions import SessionKind, begin_split_session, rejoin_split_session
from casework.store.db import transaction
from confide.web.cookies import decode_key, encode_key
from crypto import PrincipalKeys, derive_keys

from .reporter_sessions import cookie_value, finish_session

FILER_IDLE = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Filer:
    """A resumed filer session: the principal and their seed (in memory for one request)."""

    principal: Principal
    seed: bytes = field(repr=False)

    @property
    def keys(self) -> PrincipalKeys:
        """The filer's key pairs."""
        return derive_keys(self.seed)


def start_filer_session(
    *, session: Session, request: Request, principal_id: str, seed: bytes, lifetime: timedelta
) -> str:
    """End any session this browser had, store the new server half, return the cookie value."""
    finish_session(session=session, cookie=cookie_value(request))
    key = begin_split_session(
        session=session,
        secret=seed,
        kind=SessionKind.FILER,
        lifetime=lifetime,
        principal_id=principal_id,
    )
    return encode_key(key)


def resume_filer(*, session: Session, cookie: str | None) -> Filer | None:
    """The live filer session the cookie names, or None (absent, expired, idle, not a filer's)."""
    key = decode_key(cookie or "")
    if key is None:
        return None
    joined = rejoin_split_session(
        session=session, session_key=key, kind=SessionKind.FILER, idle=FILER_IDLE
    )
    if joined is None or joined[0].principal_id is None:
        return None
    principal = session.get(Principal, joined[0].principal_id)
    if (
        principal is None
        or principal.role != Role.FILER
        or principal.status != PrincipalStatus.ACTIVE
    ):
        return None
    return Filer(principal=principal, seed=joined[1])


def current_filer(request: Request) -> Filer | None:
    """The signed-in filer of this request, or None (runs in a worker thread)."""
    with transaction(request.app.state.engine) as session:
        return resume_filer(session=session, cookie=cookie_value(request))
