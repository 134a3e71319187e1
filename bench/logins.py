"""Phase 2: receipt login latency, one login at a time, with few and with many cases stored.

Each sample is what a returning reporter does: GET the follow-up page (its CSRF token), POST
the receipt (timed) and expect a 303 to the case page. The receipts are those of cases made
through the gateway at the start of the run, so every login does the full work: one
Argon2id run in the admission pool, one indexed lookup, a new session written.

With ``wrong=True`` every sample posts a fresh random receipt instead and expects the one
refusal (403) a mistyped or unknown receipt gets: the same Argon2id run and the same lookup,
so its latency should match a right receipt's (DESIGN.md, G5; STYLE.md, equal work).
"""

from __future__ import annotations

import ssl
from collections import Counter

from crypto import generate_receipt

from . import web
from .stats import summary_ms


async def measure(
    base: str,
    receipts: list[str],
    samples: int,
    *,
    verify: ssl.SSLContext | bool = True,
    wrong: bool = False,
) -> dict:
    """Log in ``samples`` times, cycling through ``receipts`` (or with wrong ones)."""
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    expected = 403 if wrong else 303
    async with web.client(4, verify=verify) as http:
        await web.log_in(http, base, receipts[0], await web.login_token(http, base))  # warm-up
        for i in range(samples):
            token = await web.login_token(http, base)
            receipt = generate_receipt() if wrong else receipts[i % len(receipts)]
            outcome = await web.log_in(http, base, receipt, token)
            statuses[str(outcome.status)] += 1
            if outcome.status == expected:
                latencies.append(outcome.seconds)
    return {**summary_ms(latencies), "statuses": dict(statuses)}
