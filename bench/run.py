"""Run the benchmark: ``python -m bench.run [--profile full|smoke] [--out DIR]``.

Order of the phases (each one bounded; the full run takes about ten minutes on two cores):

1. Provision a fresh office (pepper, database, an officer who receives every channel) and
   start the console and the gateway with the production receipt KDF.
2. Make the measured cases through the gateway, keeping their receipts; time Argon2id in
   this process, in both implementations (:mod:`bench.kdf`), and receipt logins with only
   those cases stored, right and wrong receipts; then the right ones again over TLS.
3. For each receipt KDF setting, restart the gateway with it, time Argon2id again, and
   drive 1, 8 and 64 concurrent reporters, reading the gateway's CPU (:mod:`bench.overhead`);
   the production KDF again over TLS. At the heavy cost (128 MiB, 16 passes) time receipt
   logins too.
4. Restart the gateway with the production KDF, bulk-insert filler cases up to the scale
   (100,000) and time the same receipt logins again, without and with TLS.
5. Sign the officer in (password and TOTP) and time three inbox pages.
6. Upload a large file as the reporter and download it as the officer.
7. Overload: concurrent receipt logins while the console is probed.
8. The large file once more with both apps serving HTTPS.

Every phase notes the load averages of the machine when it starts (``load``): the machine
may be shared, and a figure taken under load from elsewhere says so.

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

from . import files, inbox, kdf, logins, office, overhead, overload, report, submissions, web
from .config import MIB, PROFILES, Profile
from .harness import Run
from .limits import file_limits
from .servers import Server

RESULTS = Path(__file__).parent / "results"
LIMIT_PROBE_BYTES = 256 * MIB
OVERHEAD_LEVEL = 8  # the level whose CPU per report is "a submission's overhead" (no 503s)


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


def _load(results: dict[str, Any], phase: str) -> None:
    """Note the machine's 1, 5 and 15 minute load averages as ``phase`` starts."""
    results.setdefault("load", {})[phase] = [round(x, 2) for x in os.getloadavg()]


def _levels(run: Run, gateway: Server, argon2: dict[str, Any]) -> list[dict[str, Any]]:
    """1, 8 and 64 reporters against ``gateway``, each with the gateway's CPU per report."""
    p = run.profile
    asyncio.run(submissions.run_level(gateway.url, 1, 60, 1, verify=gateway.verify))  # warm-up
    levels = []
    for concurrency in p.concurrency:
        with overhead.CpuMeter(gateway.pid) as meter:
            level = asyncio.run(
                submissions.run_level(
                    gateway.url,
                    concurrency,
                    p.submit_seconds,
                    p.submit_max_requests,
                    verify=gateway.verify,
                )
            )
        level["cpu"] = overhead.per_request(
            meter.figures, level["accepted"], argon2["cpu_ms_per_run"]
        )
        _say(
            f"  {concurrency} reporters: {level['reports_per_s']}/s, p50 {level['p50_ms']} ms, "
            f"503 {level['rejected_503']}, errors {level['errors']}, "
            f"gateway CPU beyond Argon2id {level['cpu'].get('beyond_argon2id_cpu_ms')} ms/report"
        )
        levels.append(level)
    return levels


def _heavy_login(run: Run, results: dict[str, Any], argon2: dict[str, Any]) -> None:
    """Receipt logins at the heavy cost: cases made and opened under that KDF."""
    p = run.profile
    assert run.gateway is not None
    gateway = run.gateway
    receipts = asyncio.run(web.make_receipts(gateway.url, 2, verify=gateway.verify))
    login = asyncio.run(
        logins.measure(gateway.url, receipts, p.heavy_login_samples, verify=gateway.verify)
    )
    results["heavy"] = {"kdf": p.heavy_kdf, "argon2": argon2, "login": login}
    _say(f"  receipt login at {p.heavy_kdf}: p50 {login['p50_ms']} ms")


def _submissions(run: Run, results: dict[str, Any]) -> None:
    p = run.profile
    results["submissions"] = {}
    settings = list(dict.fromkeys([*p.receipt_kdfs, p.heavy_kdf]))
    for setting in settings:
        _load(results, f"submissions {setting}")
        gateway = run.start_gateway(setting)
        argon2 = kdf.measure(setting, p.kdf_samples)
        _say(
            f"submissions, KDF {setting}: one Argon2id {argon2['argon2id_ms']} ms, all cores "
            f"{argon2['measured_parallel_per_s']}/s ({argon2['in_use']} in use; "
            f"{argon2['implementations']})"
        )
        if setting in p.receipt_kdfs:
            results["submissions"][setting] = {
                "argon2": argon2,
                "levels": _levels(run, gateway, argon2),
            }
        if setting == p.heavy_kdf:
            _heavy_login(run, results, argon2)
    if p.tls:
        _load(results, "submissions over TLS")
        gateway = run.start_gateway(p.login_kdf, tls=True)
        _say(f"submissions over TLS, KDF {p.login_kdf}")
        argon2 = results["submissions"][p.login_kdf]["argon2"]
        results.setdefault("tls", {})["submissions"] = {
            "kdf": p.login_kdf,
            "levels": _levels(run, gateway, argon2),
        }


