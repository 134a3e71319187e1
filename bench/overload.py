"""Phase 5: a burst of concurrent receipt logins, while an officer keeps using the console.

``clients`` simulated reporters each hold a follow-up page (one CSRF token) and post a
valid receipt again and again, with no pause, for the phase's duration: the impatient or
hostile worst case, which does not honour ``Retry-After``. The gateway must answer each
with a login (303 to the case page) or a deliberate 503 carrying ``Retry-After``; any other
status, a 503 without the header, or a failed connection is counted apart. Meanwhile a
prober in its own process reads the console inbox, and the gateway's resident memory is
sampled: it must stay under its resident size before the burst plus one KDF's memory per
pool thread plus a constant allowance for connections and buffers.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections import Counter

import httpx

from . import probe, web
from .servers import MemorySampler, Server
from .stats import summary_ms

CONSTANT_ALLOWANCE_MIB = 64


async def _burst(base: str, receipts: list[str], clients: int, seconds: float) -> dict:
    statuses: Counter[str] = Counter()
    missing_retry_after = 0
    latencies: list[float] = []
    async with web.client(clients + 8) as http:
        semaphore = asyncio.Semaphore(16)

        async def token() -> str:
            async with semaphore:
                return await web.login_token(http, base)

        tokens = await asyncio.gather(*(token() for _ in range(clients)))
        started = time.perf_counter()
        deadline = started + seconds

        async def reporter(number: int) -> None:
            nonlocal missing_retry_after
            receipt = receipts[number % len(receipts)]
            while time.perf_counter() < deadline:
                try:
                    outcome = await web.log_in(http, base, receipt, tokens[number])
                except httpx.HTTPError as exc:
                    statuses[type(exc).__name__] += 1
                    continue
                statuses[str(outcome.status)] += 1
                if outcome.status == 503 and outcome.retry_after is None:
                    missing_retry_after += 1
                if outcome.status == 303:
                    latencies.append(outcome.seconds)

        await asyncio.gather(*(reporter(n) for n in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "statuses": dict(statuses),
        "missing_retry_after": missing_retry_after,
        "logins_per_s": round(statuses.get("303", 0) / elapsed, 3),
        "login_latency": summary_ms(latencies),
    }


def measure(
    gateway: Server,
    console: Server,
    console_cookie: str,
    receipts: list[str],
    *,
    clients: int,
    seconds: float,
    interval: float,
    pool_size: int,
    kdf_memory_kib: int,
) -> dict:
    """Run the burst with the console prober and the memory sampler alongside."""
    context = multiprocessing.get_context("spawn")
    stop_reader, stop_writer = context.Pipe(duplex=False)
    out_reader, out_writer = context.Pipe(duplex=False)
    prober = context.Process(
        target=probe.run,
        args=(
            f"{console.url}/inbox",
            f"{web.CONSOLE_COOKIE}={console_cookie}",
            stop_reader,
            out_writer,
        ),
    )
    with MemorySampler([gateway], interval) as memory:
        prober.start()
        out_reader.recv()  # the prober has made its warm-up request
        burst = asyncio.run(_burst(gateway.url, receipts, clients, seconds))
        stop_writer.send(True)
        times, probe_statuses = out_reader.recv()
        prober.join()
    figures = memory.figures()["gateway"]
    bound = figures["rss_before_mib"] + pool_size * kdf_memory_kib / 1024 + CONSTANT_ALLOWANCE_MIB
    return {
        **burst,
        "gateway_memory": figures,
        "gateway_memory_bound_mib": round(bound, 1),
        "bound_formula": (
            f"rss before ({figures['rss_before_mib']} MiB) + pool {pool_size} x "
            f"{kdf_memory_kib // 1024} MiB + {CONSTANT_ALLOWANCE_MIB} MiB"
        ),
        "console_inbox_during": {**summary_ms(times), "statuses": probe_statuses},
    }
