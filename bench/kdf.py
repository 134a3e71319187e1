"""The physical limit: one Argon2id run, timed in the harness process itself.

:func:`crypto.derive_key` is called exactly as the gateway calls it for a receipt (64 bytes
out, the office-wide 16-byte salt), single-threaded, while the servers are idle; the
median of a few runs is the "one Argon2id" of the login target, and ``cores / t`` is the
most reports per second the machine can derive keys for.
"""

from __future__ import annotations

import os
import statistics
import time

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
    return {
        "kdf": text,
        "memory_kib": params.memory_kib,
        "passes": params.iterations,
        "argon2id_ms": round(seconds * 1000, 2),
        "cores": cores,
        "limit_reports_per_s": round(cores / seconds, 2),
    }
