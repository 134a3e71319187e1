"""A disclosure cycle the size of the office: ``python -m bench.disclosure [--filers N]``.

What it measures, with the targets it is held to:

* **Roster import**: reading, checking and judging a CSV of N filers and importing the ones
  who qualify (keyed hash of each staff id, name and email sealed), one transaction.
  Target: 5,000 filers in under 10 s.
* **Cycle page**: the director's ``GET /disclosure/<cycle>`` through the real console app
  (session, permissions, one query over the cycle's filers, drafts and statements, the
  statistics, the template) with N filed statements. Target: p95 <= 50 ms.
* **Cycle page with a list**: the same page showing the last page of the "filed" list, as
  its "next" link from the page before reaches it (a cursor: a range seek on the index
  however deep the page), 50 names opened. Target: p95 <= 50 ms.
* **Statistics query**: :func:`casework.statistics.disclosure.cycle_statistics` alone.
  Target: p95 <= 25 ms.

The statements are written straight into the tables the page reads (clear metadata: the
case, its status and outcome, the statement's flag and kinds), in the model office's mix
(84% nothing to disclose; of the rest about a quarter closed with no action, a tenth after
more information, the rest given advice): the page never opens a key, so their sealed
answers would change nothing it does. The load average (1, 5 and 15 minutes) is recorded
before and after, since the machine is shared. The results go to
``bench/results/disclosure.json`` and ``.md`` (``--no-write`` to only print them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from casework.cases.envelope import Case
from casework.disclosure.cycles import open_cycle
from casework.disclosure.overview import Cursor, FilerState, cycle_statuses, state_counts
from casework.disclosure.roster import import_roster, read_roster
from casework.disclosure.rules import QualificationRules
from casework.disclosure.tables import DisclosureCycle, DisclosureStatement
from casework.people.office import create_office
from casework.people.principals import Principal, Role
from casework.people.principals_auth import enrol
from casework.statistics.disclosure import cycle_statistics
from casework.store.clock import today
from casework.store.db import make_engine, transaction
from casework.store.ids import new_id
from casework.store.migrate import upgrade
from confide.settings import Settings
from crypto import PRODUCTION_KDF, generate_office_salt, generate_pepper
from crypto.seedwrap import generate_recovery, unwrap_seed
from reviewer_console.app import create_app
from reviewer_console.people import sessions

from .stats import summary_ms

RESULTS = Path(__file__).parent / "results"
TARGETS = {
    "roster_import_s": 10.0,
    "cycle_page_p95_ms": 50.0,
    "cycle_list_page_p95_ms": 50.0,
    "statistics_p95_ms": 25.0,
}
LIST_PAGE_SIZE = 50
PASSWORD = "a long benchmark director password"
KINDS = ("assets", "liabilities", "outside_activities", "gifts", "relatives", "partners")


def roster_csv(filers: int) -> bytes:
    """N synthetic filers, every one qualifying (P-5/D-1/D-2, C-4+ or a filing role)."""
    grades = ("P-5", "D-1", "D-2", "C-4", "C-6", "G-5")
    lines = ["staff_id,email,name,grade,role"]
    for n in range(filers):
        grade = grades[n % len(grades)]
        role = "finance" if grade == "G-5" else "programme"
        lines.append(f"B{n:06d},filer{n}@bench.example.org,Filer Number {n},{grade},{role}")
    return ("\n".join(lines) + "\n").encode()


def _fill_statements(engine: object, cycle_id: str, filer_ids: list[str], seed: int) -> None:
    """One filed statement per filer, in the model office's mix (clear metadata only)."""
    chooser = random.Random(seed)
    cases, statements = [], []
    for filer_id in filer_ids:
        nothing = chooser.random() < 0.84
        kinds = "" if nothing else ",".join(sorted(chooser.sample(KINDS, chooser.randint(1, 2))))
        roll = chooser.random()
        outcome = (
            "no_action"
            if nothing or roll < 0.26
            else "more_information"
            if roll < 0.37
            else "advice_given"
        )
        case_id = new_id()
        cases.append(
            {
                "id": case_id,
                "channel": "disclosure",
                "status": "closed",
                "outcome": outcome,
                "received_on": today(),
                "last_activity_on": today(),
                "closed_on": today(),
            }
        )
        statements.append(
            {
                "case_id": case_id,
                "filer_id": filer_id,
                "cycle_id": cycle_id,
                "nothing_to_disclose": nothing,
                "kinds": kinds,
                "versions": 1,
                "first_filed_on": today(),
                "filed_on": today(),
            }
        )
    with transaction(engine) as session:  # type: ignore[arg-type]
        session.bulk_insert_mappings(Case, cases)  # type: ignore[arg-type]
        session.bulk_insert_mappings(DisclosureStatement, statements)  # type: ignore[arg-type]


def _office_with_cycle(engine: Engine) -> tuple[Principal, DisclosureCycle]:
    """A migrated office with its director (production KDF) and an open cycle."""
    upgrade(engine)
    _code, public = generate_recovery()
    with transaction(engine) as session:
        create_office(
            session=session,
            name="Bench",
            office_salt=generate_office_salt(),
            recovery_public=public,
        )
        director = enrol(
            session=session,
            username="director",
            role=Role.DIRECTOR,
            password=PASSWORD,
            params=PRODUCTION_KDF,
            recovery_public=public,
            totp_secret=None,
        )
        cycle = open_cycle(
            session=session,
            year=2026,
            deadline=today() + timedelta(days=60),
            reminder_days=(14, 7, 1),
            rules=QualificationRules(),
            opened_by=director.id,
            today=today(),
        )
    return director, cycle


