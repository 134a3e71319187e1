"""Expired and idle session halves are deleted by the server, on a clock, without the cookie."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlmodel import select
from starlette.testclient import TestClient

from casework.housekeeping import purge_sessions
from casework.people.sessions import SessionKind, WebSession, store_session
from casework.store.clock import utcnow
from casework.store.db import transaction
from confide.settings import Settings

IDLE = timedelta(minutes=15)
PATIENCE_SECONDS = 15


def _session(engine, kind: SessionKind, lifetime: timedelta, principal_id=None) -> bytes:
    lookup_id = bytes([len(_ids(engine)) + 1]) * 32
    with transaction(engine) as session:
        store_session(
            session=session,
            lookup_id=lookup_id,
            kind=kind,
            server_half=b"half",
            lifetime=lifetime,
            principal_id=principal_id,
        )
    return lookup_id


def _ids(engine) -> set[bytes]:
    with transaction(engine) as session:
        return {row.id for row in session.exec(select(WebSession))}


def test_purge_removes_expired_and_idle_and_keeps_live(office) -> None:
    """An hour later: the expired one and the idle staff one are gone, the long one stays."""
    olga = office.person("olga")
    expired = _session(office.engine, SessionKind.REPORTER, timedelta(minutes=30))
    idle = _session(office.engine, SessionKind.STAFF, timedelta(hours=8), olga.id)
    live = _session(office.engine, SessionKind.REPORTER, timedelta(hours=2))

    removed = purge_sessions(office.engine, now=utcnow() + timedelta(hours=1), staff_idle=IDLE)

    assert removed == 2
    assert _ids(office.engine) == {live}
    assert expired not in _ids(office.engine) and idle not in _ids(office.engine)


def test_purge_now_keeps_everything_live(office) -> None:
    """Run at once, nothing is young enough to go: purging is not signing people out."""
    olga = office.person("olga")
    _session(office.engine, SessionKind.STAFF, timedelta(hours=8), olga.id)
    _session(office.engine, SessionKind.REPORTER, timedelta(minutes=30))

    assert purge_sessions(office.engine, now=utcnow(), staff_idle=IDLE) == 0
    assert len(_ids(office.engine)) == 2


def _wait_until_gone(engine) -> set[bytes]:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while (left := _ids(engine)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_console_purges_on_its_own(settings: Settings, office) -> None:
    """The console's periodic task deletes an idle officer's half with no request for it."""
    from reviewer_console.app import create_app

    olga = office.person("olga")
    app = create_app(settings.with_overrides(maintenance_interval_seconds=1))
    _session(office.engine, SessionKind.STAFF, timedelta(hours=8), olga.id)
    with TestClient(app):
        app.state.clock = lambda: utcnow() + IDLE + timedelta(minutes=1)

        left = _wait_until_gone(office.engine)

    assert left == set()


def test_gateway_purges_on_its_own(settings: Settings, office) -> None:
    """The gateway's periodic task deletes an expired reporter half."""
    from gateway.app import create_app

    app = create_app(settings.with_overrides(maintenance_interval_seconds=1))
    _session(office.engine, SessionKind.REPORTER, timedelta(minutes=30))
    with TestClient(app):
        app.state.clock = lambda: utcnow() + timedelta(hours=1)

        left = _wait_until_gone(office.engine)

    assert left == set()
