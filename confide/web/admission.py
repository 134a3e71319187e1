"""Admission control for Argon2id work: a bounded pool with a bounded queue.

Both apps use it: the gateway for every receipt derivation (one at each submission, one at
each follow-up login), the console for every sign-in (one password unwrap, whether the
username exists or not). Each costs Argon2id time and memory (64 MiB, 3 passes in
production). Left unbounded, a burst of
logins, honest or not, would queue without limit, exhaust memory and make every request
slow. So the gateway runs that work in a dedicated :class:`ThreadPoolExecutor` of
``pool_size`` threads (one per core by default: argon2-cffi releases the GIL, so the
threads really run in parallel), and admits at most ``pool_size + queue`` requests into it
at a time, counted by a plain counter that only the event loop touches. The
:class:`asyncio.Semaphore` of ``pool_size`` keeps the executor's own queue empty, so a
request that was admitted waits on the event loop, where it costs nothing.

A request that finds every slot taken is refused at once, before any work or write: the
web layer answers 503 with ``Retry-After`` and shows the form again with what was typed
(never the password). At the console this keeps a sign-in flood from taking the threads
and memory that signed-in officers' pages need (issue 16, point 7: 120 unbounded sign-ins
had grown the console by about 1 GiB and slowed the inbox to 14-22 s). The suggested
delay comes from a moving average of recent runs times the length of the line ahead, so it
grows with the real load. This bounds guessing receipts online
(DESIGN.md, G5) as much as it protects the service.

The line ahead of a refused request is not only what was admitted: everyone refused in the
last moments was told when to come back, and will be ahead of it then. So the times given
out are remembered (a count of promised returns, nothing about who was told) until they
pass, and each refusal is told to come back after them. Without that, every refused
reporter was told the same second, they all came back together, most were refused again,
and each refusal cost a form rendered and sent for nothing: with a fast Argon2id most of
the event loop's time at 64 reporters. At most :data:`REMEMBERED_PER_SLOT` promises per
slot are remembered, so that clients who ignore ``Retry-After`` cannot push the delay
told to everyone else beyond a few lines' worth.

Admission is per process; with several replicas, each bounds its own share.
"""

from __future__ import annotations

import asyncio
import heapq
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

INITIAL_ESTIMATE_SECONDS = 0.5
SMOOTHING = 0.2
MIN_RETRY_AFTER_SECONDS = 1
MAX_RETRY_AFTER_SECONDS = 120
REMEMBERED_PER_SLOT = 4


class Ticket:
    """Proof of admission; give it back with :meth:`Admission.release` (or use ``with``)."""

    def __init__(self, admission: Admission) -> None:
        """Hold one slot of ``admission``."""
        self._admission: Admission | None = admission

    def release(self) -> None:
        """Give the slot back (idempotent)."""
        if self._admission is not None:
            self._admission.release()
            self._admission = None

    def __enter__(self) -> Ticket:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class Admission:
    """A bounded pool for expensive, GIL-releasing work, with fast refusal past a bound."""

    def __init__(self, *, pool_size: int, queue: int) -> None:
        """Allow ``pool_size`` runs at once and ``queue`` more requests waiting."""
        if pool_size < 1 or queue < 0:
            raise ValueError("the pool needs at least one thread and a non-negative queue")
        self.pool_size = pool_size
        self.limit = pool_size + queue
        self.admitted = 0
        self._executor = ThreadPoolExecutor(max_workers=pool_size, thread_name_prefix="kdf")
        self._running: asyncio.Semaphore | None = None
        self._estimate = INITIAL_ESTIMATE_SECONDS
        self._promised: list[float] = []  # a heap of the times refused clients come back

    @property
    def saturated(self) -> bool:
        """Whether the next request would be refused."""
        return self.admitted >= self.limit

    def try_admit(self) -> Ticket | None:
        """Take a slot if one is free; never waits."""
        if self.saturated:
            return None
        self.admitted += 1
        return Ticket(self)

    def release(self) -> None:
        """Return a slot (called by :meth:`Ticket.release`)."""
        self.admitted = max(0, self.admitted - 1)

    def retry_after(self) -> int:
        """Seconds a refused client should wait: about when the line ahead has been served.

        The line ahead is every admitted request and every refused client told to come back
        later than now. Rounded down, so that clients who come back on time find the last
        of the line still being served and the pool never idles between a queue draining
        and the retries arriving (rounding up left it idle for up to a second per wave).
        The answer is remembered as one more promised return.
        """
        now = time.monotonic()
        while self._promised and self._promised[0] <= now:
            heapq.heappop(self._promised)
        ahead = self.admitted + len(self._promised)
        rounds = math.ceil((ahead + 1) / self.pool_size)
        seconds = math.floor(rounds * self._estimate)
        seconds = max(MIN_RETRY_AFTER_SECONDS, min(MAX_RETRY_AFTER_SECONDS, seconds))
        if len(self._promised) < REMEMBERED_PER_SLOT * self.limit:
            heapq.heappush(self._promised, now + seconds)
        return seconds

    async def run(self, ticket: Ticket, work: Callable[[], T]) -> T:
        """Run ``work`` in the pool for an admitted request.

        Args:
            ticket: the request's ticket (admission was granted).
            work: a blocking callable (an Argon2id derivation).

        Returns:
            What ``work`` returned.
        """
        if ticket._admission is not self:
            raise RuntimeError("run needs a ticket of this pool")
        if self._running is None:
            self._running = asyncio.Semaphore(self.pool_size)
        async with self._running:
            started = time.monotonic()
            result = await asyncio.get_running_loop().run_in_executor(self._executor, work)
            elapsed = time.monotonic() - started
            self._estimate += SMOOTHING * (elapsed - self._estimate)
            return result

    def close(self) -> None:
        """Stop the pool's threads (at shutdown)."""
        self._executor.shutdown(wait=True, cancel_futures=True)