def _cycle_page_samples(
    engine: Engine, settings: Settings, director_id: str, paths: list[str], samples: int
) -> list[list[float]]:
    """Seconds per page for each path, through the console app as the director sees it.

    Returns the wall-clock samples of each path, then the CPU seconds this process spent on
    each request (the app runs in this process under the test client): the CPU figure is
    what other work on a shared machine cannot inflate, except through caches.
    """
    with transaction(engine) as session:
        principal = session.get(Principal, director_id)
        assert principal is not None
        cookie = sessions.start(
            session=session,
            principal=principal,
            seed=unwrap_seed(principal.wrapped_seed, PASSWORD),
            settings=settings,
        )
    page_samples: list[list[float]] = [[] for _ in paths]
    cpu_samples: list[list[float]] = [[] for _ in paths]
    with TestClient(create_app(settings), base_url="https://bench") as client:
        client.cookies.set(sessions.COOKIE_NAME, cookie)
        for n in range(samples + 5):
            for path, timings, cpu in zip(paths, page_samples, cpu_samples, strict=True):
                begun, begun_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                elapsed, used = time.perf_counter() - begun, time.process_time() - begun_cpu
                assert response.status_code == 200, response.status_code
                if n >= 5:  # the first requests warm the templates and the connection pool
                    timings.append(elapsed)
                    cpu.append(used)
    return page_samples + cpu_samples


def _last_list_page(engine: Engine, base: str, cycle_id: str) -> str:
    """The link to the last page of the filed list, as the page before it gives it."""
    with transaction(engine) as session:
        filed = state_counts(session=session, cycle_id=cycle_id)[FilerState.FILED]
        last_page = -(-filed // LIST_PAGE_SIZE)
        before = cycle_statuses(
            session=session,
            cycle_id=cycle_id,
            state=FilerState.FILED,
            offset=(last_page - 1) * LIST_PAGE_SIZE - 1,
            limit=1,
        )[0].filer
    cursor = Cursor(before.due_on, before.id)
    return f"{base}?state=filed&page={last_page}&after={cursor}"


def run(filers: int, samples: int, database_url: str, workdir: Path) -> dict[str, object]:
    """Provision, import, fill, then measure the cycle page and the statistics."""
    load_before = [round(x, 2) for x in os.getloadavg()]
    settings = Settings(
        data_dir=workdir, database_url=database_url, pepper=generate_pepper(), https=False
    ).check()
    engine = make_engine(settings.resolved_database_url)
    director, cycle = _office_with_cycle(engine)
    data = roster_csv(filers)
    started = time.perf_counter()
    with transaction(engine) as session:
        imported = import_roster(
            session=session, pepper=settings.pepper, cycle=cycle, rows=read_roster(data, cycle)
        )
    import_seconds = time.perf_counter() - started
    _fill_statements(engine, cycle.id, [f.id for f in imported], seed=2026)
    stats_samples = []
    for _ in range(samples):
        with transaction(engine) as session:
            begun = time.perf_counter()
            figures = cycle_statistics(session=session, cycle_id=cycle.id)
            stats_samples.append(time.perf_counter() - begun)
    base = f"/disclosure/{cycle.id}"
    page_samples, list_samples, page_cpu, list_cpu = _cycle_page_samples(
        engine, settings, director.id, [base, _last_list_page(engine, base, cycle.id)], samples
    )
    engine.dispose()
    page, listed = summary_ms(page_samples), summary_ms(list_samples)
    cpu = {"cycle_page": summary_ms(page_cpu), "cycle_list_page": summary_ms(list_cpu)}
    stats = summary_ms(stats_samples)
    measured = {
        "roster_import_s": round(import_seconds, 2),
        "cycle_page_p95_ms": page["p95_ms"],
        "cycle_list_page_p95_ms": listed["p95_ms"],
        "statistics_p95_ms": stats["p95_ms"],
    }
    return {
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "filers": filers,
        "database": engine.dialect.name,
        "imported": len(imported),
        "filed": figures.filed,
        "nothing_to_disclose": figures.nothing_to_disclose,
        "cycle_page": page,
        "cycle_list_page": listed,
        "cpu": cpu,
        "statistics": stats,
        "measured": measured,
        "targets": TARGETS,
        "met": {k: measured[k] <= TARGETS[k] for k in TARGETS},
    }


def markdown(result: dict[str, object]) -> str:
    """The figures as a small table."""
    measured, targets, met = result["measured"], result["targets"], result["met"]
    rows = [
        f"| {k} | {measured[k]} | {targets[k]} | {'yes' if met[k] else 'NO'} |"  # type: ignore[index]
        for k in TARGETS
    ]
    return "\n".join(
        [
            f"# Disclosure cycle: {result['filers']} filers on {result['database']}",
            "",
            "| figure | measured | target | met |",
            "|---|---|---|---|",
            *rows,
            "",
            f"Machine: {result['cpus']} CPUs; load average (1, 5, 15 min)"
            f" {result['load_average_before']} before the run and"
            f" {result['load_average_after']} after it (other work shares the CPUs;"
            " latency figures are inflated by it).",
            "",
            f"Cycle page: {result['cycle_page']}",
            f"Cycle page, last page of the filed list: {result['cycle_list_page']}",
            f"CPU per request (this process): {result['cpu']}",
            f"Statistics: {result['statistics']}",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run and report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--filers", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--database", default="", help="a database URL (default: SQLite)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="confide-disclosure-") as folder:
        url = args.database or f"sqlite:///{folder}/bench.sqlite3"
        result = run(args.filers, args.samples, url, Path(folder))
    text = markdown(result)
    print(text)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "disclosure.json").write_text(json.dumps(result, indent=2) + "\n")
        (RESULTS / "disclosure.md").write_text(text)
    return result


if __name__ == "__main__":
    main()
