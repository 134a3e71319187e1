"""Reporter sessions: a split key between the ``__Host-`` cookie and the database.

No cookie exists until a reporter submits a report or logs in with a receipt. Then the
receipt's seed is sealed under a fresh random session key (:func:`crypto.seal_session`):
the cookie carries only that key (base64url), the database only the ciphertext, stored
under :func:`crypto.session_lookup_id` of the key (:mod:`casework.people.sessions`). Each
request rejoins the halves, derives the reporter's keys and opens the case key sealed to
them; the receipt itself is never kept. Logout and expiry delete the server half, after
which the cookie opens nothing.

The cookie is ``__Host-confide-r``: ``Secure`` (so only over HTTPS, which the gateway always
is in deployment, directly or behind a TLS-terminating proxy or onion service), ``HttpOnly``,
``SameSite=Strict``, ``Path=/`` and no ``Domain`` (what the ``__Host-`` prefix demands).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from casework.cases.reporter_view import reporter_case_key_for
from casework.people.sessions import (
    SessionKind,
    begin_split_session,
    end_session,
    rejoin_split_session,
)
from confide.web.cookies import decode_key, encode_key
from crypto import (
    CryptoError,
    PrincipalKeys,
    derive_keys,
    session_lookup_id,
)

COOKIE_NAME = "__Host-confide-r"


@dataclass(frozen=True, slots=True)
class Reporter:
    """A resumed reporter session: the case it opens, that case's key, the receipt keys."""

    case_id: str
    case_key: bytes
    keys: PrincipalKeys = field(repr=False)


def cookie_value(request: Request) -> str | None:
    """The session cookie (a reporter's or a filer's) sent with ``request``, if any."""
    return request.cookies.get(COOKIE_NAME) or None


def start_session(*, session: Session, case_id: str, seed: bytes, lifetime: timedelta) -> str:
    """Store the server half for ``case_id``; return the cookie value."""
    session_key = begin_split_session(
        session=session, secret=seed, kind=SessionKind.REPORTER, lifetime=lifetime, case_id=case_id
    )
    return encode_key(session_key)


def resume_session(*, session: Session, cookie: str | None) -> Reporter | None:
    """Rejoin the halves of a live session; None when absent, expired or not a reporter's."""
    key = decode_key(cookie or "")
    if key is None:
        return None
    joined = rejoin_split_session(
        session=session, session_key=key, kind=SessionKind.REPORTER, idle=None
    )
    if joined is None:
        return None
    row, seed = joined
    if row.case_id is None:
        return None
    case_id = row.case_id
    try:
        keys = derive_keys(seed)
        case_key = reporter_case_key_for(session=session, case_id=case_id, keys=keys)
    except CryptoError:
        return None
    if case_key is None:
        return None
    return Reporter(case_id=case_id, case_key=case_key, keys=keys)


def finish_session(*, session: Session, cookie: str | None) -> None:
    """Delete the server half named by ``cookie`` (logout)."""
    key = decode_key(cookie or "")
    if key is not None:
        end_session(session=session, lookup_id=session_lookup_id(key))


def set_cookie(response: Response, value: str, *, max_age: int) -> None:
    """Send the session cookie."""
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=max_age,
        path="/",
        secure=True,
        httponly=True,
        samesite="strict",
    )


def clear_cookie(response: Response) -> None:
    """Tell the browser to forget the session cookie."""
    response.delete_cookie(COOKIE_NAME, path="/", secure=True, httponly=True, samesite="strict")
