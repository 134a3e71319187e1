"""Run the benchmark: ``python -m bench.run [--profile full|smoke] [--out DIR]``.

Order of the phases (each one bounded, the whole full run about twenty minutes on two cores):

1. Provision a fresh office (pepper, database, an officer who receives every channel) and
   start the console and the gateway with the production receipt KDF.
2. Make the measured cases through the gateway, keeping their receipts, and time receipt
   logins with only those cases stored.
3. For each receipt KDF setting, restart the gateway with it, time one Argon2id in this
   process (the limit: cores ÷ that time), and drive 1, 8 and 64 concurrent reporters.
4. Restart the gateway with the production KDF, bulk-insert filler cases up to the scale
   (100,000) and time the same receipt logins again.
5. Sign the officer in (password and TOTP) and time three inbox pages.
6. Upload a large file as the reporter and download it as the officer.
7. Overload: concurrent receipt logins while the console is probed.

Results go to ``DIR/latest.json`` and ``latest.md`` (and a timestamped copy of each).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import sqlite3
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from . import files, inbox, kdf, logins, office, overload, report, submissions, web
from .config import MIB, PROFILES, Profile
from .harness import Run
from .limits import file_limits

RESULTS = Path(__file__).parent / "results"
LIMIT_PROBE_BYTES = 256 * MIB


def machine(database: office.Office) -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    if database.schema is None:
        db_version = f"SQLite {sqlite3.sqlite_version}"
    else:
        with database.engine.connect() as connection:
            db_version = str(connection.execute(text("SHOW server_version")).scalar_one())
            db_version = f"PostgreSQL {db_version}"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "database": db_version,
    }


def _say(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def _submissions(run: Run, results: dict[str, Any]) -> None:
    p = run.profile
    results["submissions"] = {}
    for setting in p.receipt_kdfs:
        gateway = run.start_gateway(setting)
        argon2 = kdf.measure(setting, p.kdf_samples)
        _say(f"submissions, KDF {setting}: one Argon2id {argon2['argon2id_ms']} ms")
        asyncio.run(submissions.run_level(gateway.url, 1, 60, 1))  # warm-up
        levels = []
        for concurrency in p.concurrency:
            level = asyncio.run(
                submissions.run_level(
                    gateway.url, concurrency, p.submit_seconds, p.submit_max_requests
                )
            )
            _say(
                f"  {concurrency} reporters: {level['reports_per_s']}/s, p50 {level['p50_ms']} ms, "
                f"503 {level['rejected_503']}, errors {level['errors']}"
            )
            levels.append(level)
        results["submissions"][setting] = {"argon2": argon2, "levels": levels}


def execute(profile: Profile, out: Path) -> Path:
    """Run every phase with ``profile``; returns the path of the JSON written."""
    started = time.time()
    results: dict[str, Any] = {
        "profile": profile.name,
        "started_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    workdir = Path(tempfile.mkdtemp(prefix="confide-bench-"))
    run = Run(profile, workdir)
    try:
        results["machine"] = machine(run.office)
        results["settings"] = {
            **run.settings,
            "CONFIDE_KDF_WORKERS": f"{os.cpu_count()} (default)",
            "CONFIDE_KDF_QUEUE": "16 (default)",
        }
        console = run.start_console()
        gateway = run.start_gateway(profile.login_kdf)
        _say(f"office ready in {workdir}; making {profile.measured_cases} measured cases")
        receipts = asyncio.run(web.make_receipts(gateway.url, profile.measured_cases))
        login_kdf = kdf.measure(profile.login_kdf, profile.kdf_samples)
        few = asyncio.run(logins.measure(gateway.url, receipts, profile.login_samples))
        few["cases"] = run.office.case_count()
        _say(
            f"receipt login, {few['cases']} cases: p50 {few['p50_ms']} ms "
            f"(one Argon2id {login_kdf['argon2id_ms']} ms)"
        )
        _submissions(run, results)
        gateway = run.start_gateway(profile.login_kdf)
        missing = profile.scale_cases - run.office.case_count()
        _say(f"seeding {missing} filler cases")
        office.seed_cases(run.office, max(0, missing))
        many = asyncio.run(logins.measure(gateway.url, receipts, profile.login_samples))
        many["cases"] = run.office.case_count()
        _say(f"receipt login, {many['cases']} cases: p50 {many['p50_ms']} ms")
        results["receipt_login"] = {"argon2": login_kdf, "few": few, "many": many}
        cookie = asyncio.run(
            web.console_sign_in(
                console.url, office.OFFICER, office.OFFICER_PASSWORD, run.office.totp()
            )
        )
        pages = {}
        for name, path in inbox.pages(run.office).items():
            page = asyncio.run(inbox.measure(console.url, cookie, path, profile.inbox_samples))
            page["floor"] = inbox.floor(run.office, path, max(3, profile.inbox_samples // 4))
            _say(
                f"inbox {name}: p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms "
                f"(query alone p50 {page['floor']['p50_ms']} ms)"
            )
            pages[name] = page
        results["inbox"] = {"cases": many["cases"], "pages": pages}
        results["limits"] = {
            "files": file_limits(workdir, min(profile.file_bytes, LIMIT_PROBE_BYTES)),
            "argon2id": login_kdf,
        }
        _say(f"file of {profile.file_bytes // MIB} MiB; limits {results['limits']['files']}")
        try:
            results["files"] = asyncio.run(
                files.measure(
                    gateway=gateway,
                    console=console,
                    office=run.office,
                    receipt=receipts[0],
                    console_cookie=cookie,
                    size=profile.file_bytes,
                    interval=profile.sample_interval,
                )
            )
        except (RuntimeError, OSError) as exc:
            _say(f"  file transfer failed: {exc}")
            results["files"] = files.failed(profile.file_bytes, str(exc))
        _say(
            f"  upload {results['files']['upload_mb_per_s']} MB/s, "
            f"download {results['files']['download_mb_per_s']} MB/s"
        )
        results["overload"] = overload.measure(
            gateway,
            console,
            cookie,
            receipts,
            clients=profile.overload_clients,
            seconds=profile.overload_seconds,
            interval=profile.sample_interval,
            pool_size=os.cpu_count() or 1,
            kdf_memory_kib=int(login_kdf["memory_kib"]),
        )
        _say(
            f"overload: {results['overload']['statuses']}, console p95 "
            f"{results['overload']['console_inbox_during']['p95_ms']} ms"
        )
    finally:
        run.stop()
        run.office.drop()
        shutil.rmtree(workdir, ignore_errors=True)
    results["duration_s"] = round(time.time() - started, 1)
    results["targets"] = report.targets(results)
    path = report.write(results, out)
    missed = [c["figure"] for c in results["targets"] if not c["pass"]]
    _say(f"wrote {path}; {len(missed)} target(s) missed" + (f": {missed}" if missed else ""))
    return path


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default=None)
    args = parser.parse_args(argv)
    profile = PROFILES[args.profile]
    if args.database:
        profile = replace(profile, database=args.database)
    execute(profile, args.out)


if __name__ == "__main__":
    main()
