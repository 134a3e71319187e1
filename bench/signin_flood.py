"""Inbox latency during a sign-in flood: ``python -m bench.signin_flood [--flood N] [--cases N]``.

Issue 16, point 7: 120 unauthenticated sign-ins with unknown usernames made a signed-in
officer's inbox take 14-22 s and grew the console by about 1 GiB, because every attempt ran
its Argon2id unwrap (64 MiB, 3 passes) at once. With admission control
(:mod:`confide.web.admission`) at most one run per core proceeds, ``CONFIDE_KDF_QUEUE`` more
wait, and the rest get 503 with ``Retry-After`` at once.

This focused run provisions an office with production Argon2id on a fresh PostgreSQL schema
(:mod:`bench.office`), starts the console as ``confide serve`` does, signs an officer in,
measures the inbox alone, then fires ``--flood`` sign-ins with unknown usernames all at once
while the officer keeps loading the inbox, and prints: the inbox p50/p95 alone and during
the flood, the flood's answers by status, and the console's memory growth. Nothing goes into
``bench/results``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from . import office, web
from .config import FULL
from .production import production_office
from .servers import MemorySampler, Server
from .stats import summary_ms

PORT = 21810
"""The console's port for this run (the range given to issue 16's work)."""


async def _inbox_while(
    base: str, cookie: str, until: asyncio.Event, least: int
) -> dict[str, object]:
    """Load the inbox one request after another until ``until`` is set (at least ``least``).

    Every answer's time counts, whatever its status (a 500 after a long wait is part of
    what an officer sees); the statuses are reported beside the times.
    """
    headers = {"Cookie": f"{web.CONSOLE_COOKIE}={cookie}"}
    times: list[float] = []
    statuses: dict[str, int] = {}
    async with web.client(2) as http:
        while not until.is_set() or len(times) < least:
            started = time.perf_counter()
            response = await http.get(f"{base}/inbox", headers=headers)
            times.append(time.perf_counter() - started)
            statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
    return {**summary_ms(times), "statuses": statuses}


async def _flood(base: str, count: int) -> dict[str, int]:
    """``count`` sign-ins with unknown usernames, all sent at once; their statuses."""
    async with web.client(count + 8) as http:
        token = web.csrf_token((await http.get(f"{base}/login")).text)

        async def one(n: int) -> int:
            response = await http.post(
                f"{base}/login",
                data={
                    "username": f"nobody-{n}",
                    "password": "not a real password at all",
                    "totp": "123456",
                    "csrf_token": token,
                },
                follow_redirects=False,
            )
            return response.status_code

        statuses = await asyncio.gather(*(one(n) for n in range(count)))
    counts: dict[str, int] = {}
    for status in statuses:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return counts


async def _measure(base: str, cookie: str, flood: int, samples: int) -> dict[str, object]:
    alone = await _inbox_while(base, cookie, _set(asyncio.Event()), samples)
    done = asyncio.Event()
    inbox = asyncio.ensure_future(_inbox_while(base, cookie, done, samples))
    started = time.perf_counter()
    statuses = await _flood(base, flood)
    flood_seconds = time.perf_counter() - started
    done.set()
    during = await inbox
    return {
        "inbox_alone": alone,
        "inbox_during_flood": during,
        "flood": {"requests": flood, "statuses": statuses, "seconds": round(flood_seconds, 2)},
    }


def _set(event: asyncio.Event) -> asyncio.Event:
    event.set()
    return event


def main(argv: list[str] | None = None) -> None:
    """Provision, start the console, measure the inbox alone and during the flood."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--flood", type=int, default=200)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="confide-flood-"))
    the_office, env = production_office(workdir, args.database)
    console = Server(
        "console", "reviewer_console.app:from_environment", env, workdir / "log", port=PORT
    )
    try:
        office.seed_cases(the_office, args.cases)
        console.start("/login")
        cookie = asyncio.run(
            web.console_sign_in(
                console.url, office.OFFICER, office.OFFICER_PASSWORD, the_office.totp()
            )
        )
        with MemorySampler([console], 0.05) as memory:
            figures = asyncio.run(_measure(console.url, cookie, args.flood, args.samples))
        figures["memory"] = memory.figures()["console"]
        figures["kdf"] = FULL.password_kdf
        figures["cores"] = os.cpu_count()
        print(json.dumps(figures, indent=2), flush=True)
    finally:
        console.stop()
        the_office.drop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
