"""The physical limit: one Argon2id run, timed in the harness process itself.

:func:`crypto.derive_key` is called exactly as the gateway calls it for a receipt (64 bytes
out, the office-wide 16-byte salt), single-threaded, while the servers are idle; the
median of a few runs is the "one Argon2id" of the login target, and ``cores / t`` is the
most reports per second the machine could derive keys for if Argon2id scaled perfectly
with cores. It may not (Argon2id is bound by memory bandwidth), so the rate of ``cores``
threads deriving at once is measured too and printed beside it.
"""

from __future__ import annotations

import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from confide.settings import _kdf
from crypto import TEST_KDF, KdfParams, derive_key


def params_of(text: str) -> KdfParams:
    """Parse a ``CONFIDE_RECEIPT_KDF`` value."""
    return TEST_KDF if text == "test" else _kdf(text)


def measure(text: str, samples: int) -> dict[str, float | int | str]:
    """Median seconds of one derivation and the cores ÷ time limit in reports per second."""
    params = params_of(text)
    salt = os.urandom(16)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        derive_key(b"01234567890123456789", salt, params, 64)
        times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    cores = os.cpu_count() or 1
    with ThreadPoolExecutor(cores) as pool:
        started = time.perf_counter()
        runs = cores * max(2, samples // 2)
        list(pool.map(lambda _: derive_key(b"01234567890123456789", salt, params, 64), range(runs)))
        parallel = runs / (time.perf_counter() - started)
    return {
        "kdf": text,
        "memory_kib": params.memory_kib,
        "passes": params.iterations,
        "argon2id_ms": round(seconds * 1000, 2),
        "cores": cores,
        "limit_reports_per_s": round(cores / seconds, 2),
        "measured_parallel_per_s": round(parallel, 2),
    }