def _logins(
    run: Run, receipts: list[str], results: dict[str, Any], key: str, cases: int
) -> dict[str, Any]:
    """Right receipts without TLS (and wrong ones when ``key`` is "few"), then with TLS."""
    p = run.profile
    _load(results, f"receipt login {key}")
    gateway = run.start_gateway(p.login_kdf)
    with overhead.CpuMeter(gateway.pid) as meter:
        block = asyncio.run(logins.measure(gateway.url, receipts, p.login_samples))
    block["cases"] = cases
    argon2 = results["receipt_login"]["argon2"]
    block["cpu"] = overhead.per_request(meter.figures, p.login_samples + 1, argon2["cpu_ms_single"])
    if key == "few":
        wrong = asyncio.run(logins.measure(gateway.url, receipts, p.login_samples, wrong=True))
        results["receipt_login"]["wrong"] = {**wrong, "cases": cases}
    _say(
        f"receipt login, {cases} cases: p50 {block['p50_ms']} ms (one Argon2id "
        f"{argon2['argon2id_ms']} ms; gateway CPU beyond it "
        f"{block['cpu'].get('beyond_argon2id_cpu_ms')} ms)"
    )
    if p.tls:
        gateway = run.start_gateway(p.login_kdf, tls=True)
        over_tls = asyncio.run(
            logins.measure(gateway.url, receipts, p.login_samples, verify=gateway.verify)
        )
        results.setdefault("tls", {})[f"login_{key}"] = {**over_tls, "cases": cases}
        _say(f"  over TLS: p50 {over_tls['p50_ms']} ms")
        run.start_gateway(p.login_kdf)
    results["receipt_login"][key] = block
    return block


def _inbox(run: Run, results: dict[str, Any], cookie: str, cases: int) -> None:
    p = run.profile
    _load(results, "inbox")
    assert run.console is not None
    pages = {}
    for name, path in inbox.pages(run.office).items():
        page = asyncio.run(inbox.measure(run.console.url, cookie, path, p.inbox_samples))
        page["floor"] = inbox.floor(run.office, path, max(3, p.inbox_samples // 4))
        _say(
            f"inbox {name}: p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms "
            f"(query alone p50 {page['floor']['p50_ms']} ms)"
        )
        pages[name] = page
    results["inbox"] = {"cases": cases, "pages": pages}


def _files(run: Run, receipt: str, cookie: str) -> dict[str, Any]:
    """The large file up and down through the servers as they run now."""
    assert run.gateway is not None
    figures: dict[str, Any] = asyncio.run(
        files.measure_run(run, receipt, cookie, run.profile.file_bytes)
    )
    if "error" in figures:
        _say(f"  file transfer failed: {figures['error']}")
    _say(
        f"  upload {figures['upload_mb_per_s']} MB/s, "
        f"download {figures['download_mb_per_s']} MB/s" + (" (TLS)" if run.gateway.tls else "")
    )
    return figures


def _overload(run: Run, results: dict[str, Any], cookie: str, receipts: list[str]) -> None:
    p = run.profile
    _load(results, "overload")
    assert run.gateway is not None
    assert run.console is not None
    results["overload"] = overload.measure(
        run.gateway,
        run.console,
        cookie,
        receipts,
        clients=p.overload_clients,
        seconds=p.overload_seconds,
        interval=p.sample_interval,
        pool_size=os.cpu_count() or 1,
        kdf_memory_kib=int(results["receipt_login"]["argon2"]["memory_kib"]),
    )
    _say(
        f"overload: {results['overload']['statuses']}, console p95 "
        f"{results['overload']['console_inbox_during']['p95_ms']} ms"
    )


def _phases(run: Run, results: dict[str, Any]) -> None:
    """Every phase, in the order of the module docstring."""
    p = run.profile
    results["machine"] = machine(run.office)
    results["settings"] = {
        **run.settings,
        "CONFIDE_KDF_WORKERS": f"{os.cpu_count()} (default)",
        "CONFIDE_KDF_QUEUE": "16 (default)",
    }
    console = run.start_console()
    gateway = run.start_gateway(p.login_kdf)
    _say(f"office ready in {run.workdir}; making {p.measured_cases} measured cases")
    receipts = asyncio.run(web.make_receipts(gateway.url, p.measured_cases))
    _load(results, "argon2id")
    results["receipt_login"] = {"argon2": kdf.measure(p.login_kdf, p.kdf_samples)}
    _logins(run, receipts, results, "few", run.office.case_count())
    _submissions(run, results)
    run.start_gateway(p.login_kdf)
    missing = p.scale_cases - run.office.case_count()
    _say(f"seeding {missing} filler cases")
    office.seed_cases(run.office, max(0, missing))
    _logins(run, receipts, results, "many", run.office.case_count())
    cookie = asyncio.run(
        web.console_sign_in(console.url, office.OFFICER, office.OFFICER_PASSWORD, run.office.totp())
    )
    _inbox(run, results, cookie, results["receipt_login"]["many"]["cases"])
    results["limits"] = {
        "files": file_limits(run.workdir, min(p.file_bytes, LIMIT_PROBE_BYTES)),
        "argon2id": results["receipt_login"]["argon2"],
    }
    _load(results, "files")
    _say(f"file of {p.file_bytes // MIB} MiB; limits {results['limits']['files']}")
    results["files"] = _files(run, receipts[0], cookie)
    _overload(run, results, cookie, receipts)
    if p.tls:
        _load(results, "files over TLS")
        run.start_console(tls=True)
        run.start_gateway(p.login_kdf, tls=True)
        results.setdefault("tls", {})["files"] = _files(run, receipts[0], cookie)


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
        _phases(run, results)
    finally:
        run.stop()
        run.office.drop()
        shutil.rmtree(workdir, ignore_errors=True)
    _load(results, "end")
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
