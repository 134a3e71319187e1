"""Only the inbox phase: ``python -m bench.inbox_only [--cases N] [--samples N] [--keep]``.

For working on the console inbox without the twenty-minute full run: the same provisioning
(:func:`bench.office.create` and :func:`bench.office.seed_cases` on a fresh PostgreSQL
schema), the same console process (:class:`bench.servers.Server`) and the same measurement
(:mod:`bench.inbox`), with nothing else. A run with 100,000 cases takes a couple of minutes,
most of it the bulk insert. The figures are printed, not written to ``bench/results``.

``--keep`` leaves the schema in place (its name is printed) so that the queries can be
examined with ``EXPLAIN ANALYZE`` afterwards; drop it with ``DROP SCHEMA ... CASCADE``.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from . import inbox, office, web
from .config import FULL
from .production import production_office
from .servers import Server


def _say(message: str) -> None:
    print(f"[inbox-only] {message}", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Provision, seed, start the console, measure the three inbox pages."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=FULL.scale_cases)
    parser.add_argument("--samples", type=int, default=FULL.inbox_samples)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--keep", action="store_true", help="keep the database schema")
    parser.add_argument("--py-spy", type=Path, help="record the console with py-spy (raw)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="confide-inbox-"))
    started = time.monotonic()
    the_office, env = production_office(workdir, args.database)
    console = Server("console", "reviewer_console.app:from_environment", env, workdir / "log")
    try:
        _say(f"seeding {args.cases} cases")
        office.seed_cases(the_office, args.cases)
        _say(f"seeded in {time.monotonic() - started:.0f} s; starting the console")
        console.start("/login")
        cookie = asyncio.run(
            web.console_sign_in(
                console.url, office.OFFICER, office.OFFICER_PASSWORD, the_office.totp()
            )
        )
        spy = None
        if args.py_spy is not None:
            spy = subprocess.Popen(
                ["py-spy", "record", "-p", str(console.pid), "-f", "raw", "-o", str(args.py_spy)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1)
        for name, path in inbox.pages(the_office).items():
            page = asyncio.run(inbox.measure(console.url, cookie, path, args.samples))
            alone = inbox.floor(the_office, path, max(3, args.samples // 4))
            _say(
                f"{name:8} {path}: p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms "
                f"{page['statuses']} (query alone p50 {alone['p50_ms']}, "
                f"p95 {alone['p95_ms']} ms)"
            )
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=30)
    finally:
        console.stop()
        if args.keep:
            _say(f"kept schema {the_office.schema} ({the_office.database_url})")
            the_office.engine.dispose()
        else:
            the_office.drop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
