"""The physical limit: Argon2id, timed in the harness process itself, in both implementations.

:func:`crypto.derive_key` is called exactly as the gateway calls it for a receipt (64 bytes
out, the office-wide 16-byte salt), while the servers are idle, once with each
implementation: libsodium's (what Confide uses for one lane) and argon2-cffi's (what it
uses otherwise). For each, the median of a few single-threaded runs is "one Argon2id", and
``cores`` threads deriving at once give the all-core rate (Argon2id is bound by memory
bandwidth, so that rate may fall short of ``cores / t``). Single runs of the two alternate,
so that a burst of load from elsewhere falls on both alike.

Every target is stated against the **fastest** implementation measured, whichever is in
use: one Argon2id of the login target is the fastest single run, and the all-core rate of
the submission targets the fastest all-core rate. The top-level figures of :func:`measure`
are those of the fastest; ``implementations`` holds both, and ``in_use`` names the one
``derive_key`` picks for these parameters.

The CPU one derivation costs, alone (``cpu_ms_single``, thread CPU time) and when all cores
derive (``cpu_ms_per_run``, process CPU time over the all-core runs), is what
:mod:`bench.overhead` subtracts from the gateway's CPU to find what a receipt login and a
submission cost beyond their Argon2id.
"""

from __future__ import annotations

import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from confide.settings import _kdf
from crypto import TEST_KDF, KdfImplementation, KdfParams, derive_key, kdf_implementation

SECRET = b"01234567890123456789"
SALT_BYTES = 16
OUTPUT_BYTES = 64


def params_of(text: str) -> KdfParams:
    """Parse a ``CONFIDE_RECEIPT_KDF`` value (``MEMORY_KIB:PASSES[:LANES]`` or ``test``)."""
    return TEST_KDF if text == "test" else _kdf(text)


def _single_ms(
    params: KdfParams, salt: bytes, samples: int
) -> dict[KdfImplementation, tuple[float, float]]:
    """Median wall and CPU milliseconds of one run, per implementation, alternating."""
    walls: dict[KdfImplementation, list[float]] = {i: [] for i in KdfImplementation}
    cpus: dict[KdfImplementation, list[float]] = {i: [] for i in KdfImplementation}
    for _ in range(samples):
        for implementation in KdfImplementation:
            cpu = time.thread_time()
            started = time.perf_counter()
            derive_key(SECRET, salt, params, OUTPUT_BYTES, implementation=implementation)
            walls[implementation].append(time.perf_counter() - started)
            cpus[implementation].append(time.thread_time() - cpu)
    return {
        i: (statistics.median(walls[i]) * 1000, statistics.median(cpus[i]) * 1000)
        for i in KdfImplementation
    }


def _all_cores(
    params: KdfParams, salt: bytes, implementation: KdfImplementation, runs: int, cores: int
) -> tuple[float, float]:
    """Runs per second with ``cores`` threads, and process CPU milliseconds per run."""

    def one(_: int) -> bytes:
        return derive_key(SECRET, salt, params, OUTPUT_BYTES, implementation=implementation)

    with ThreadPoolExecutor(cores) as pool:
        cpu = time.process_time()
        started = time.perf_counter()
        list(pool.map(one, range(runs)))
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu
    return runs / wall, cpu * 1000 / runs


def measure(text: str, samples: int) -> dict[str, Any]:
    """Both implementations, single and all-core; the top-level figures are the fastest's."""
    params = params_of(text)
    salt = os.urandom(SALT_BYTES)
    cores = os.cpu_count() or 1
    runs = cores * max(2, samples // 2)
    single = _single_ms(params, salt, samples)
    implementations: dict[str, dict[str, float]] = {}
    for implementation in KdfImplementation:
        rate, cpu_ms = _all_cores(params, salt, implementation, runs, cores)
        wall_ms, single_cpu_ms = single[implementation]
        implementations[str(implementation)] = {
            "argon2id_ms": round(wall_ms, 2),
            "cpu_ms_single": round(single_cpu_ms, 2),
            "limit_reports_per_s": round(cores / wall_ms * 1000, 2),
            "measured_parallel_per_s": round(rate, 2),
            "cpu_ms_per_run": round(cpu_ms, 2),
        }
    in_use = kdf_implementation(params, salt_bytes=SALT_BYTES, length=OUTPUT_BYTES)
    fastest_single = min(implementations, key=lambda i: implementations[i]["argon2id_ms"])
    fastest_parallel = max(
        implementations, key=lambda i: implementations[i]["measured_parallel_per_s"]
    )
    return {
        "kdf": text,
        "memory_kib": params.memory_kib,
        "passes": params.iterations,
        "lanes": params.parallelism,
        "cores": cores,
        "in_use": str(in_use),
        "fastest_single": fastest_single,
        "fastest_parallel": fastest_parallel,
        "argon2id_ms": implementations[fastest_single]["argon2id_ms"],
        "limit_reports_per_s": implementations[fastest_single]["limit_reports_per_s"],
        "measured_parallel_per_s": implementations[fastest_parallel]["measured_parallel_per_s"],
        "cpu_ms_single": implementations[str(in_use)]["cpu_ms_single"],
        "cpu_ms_per_run": implementations[str(in_use)]["cpu_ms_per_run"],
        "implementations": implementations,
    }
