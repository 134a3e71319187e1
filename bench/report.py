"""Targets of issues 6 and 15 checked against a run's figures, and the files written.

Each check names its figure, the value measured, the target (with the limit it is derived
from, where there is one) and pass or miss. Limits are the fastest Argon2id implementation
measured on the machine (:mod:`bench.kdf`), whichever one is in use. The TLS figures have
no targets of their own: :mod:`bench.markdown` states them beside the plain-HTTP ones and
what TLS adds. Every run is written as
``<UTC timestamp>.json`` and ``.md`` and copied to ``latest.json`` and ``latest.md``, so the
results folder keeps the history.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .config import HEAVY_KDF_TEXT
from .markdown import markdown

SUBMIT_SHARE = 0.85
LOGIN_SLACK_MS = 15.0
WRONG_RECEIPT_SLACK_MS = 15.0
HEAVY_LEVEL = 8
HEAVY_SUBMIT_PER_S = 1.4
HEAVY_LOGIN_MS = 1200.0
LOGIN_SCALE_RATIO = 1.10
FILE_MB_PER_S = 150.0
FILE_RSS_GROWTH_MIB = 64.0
INBOX_P95_MS = 50.0
OVERLOAD_INBOX_P95_MS = 100.0


def _check(figure: str, value: Any, target: str, ok: bool) -> dict[str, Any]:
    return {"figure": figure, "value": value, "target": target, "pass": bool(ok)}


def _submission_checks(results: dict[str, Any]) -> list[dict[str, Any]]:
    checks = []
    for kdf, block in results["submissions"].items():
        argon2 = block["argon2"]
        limit = argon2["measured_parallel_per_s"]
        top = max(block["levels"], key=lambda level: level["concurrency"])
        checks.append(
            _check(
                f"submissions {kdf} @{top['concurrency']}: reports/s",
                top["reports_per_s"],
                f">= {SUBMIT_SHARE:.0%} of all-core Argon2id {limit}/s "
                f"({argon2['fastest_parallel']}, the fastest; {argon2['in_use']} in use) "
                f"= {SUBMIT_SHARE * limit:.2f}",
                top["reports_per_s"] >= SUBMIT_SHARE * limit,
            )
        )
        errors = sum(level["errors"] for level in block["levels"])
        checks.append(_check(f"submissions {kdf}: errors other than 503", errors, "0", errors == 0))
    over_tls = results.get("tls", {}).get("submissions")
    if over_tls:
        errors = sum(level["errors"] for level in over_tls["levels"])
        checks.append(
            _check(
                f"submissions {over_tls['kdf']} over TLS: errors other than 503",
                errors,
                "0",
                errors == 0,
            )
        )
    heavy = results["submissions"].get(HEAVY_KDF_TEXT)
    if heavy:
        at = [level for level in heavy["levels"] if level["concurrency"] == HEAVY_LEVEL]
        rate = at[0]["reports_per_s"] if at else 0.0
        checks.append(
            _check(
                f"submissions {HEAVY_KDF_TEXT} @{HEAVY_LEVEL}: reports/s",
                rate,
                f">= {HEAVY_SUBMIT_PER_S}",
                rate >= HEAVY_SUBMIT_PER_S,
            )
        )
    return checks


def _login_checks(results: dict[str, Any]) -> list[dict[str, Any]]:
    login = results["receipt_login"]
    one = login["argon2"]["argon2id_ms"]
    small, large = login["few"], login["many"]
    checks = [
        _check(
            f"receipt login p50, {block['cases']} cases (ms)",
            block["p50_ms"],
            f"<= one Argon2id {one} ({login['argon2']['fastest_single']}, the fastest) "
            f"+ {LOGIN_SLACK_MS:.0f} = {one + LOGIN_SLACK_MS:.1f}",
            block["p50_ms"] <= one + LOGIN_SLACK_MS,
        )
        for block in (small, large)
    ]
    ratio = large["p50_ms"] / small["p50_ms"] if small["p50_ms"] else 0.0
    checks.append(
        _check(
            f"receipt login p50 {large['cases']} / {small['cases']} cases",
            round(ratio, 3),
            f"<= {LOGIN_SCALE_RATIO}",
            ratio <= LOGIN_SCALE_RATIO,
        )
    )
    wrong = login.get("wrong")
    if wrong:
        gap = round(abs(wrong["p50_ms"] - small["p50_ms"]), 2)
        checks.append(
            _check(
                "wrong receipt login p50 vs a right one's (ms apart)",
                f"{wrong['p50_ms']} vs {small['p50_ms']}",
                f"<= {WRONG_RECEIPT_SLACK_MS:.0f} apart, and a refusal each time",
                gap <= WRONG_RECEIPT_SLACK_MS and set(wrong["statuses"]) == {"403"},
            )
        )
    heavy = results.get("heavy")
    if heavy and heavy["kdf"] == HEAVY_KDF_TEXT:
        checks.append(
            _check(
                f"receipt login p50 at {HEAVY_KDF_TEXT} (ms)",
                heavy["login"]["p50_ms"],
                f"<= {HEAVY_LOGIN_MS:.0f}",
                0 < heavy["login"]["p50_ms"] <= HEAVY_LOGIN_MS,
            )
        )
    return checks


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of the issues as a pass/miss line."""
    return (
        _submission_checks(results)
        + _login_checks(results)
        + _file_checks(results)
        + _inbox_and_overload_checks(results)
    )


