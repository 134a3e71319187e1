"""Reporter sessions: a split key between the ``__Host-`` cookie and the database.

No cookie exists until a reporter submits a report or logs in with a receipt. Then the
receipt's seed is sealed under a fresh random session key (:func:`crypto.seal_session`):
the cookie carries only that key (base64url), the database only the ciphertext, stored
under :func:`crypto.session_lookup_id` of the key (:mod:`casework.people.sessions`). Each
request rejoins the halves, derives the reporter's keys and opens the case key sealed to
them; the receipt itself is never kept. Logout and expiry delete the server half, after
which the cookie opens nothing.

The session that a submission starts also carries the new receipt, sealed with the seed
under the same session key, so that the receipt page can be a plain GET after the POST
(post/redirect/get): reloading it, or coming Back to it, shows the receipt again for as long
as that session lives, and never resubmits the form. Neither half alone reveals it; logout
and expiry delete it with the server half. A session started by logging in with a receipt
carries no receipt (the reporter just typed it).

The cookie is ``__Host-confide-r``: ``Secure`` (so only over HTTPS, which the gateway always
is in deployment, directly or behind a TLS-terminating proxy or onion service), ``HttpOnly``,
``SameSite=Strict``, ``Path=/`` and no ``Domain`` (what the ``__Host-`` prefix demands).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

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
from casework.store.db import transaction
from confide.web.cookies import decode_key, encode_key
from crypto import (
    SEED_BYTES,
    CryptoError,
    PrincipalKeys,
    derive_keys,
    session_lookup_id,
)

COOKIE_NAME = "__Host-confide-r"
COOKIE_GRACE_SECONDS = 12 * 60 * 60
"""How long the cookie outlives its server half. Expiry is the server's (the half is
deleted); the browser keeps sending the dead key a while longer so that a message written
as the session ended still passes the CSRF check, reaches the app and is shown back with a
"sign in again" notice instead of being refused as a stranger's form. The dead key opens
nothing."""


@dataclass(frozen=True, slots=True)
class Reporter:
    """A resumed reporter session: the case it opens, that case's key, the receipt keys.

    ``receipt`` is the new receipt's digits in the session its submission started, else "".
    """

    case_id: str
    case_key: bytes
    keys: PrincipalKeys = field(repr=False)
    receipt: str = field(default="", repr=False)
    expires_at: datetime | None = None


def cookie_value(request: Request) -> str | None:
    """The session cookie (a reporter's or a filer's) sent with ``request``, if any."""
    return request.cookies.get(COOKIE_NAME) or None


def start_session(
    *, session: Session, case_id: str, seed: bytes, lifetime: timedelta, receipt: str = ""
) -> str:
    """Store the server half for ``case_id`` (with ``receipt``, if given); return the cookie."""
    session_key = begin_split_session(
        session=session,
        secret=seed + receipt.encode("ascii"),
        kind=SessionKind.REPORTER,
        lifetime=lifetime,
        case_id=case_id,
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
    row, secret = joined
    if row.case_id is None:
        return None
    case_id = row.case_id
    seed, receipt = secret[:SEED_BYTES], secret[SEED_BYTES:].decode("ascii", "replace")
    try:
        keys = derive_keys(seed)
        case_key = reporter_case_key_for(session=session, case_id=case_id, keys=keys)
    except CryptoError:
        return None
    if case_key is None:
        return None
    return Reporter(
        case_id=case_id,
        case_key=case_key,
        keys=keys,
        receipt=receipt,
        expires_at=row.expires_at,
    )


def resume_reporter(request: Request) -> Reporter | None:
    """The live session ``request``'s cookie names (one transaction; call it in a thread)."""
    with transaction(request.app.state.engine) as session:
        return resume_session(session=session, cookie=cookie_value(request))


def finish_session(*, session: Session, cookie: str | None) -> None:
    """Delete the server half named by ``cookie`` (logout)."""
    key = decode_key(cookie or "")
    if key is not None:
        end_session(session=session, lookup_id=session_lookup_id(key))


def set_cookie(response: Response, value: str, *, max_age: int) -> None:
    """Send the session cookie, kept ``COOKIE_GRACE_SECONDS`` longer than the session."""
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=max_age + COOKIE_GRACE_SECONDS,
        path="/",
        secure=True,
        httponly=True,
        samesite="strict",
    )


def clear_cookie(response: Response) -> None:
    """Tell the browser to forget the session cookie."""
    response.delete_cookie(COOKIE_NAME, path="/", secure=True, httponly=True, samesite="strict")
