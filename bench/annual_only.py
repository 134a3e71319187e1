"""The annual report at scale: ``python -m bench.annual_only [--matters N] [--database ...]``.

A year of ``--matters`` matters (100,000 by default) in the model office's mix of channels,
``--earlier`` more over the six years before, and a disclosure cycle of ``--statements``
statements (:mod:`bench.annual_seed`), on a fresh PostgreSQL schema or SQLite file made by
the same provisioning as every bench office. Then, with the machine's load average noted:

- **statistics**: :func:`casework.statistics.annual.annual_report` alone, in this process
  (every figure, the small-numbers threshold set to 5 so suppression runs too);
- **page**: ``GET /reports?year=`` from the real console under uvicorn, signed in as an
  officer (statistics, SVG charts, tables, template), sequential requests;
- **PDF**: ``GET /reports/annual.pdf`` a few times (WeasyPrint; no target, stated).

The target is a p95 of at most 300 ms for the report of a year with 100,000 matters, on
PostgreSQL and on SQLite. Results go to ``bench/results/report.json`` and ``report.md``
(both databases in one file when run with ``--database both``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from casework.people.office import set_small_count_threshold
from casework.statistics.annual import annual_report
from casework.statistics.counts import Period
from casework.store.db import transaction

from . import inbox, office, web
from .annual_seed import seed_matters
from .production import production_office
from .servers import Server
from .stats import summary_ms

RESULTS = Path(__file__).parent / "results"
CPU_ROW = "statistics, CPU of the process"
UNTARGETED = ("pdf", CPU_ROW)
TARGET_P95_MS = 300.0
YEAR = date.today().year - 1


def _say(message: str) -> None:
    print(f"[annual-only] {message}", flush=True)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _statistics(the_office: office.Office, samples: int) -> dict[str, Any]:
    """Wall time, and this process's CPU time (what the figure costs on an idle core; on a
    shared machine the wall time also holds the waits for a core)."""
    times, cpu = [], []
    for _ in range(samples + 1):
        started, used = time.perf_counter(), time.process_time()
        with transaction(the_office.engine) as session:
            annual_report(session=session, period=Period.year(YEAR))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    figures = summary_ms(times[1:])
    figures["cpu"] = summary_ms(cpu[1:])
    return figures


def run_one(database: str, args: argparse.Namespace) -> dict[str, Any]:
    """Seed, then measure the statistics, the page and the PDF on one database."""
    workdir = Path(tempfile.mkdtemp(prefix="confide-annual-"))
    the_office, env = production_office(workdir, database)
    console = Server("console", "reviewer_console.app:from_environment", env, workdir / "log")
    try:
        started = time.monotonic()
        seed_matters(
            the_office.engine,
            the_office.officer_id,
            year=YEAR,
            matters=args.matters,
            earlier=args.earlier,
            statements=args.statements,
        )
        with transaction(the_office.engine) as session:
            set_small_count_threshold(session=session, threshold=5)
        _say(f"{database}: seeded in {time.monotonic() - started:.0f} s; load {_load()}")
        result: dict[str, Any] = {"database": database, "load_before": _load()}
        result["statistics"] = _statistics(the_office, args.samples)
        _say(f"{database}: statistics {result['statistics']}")
        console.start("/login")
        cookie = asyncio.run(
            web.console_sign_in(
                console.url, office.OFFICER, office.OFFICER_PASSWORD, the_office.totp()
            )
        )
        result["page"] = asyncio.run(
            inbox.measure(console.url, cookie, f"/reports?year={YEAR}", args.samples)
        )
        _say(f"{database}: page {result['page']}")
        result["pdf"] = asyncio.run(
            inbox.measure(console.url, cookie, f"/reports/annual.pdf?year={YEAR}", args.pdf_samples)
        )
        _say(f"{database}: pdf {result['pdf']}")
        result["load_after"] = _load()
        return result
    finally:
        console.stop()
        the_office.drop()
        shutil.rmtree(workdir, ignore_errors=True)


def _markdown(results: dict[str, Any]) -> str:
    lines = [
        "# The annual report at scale",
        "",
        f"`python -m bench.annual_only` on {results['when']}: the report of {YEAR} with "
        f"{results['matters']:,} matters that year, {results['earlier']:,} in the six years "
        f"before and a disclosure cycle of {results['statements']:,} statements; "
        f"{results['samples']} sequential samples (PDF: {results['pdf_samples']}); "
        f"small-numbers threshold 5. Target: p95 ≤ {TARGET_P95_MS:.0f} ms.",
        "",
        "| database | what | p50 ms | p95 ms | max ms | target | load average (1, 5, 15 min) |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in results["runs"]:
        rows = [(what, run[what]) for what in ("statistics", "page", "pdf")]
        rows.insert(1, (CPU_ROW, run["statistics"]["cpu"]))
        for what, figures in rows:
            measured = figures["p95_ms"] <= TARGET_P95_MS
            target = "—" if what in UNTARGETED else ("pass" if measured else "miss")
            lines.append(
                f"| {run['database']} | {what} | {figures['p50_ms']} | "
                f"{figures['p95_ms']} | {figures['max_ms']} | {target} | "
                f"{run['load_before']} → {run['load_after']} |"
            )
    lines += [
        "",
        "*statistics*: `annual_report()` in the bench process, wall time; *CPU of the "
        "process*: the same calls' CPU time in the bench process (on SQLite that is all of "
        "the work; on PostgreSQL the server's time is not in it); *page*: "
        "`GET /reports?year=` from the console under uvicorn (statistics, charts, "
        "tables); *pdf*: the whole report through WeasyPrint (no target). The machine is "
        "shared (2 cores): the load average is the one at the start and end of each run.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run on one or both databases and write bench/results/report.{json,md}."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--matters", type=int, default=100_000)
    parser.add_argument("--earlier", type=int, default=120_000)
    parser.add_argument("--statements", type=int, default=5_000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--pdf-samples", type=int, default=3)
    parser.add_argument("--database", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    databases = ["postgres", "sqlite"] if args.database == "both" else [args.database]
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "matters": args.matters,
        "earlier": args.earlier,
        "statements": args.statements,
        "samples": args.samples,
        "pdf_samples": args.pdf_samples,
        "target_p95_ms": TARGET_P95_MS,
        "cores": os.cpu_count(),
        "runs": [run_one(database, args) for database in databases],
    }
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "report.json").write_text(json.dumps(results, indent=2) + "\n")
        (RESULTS / "report.md").write_text(_markdown(results))
        _say(f"wrote {RESULTS / 'report.md'}")


if __name__ == "__main__":
    main()
