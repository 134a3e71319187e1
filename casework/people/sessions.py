"""Server halves of split-key sessions (see :mod:`crypto._sessions`).

The row is keyed by a hash of the session key that lives only in the cookie; it holds the
unwrapped seed encrypted under that key. Logout or expiry deletes the row, and with it the
only copy of the server half.
"""

import enum
from datetime import datetime, timedelta

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, Session, SQLModel, col, delete

from casework.store.clock import utcnow
from crypto import CryptoError, open_session, seal_session, session_lookup_id

TOUCH_INTERVAL = timedelta(minutes=1)


class SessionKind(enum.StrEnum):
    """Which app and which sort of person a session belongs to."""

    STAFF = "staff"
    REPORTER = "reporter"
    FILER = "filer"


class WebSession(SQLModel, table=True):
    """One signed-in browser: the encrypted half of the session secret."""

    __tablename__ = "web_session"

    id: bytes = Field(sa_column=Column(LargeBinary(32), primary_key=True))
    kind: str = Field(max_length=16)
    principal_id: str | None = Field(default=None, foreign_key="principal.id", max_length=32)
    case_id: str | None = Field(default=None, foreign_key="case.id", max_length=32)
    server_half: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)


def store_session(
    *,
    session: Session,
    lookup_id: bytes,
    kind: SessionKind,
    server_half: bytes,
    lifetime: timedelta,
    principal_id: str | None = None,
    case_id: str | None = None,
) -> WebSession:
    """Keep the server half of a new session."""
    now = utcnow()
    row = WebSession(
        id=lookup_id,
        kind=kind,
        principal_id=principal_id,
        case_id=case_id,
        server_half=server_half,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return row


def load_session(
    *, session: Session, lookup_id: bytes, idle: timedelta | None
) -> WebSession | None:
    """The live session with this id, touched; None (and deleted) when expired or idle.

    The last-seen time is written at most once per :data:`TOUCH_INTERVAL`, so that a page
    view is a read and not a write (idle timeouts are minutes long; a minute's slack is
    invisible to them, and it spares every request a row update and its commit).
    """
    row = session.get(WebSession, lookup_id)
    if row is None:
        return None
    now = utcnow()
    if now >= row.expires_at or (idle is not None and now - row.last_seen_at >= idle):
        session.delete(row)
        session.flush()
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        session.add(row)
        session.flush()
    return row


def end_session(*, session: Session, lookup_id: bytes) -> None:
    """Delete the server half (logout)."""
    session.exec(delete(WebSession).where(col(WebSession.id) == lookup_id))
    session.flush()


def purge_expired(*, session: Session, now: datetime, staff_idle: timedelta) -> int:
    """Delete every expired server half, and every idle staff one; returns how many.

    Rows otherwise go only when their cookie comes back, so a browser that is simply
    closed would leave a server half that, with the old cookie and a copy of the
    database, opens the seed offline. Both apps run this periodically, and
    ``confide maintenance`` does too (issue 16, point 4).

    Args:
        session: the open transaction.
        now: the current time (from the caller's clock).
        staff_idle: the console's idle timeout (reporter sessions have only a lifetime).
    """
    idle_staff = (col(WebSession.kind) == SessionKind.STAFF) & (
        col(WebSession.last_seen_at) <= now - staff_idle
    )
    result = session.exec(
        delete(WebSession).where((col(WebSession.expires_at) <= now) | idle_staff)
    )
    session.flush()
    return int(result.rowcount or 0)


def end_sessions_of(*, session: Session, principal_id: str, keep: bytes | None = None) -> int:
    """Delete every server half of a principal (disabled account, password change or reset).

    ``keep`` spares one session: the one that changed the password goes on, every other
    browser (perhaps the one whose theft prompted the change) is signed out.
    """
    query = delete(WebSession).where(col(WebSession.principal_id) == principal_id)
    if keep is not None:
        query = query.where(col(WebSession.id) != keep)
    result = session.exec(query)
    session.flush()
    return int(result.rowcount or 0)


def begin_split_session(
    *,
    session: Session,
    secret: bytes,
    kind: SessionKind,
    lifetime: timedelta,
    principal_id: str | None = None,
    case_id: str | None = None,
) -> bytes:
    """Seal ``secret`` under a fresh session key, keep the server half, return the key.

    The key is the cookie's half; it is never stored (see :mod:`crypto._sessions`).
    """
    session_key, server_half = seal_session(secret)
    store_session(
        session=session,
        lookup_id=session_lookup_id(session_key),
        kind=kind,
        server_half=server_half,
        lifetime=lifetime,
        principal_id=principal_id,
        case_id=case_id,
    )
    return session_key


def rejoin_split_session(
    *, session: Session, session_key: bytes, kind: SessionKind, idle: timedelta | None
) -> tuple[WebSession, bytes] | None:
    """The live session of ``kind`` that ``session_key`` names, and its secret; else None.

    None when the key is malformed, the row is missing, expired, idle or of another kind, or
    the two halves do not belong together.
    """
    try:
        lookup_id = session_lookup_id(session_key)
    except CryptoError:
        return None
    row = load_session(session=session, lookup_id=lookup_id, idle=idle)
    if row is None or row.kind != kind:
        return None
    try:
        return row, open_session(session_key, row.server_half)
    except CryptoError:
        return None