def _file_checks(results: dict[str, Any]) -> list[dict[str, Any]]:
    checks = []
    files = results["files"]
    for way in ("upload", "download"):
        checks.append(
            _check(
                f"file {way} MB/s",
                files[f"{way}_mb_per_s"],
                f">= {FILE_MB_PER_S:.0f}",
                files[f"{way}_mb_per_s"] >= FILE_MB_PER_S,
            )
        )
    for way, process in (("upload", "gateway"), ("download", "console")):
        growth = files[f"{way}_memory"][process]["rss_growth_mib"]
        checks.append(
            _check(
                f"file {way}: {process} peak RSS growth (MiB)",
                growth,
                f"<= {FILE_RSS_GROWTH_MIB:.0f}",
                growth <= FILE_RSS_GROWTH_MIB,
            )
        )
    return checks


def _inbox_and_overload_checks(results: dict[str, Any]) -> list[dict[str, Any]]:
    checks = []
    for name, page in results["inbox"]["pages"].items():
        checks.append(
            _check(
                f"inbox {name} page p95, {results['inbox']['cases']} cases (ms)",
                page["p95_ms"],
                f"<= {INBOX_P95_MS:.0f}",
                page["p95_ms"] <= INBOX_P95_MS,
            )
        )
    overload = results["overload"]
    others = {k: v for k, v in overload["statuses"].items() if k not in {"303", "503"}}
    checks.append(
        _check(
            "overload: statuses other than login (303) and 503",
            others or 0,
            "none; every 503 with Retry-After",
            not others and overload["missing_retry_after"] == 0,
        )
    )
    peak = overload["gateway_memory"]["rss_peak_mib"]
    checks.append(
        _check(
            "overload: gateway peak RSS (MiB)",
            peak,
            f"<= {overload['gateway_memory_bound_mib']} ({overload['bound_formula']})",
            peak <= overload["gateway_memory_bound_mib"],
        )
    )
    during = overload["console_inbox_during"]["p95_ms"]
    checks.append(
        _check(
            "overload: console inbox p95 (ms)",
            during,
            f"< {OVERLOAD_INBOX_P95_MS:.0f}",
            during < OVERLOAD_INBOX_P95_MS,
        )
    )
    return checks


def write(results: dict[str, Any], folder: Path) -> Path:
    """Write ``<stamp>.json`` and ``.md`` and copy them to ``latest.*``; returns the JSON path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = results["started_utc"].replace(":", "").replace("-", "")
    path = folder / f"{stamp}.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    (folder / f"{stamp}.md").write_text(markdown(results))
    shutil.copyfile(path, folder / "latest.json")
    shutil.copyfile(folder / f"{stamp}.md", folder / "latest.md")
    return path
