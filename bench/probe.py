"""A console prober in its own process, so that its timings are not delayed by the event
loop that drives hundreds of simulated reporters during the overload phase.

It GETs one inbox page again and again until told to stop, then sends back its latencies.
"""

from __future__ import annotations

import time
from multiprocessing.connection import Connection

import httpx

PAUSE_SECONDS = 0.05


def run(url: str, cookie_header: str, stop: Connection, out: Connection) -> None:
    """Send "ready" after one warm-up GET, then GET ``url`` until a message arrives on
    ``stop``; finally send (latencies, statuses) to ``out``."""
    times: list[float] = []
    statuses: dict[str, int] = {}
    with httpx.Client(timeout=60) as http:
        http.get(url, headers={"Cookie": cookie_header})
        out.send("ready")
        while not stop.poll():
            started = time.perf_counter()
            response = http.get(url, headers={"Cookie": cookie_header})
            elapsed = time.perf_counter() - started
            statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
            if response.status_code == 200:
                times.append(elapsed)
            time.sleep(PAUSE_SECONDS)
    out.send((times, statuses))
