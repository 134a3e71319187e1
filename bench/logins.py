"""Phase 2: receipt login latency, one login at a time, with few and with many cases stored.

Each sample is what a returning reporter does: GET the follow-up page (its CSRF token), POST
the receipt (timed) and expect a 303 to the case page. The receipts are those of cases made
through the gateway at the start of the run, so every login does the full work: one
Argon2id run in the admission pool, one indexed lookup, a new session written.
"""

from __future__ import annotations

import ssl
from collections import Counter

from . import web
from .stats import summary_ms


async def measure(
    base: str, receipts: list[str], samples: int, *, verify: ssl.SSLContext | bool = True
) -> dict:
    """Log in ``samples`` times, cycling through ``receipts``."""
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    async with web.client(4, verify=verify) as http:
        await web.log_in(http, base, receipts[0], await web.login_token(http, base))  # warm-up
        for i in range(samples):
            token = await web.login_token(http, base)
            outcome = await web.log_in(http, base, receipts[i % len(receipts)], token)
            statuses[str(outcome.status)] += 1
            if outcome.status == 303:
                latencies.append(outcome.seconds)
    return {**summary_ms(latencies), "statuses": dict(statuses)}
