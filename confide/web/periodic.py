"""A periodic task for an app's lifespan (session purging, issue 16 point 4).

Each app runs its housekeeping every ``maintenance_interval_seconds`` on a worker thread, so
the event loop never waits for the database. A failure is logged (its type only, never a
value) and the next round runs as usual: housekeeping must never take the app down.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import structlog
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool

from casework.housekeeping import purge_sessions
from confide.settings import Settings


@asynccontextmanager
async def every(seconds: float, work: Callable[[], object], *, name: str) -> AsyncIterator[None]:
    """Run ``work`` every ``seconds`` while the context is open."""

    async def rounds() -> None:
        log = structlog.get_logger()
        while True:
            await asyncio.sleep(seconds)
            try:
                outcome = await run_in_threadpool(work)
            except Exception as error:  # noqa: BLE001 - logged; the next round still runs
                log.error("housekeeping.failed", task=name, error=type(error).__name__)  # noqa: TRY400 - no traceback: it could carry values
            else:
                if outcome:
                    log.info("housekeeping.done", task=name, removed=outcome)

    task = asyncio.create_task(rounds(), name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def purging_sessions(
    app: Starlette, engine: Engine, settings: Settings
) -> contextlib.AbstractAsyncContextManager[None]:
    """The session purge both apps run, on ``app.state.clock`` (a test can move it)."""

    def purge() -> int:
        return purge_sessions(engine, now=app.state.clock(), staff_idle=settings.staff_idle)

    return every(settings.maintenance_interval_seconds, purge, name="sessions")
