"""What a request costs beyond its Argon2id: CPU time of the gateway, read from /proc.

Argon2id is the floor of a submission and of a receipt login; everything else the gateway
does for them (parsing, validation, encryption, the database round trips, rendering) is
overhead, and on a machine whose cores all derive keys, every millisecond of it is taken
from Argon2id. The event loop's share matters twice: while it runs, no other reporter's
request moves.

:class:`CpuMeter` reads user + system time from ``/proc/<pid>/task/<tid>/stat`` before and
after a phase: the whole process, and its main thread alone (uvicorn runs the event loop
there; the Argon2id pool and the database threads are the other threads). The harness's own
CPU is read too, since it shares the cores. PostgreSQL's CPU is not counted: its server is
shared with other users of the machine.

:func:`per_request` turns the readings into milliseconds per accepted request and
subtracts the CPU one Argon2id costs (:func:`bench.kdf.measure`'s ``cpu_ms_per_run``).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import Any

TICKS = os.sysconf("SC_CLK_TCK")


def _stat_seconds(path: Path) -> float:
    try:
        fields = path.read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def process_cpu(pid: int) -> tuple[float, float]:
    """CPU seconds of a whole process and of its main thread, so far."""
    return _stat_seconds(Path(f"/proc/{pid}/stat")), _stat_seconds(
        Path(f"/proc/{pid}/task/{pid}/stat")
    )


class CpuMeter:
    """CPU used during a ``with`` block by the gateway (all threads, event loop) and harness."""

    def __init__(self, gateway_pid: int) -> None:
        """Watch the gateway process ``gateway_pid`` and this process."""
        self.gateway_pid = gateway_pid
        self.figures: dict[str, float] = {}
        self._before: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def _now(self) -> tuple[float, float, float]:
        total, loop = process_cpu(self.gateway_pid)
        times = os.times()
        return total, loop, times.user + times.system

    def __enter__(self) -> CpuMeter:
        self._before = self._now()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        after = self._now()
        total, loop, harness = (b - a for a, b in zip(self._before, after, strict=True))
        self.figures = {
            "gateway_cpu_s": round(total, 2),
            "gateway_loop_cpu_s": round(loop, 2),
            "harness_cpu_s": round(harness, 2),
        }


def per_request(cpu: dict[str, float], requests: int, argon2id_cpu_ms: float) -> dict[str, Any]:
    """Milliseconds of gateway CPU per request, on the loop, and beyond one Argon2id."""
    if requests <= 0:
        return {"requests": 0}
    total_ms = cpu["gateway_cpu_s"] * 1000 / requests
    return {
        "requests": requests,
        "gateway_cpu_ms": round(total_ms, 2),
        "loop_cpu_ms": round(cpu["gateway_loop_cpu_s"] * 1000 / requests, 2),
        "argon2id_cpu_ms": argon2id_cpu_ms,
        "beyond_argon2id_cpu_ms": round(total_ms - argon2id_cpu_ms, 2),
        "harness_cpu_ms": round(cpu["harness_cpu_s"] * 1000 / requests, 2),
    }
