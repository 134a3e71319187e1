"""Phase 1: reports per second at a fixed number of concurrent reporters.

Each simulated reporter loops for the phase's duration: GET the form (for its CSRF token),
POST a valid report (timed). A 503 is the gateway's deliberate refusal when its Argon2id
pool and queue are full; it must carry ``Retry-After``, and the reporter waits that long
before sending the re-rendered form again, as the page asks a person to (a 503 without it
counts as an error).
Throughput counts the reports whose receipt page arrived inside the window; reports still
in flight at the deadline finish (their latency is kept) but do not count.

A reporter that waited out a ``Retry-After`` longer than uvicorn's keep-alive timeout (5 s)
must not reuse its idle connection: the server may close it just as the next request goes
out, which a browser would retry silently but an HTTP client reports as an error. So idle
connections are kept only :data:`KEEPALIVE_SECONDS`, well under the server's timeout.

Each reporter has its own client, as each is its own browser, made before the clock starts.
One client shared by 64 reporters cost the harness about three times the CPU per request
(its connection pool scans every connection on each request), and the harness shares the
cores the gateway derives keys on.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections import Counter

import httpx

from . import web
from .stats import summary_ms

KEEPALIVE_SECONDS = 2.0


async def run_level(
    base: str,
    concurrency: int,
    seconds: float,
    max_requests: int,
    *,
    verify: ssl.SSLContext | bool = True,
) -> dict:
    """Drive ``concurrency`` reporters for ``seconds`` (or ``max_requests`` attempts)."""
    started = deadline = 0.0
    latencies: list[float] = []
    finished_at: list[float] = []
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    issued = 0

    async def reporter(http: httpx.AsyncClient) -> None:
        nonlocal issued
        token: str | None = None
        while time.perf_counter() < deadline and issued < max_requests:
            issued += 1
            try:
                outcome = await web.submit_report(http, base, token)
                token = outcome.token
            except (httpx.HTTPError, ValueError) as exc:
                statuses["exception"] += 1
                errors[type(exc).__name__] += 1
                continue
            statuses[str(outcome.status)] += 1
            if outcome.status == 200:
                latencies.append(outcome.seconds)
                finished_at.append(time.perf_counter())
            elif outcome.status == 503 and outcome.retry_after is not None:
                await asyncio.sleep(
                    min(outcome.retry_after, max(0.0, deadline - time.perf_counter()))
                )
            else:
                errors[f"status {outcome.status}"] += 1

    async with contextlib.AsyncExitStack() as stack:
        browsers = await _browsers(stack, concurrency, verify)
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(reporter(http) for http in browsers))
    return _level_result(
        concurrency,
        started=started,
        deadline=deadline,
        latencies=latencies,
        finished_at=finished_at,
        statuses=statuses,
        errors=errors,
    )


async def _browsers(
    stack: contextlib.AsyncExitStack, concurrency: int, verify: ssl.SSLContext | bool
) -> list[httpx.AsyncClient]:
    """One client per simulated reporter (a shared one costs the harness about 3x the CPU)."""
    limits = httpx.Limits(
        max_connections=2, max_keepalive_connections=2, keepalive_expiry=KEEPALIVE_SECONDS
    )
    context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify)
    return [
        await stack.enter_async_context(
            httpx.AsyncClient(
                timeout=web.TIMEOUT, limits=limits, verify=context, cookies=web.no_cookies()
            )
        )
        for _ in range(concurrency)
    ]


def _level_result(
    concurrency: int,
    *,
    started: float,
    deadline: float,
    latencies: list[float],
    finished_at: list[float],
    statuses: Counter[str],
    errors: Counter[str],
) -> dict:
    """The figures of one level, counted over the window in which reports completed."""
    window_end = min(deadline, max(finished_at, default=deadline))
    in_window = sum(1 for t in finished_at if t <= window_end)
    window = max(window_end - started, 1e-6)
    return {
        "concurrency": concurrency,
        "seconds": round(window, 2),
        "accepted": len(latencies),
        "reports_per_s": round(in_window / window, 3),
        **summary_ms(latencies),
        "rejected_503": statuses.get("503", 0),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "statuses": dict(statuses),
    }
