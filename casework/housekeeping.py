"""Housekeeping both apps and ``confide maintenance`` run: what must go, goes on time.

* Expired and idle session halves (:func:`casework.people.sessions.purge_expired`): each
  app runs this every ``maintenance_interval_seconds``, so a closed browser's server half
  is gone within one interval of its expiry, whether its cookie ever comes back or not.
* Crash leftovers in the blob store (:func:`casework.cases.leftovers.sweep_blobs`): at the
  gateway's start-up and in ``confide maintenance``.

Every function takes ``now`` from its caller's clock, so tests move time without sleeping.
"""

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from casework.cases.leftovers import BlobSweep, sweep_blobs
from casework.people.sessions import purge_expired
from casework.store.blobs import BlobStore
from casework.store.db import transaction


def purge_sessions(engine: Engine, *, now: datetime, staff_idle: timedelta) -> int:
    """Delete expired and idle session halves in one transaction; returns how many."""
    with transaction(engine) as session:
        return purge_expired(session=session, now=now, staff_idle=staff_idle)


def clean_blobs(engine: Engine, blobs: BlobStore, *, now: datetime) -> BlobSweep:
    """Remove partial uploads and orphan blobs (see :mod:`casework.cases.leftovers`)."""
    with transaction(engine) as session:
        return sweep_blobs(session=session, blobs=blobs, now=now)
