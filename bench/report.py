"""Targets of issue 6 checked against a run's figures, and the JSON and Markdown written.

Each check names its figure, the value measured, the target (with the limit it is derived
from, where there is one) and pass or miss. Every run is written as
``<UTC timestamp>.json`` and ``.md`` and copied to ``latest.json`` and ``latest.md``, so the
results folder keeps the history.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

SUBMIT_SHARE = 0.90
LOGIN_SLACK_MS = 20.0
LOGIN_SCALE_RATIO = 1.10
FILE_MB_PER_S = 150.0
FILE_RSS_GROWTH_MIB = 64.0
INBOX_P95_MS = 50.0
OVERLOAD_INBOX_P95_MS = 100.0


def _check(figure: str, value: Any, target: str, ok: bool) -> dict[str, Any]:
    return {"figure": figure, "value": value, "target": target, "pass": bool(ok)}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of the issue as a pass/miss line."""
    checks = []
    for kdf, block in results["submissions"].items():
        limit = block["argon2"]["limit_reports_per_s"]
        top = max(block["levels"], key=lambda level: level["concurrency"])
        checks.append(
            _check(
                f"submissions {kdf} @{top['concurrency']}: reports/s",
                top["reports_per_s"],
                f">= {SUBMIT_SHARE:.0%} of limit {limit} = {SUBMIT_SHARE * limit:.2f} "
                f"({block['argon2']['measured_parallel_per_s']}/s measured with all cores)",
                top["reports_per_s"] >= SUBMIT_SHARE * limit,
            )
        )
        errors = sum(level["errors"] for level in block["levels"])
        checks.append(_check(f"submissions {kdf}: errors other than 503", errors, "0", errors == 0))
    login = results["receipt_login"]
    one = login["argon2"]["argon2id_ms"]
    small, large = login["few"], login["many"]
    for block in (small, large):
        checks.append(
            _check(
                f"receipt login p50, {block['cases']} cases (ms)",
                block["p50_ms"],
                f"<= one Argon2id {one} + {LOGIN_SLACK_MS:.0f} = {one + LOGIN_SLACK_MS:.1f}",
                block["p50_ms"] <= one + LOGIN_SLACK_MS,
            )
        )
    ratio = large["p50_ms"] / small["p50_ms"] if small["p50_ms"] else 0.0
    checks.append(
        _check(
            f"receipt login p50 {large['cases']} / {small['cases']} cases",
            round(ratio, 3),
            f"<= {LOGIN_SCALE_RATIO}",
            ratio <= LOGIN_SCALE_RATIO,
        )
    )
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


def _table(rows: list[list[Any]], head: list[str]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def markdown(results: dict[str, Any]) -> str:
    """The short human summary."""
    m = results["machine"]
    out = [
        f"# Confide benchmark ({results['profile']}), {results['started_utc']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['kernel']}, "
        f"Python {m['python']}, database {m['database']}. Run took {results['duration_s']} s.",
        "",
        "Settings: "
        + ", ".join(f"`{k}={v}`" for k, v in results["settings"].items())
        + ". Plain HTTP on 127.0.0.1 (`CONFIDE_HTTPS=0`): TLS is not measured.",
        "",
        "## Targets",
        "",
        *_table(
            [
                [c["figure"], c["value"], c["target"], "pass" if c["pass"] else "**MISS**"]
                for c in results["targets"]
            ],
            ["figure", "value", "target", ""],
        ),
        "",
        "## Submissions",
        "",
    ]
    rows = []
    for kdf, block in results["submissions"].items():
        a = block["argon2"]
        for level in block["levels"]:
            rows.append(
                [
                    kdf,
                    f"{a['argon2id_ms']} ms / {a['limit_reports_per_s']}/s "
                    f"(parallel, measured: {a['measured_parallel_per_s']}/s)",
                    level["concurrency"],
                    level["reports_per_s"],
                    level["p50_ms"],
                    level["p99_ms"],
                    level["accepted"],
                    level["rejected_503"],
                    level["errors"],
                ]
            )
    out += _table(
        rows,
        [
            "KDF",
            "Argon2id / limit",
            "reporters",
            "reports/s",
            "p50 ms",
            "p99 ms",
            "accepted",
            "503",
            "errors",
        ],
    )
    login = results["receipt_login"]
    out += [
        "",
        "## Receipt login",
        "",
        f"One Argon2id (limit): {login['argon2']['argon2id_ms']} ms.",
        "",
    ]
    out += _table(
        [[b["cases"], b["p50_ms"], b["p95_ms"], b["n"]] for b in (login["few"], login["many"])],
        ["cases stored", "p50 ms", "p95 ms", "samples"],
    )
    f = results["files"]
    lim = results["limits"]["files"]
    out += [
        "",
        "## Files",
        "",
        f"{f['bytes'] / 2**30:.2f} GiB: upload {f['upload_mb_per_s']} MB/s "
        f"({f['upload_seconds']} s), download {f['download_mb_per_s']} MB/s "
        f"({f['download_seconds']} s). Limits on this machine: secretstream encrypt "
        f"{lim['encrypt_mb_per_s']} MB/s, decrypt {lim['decrypt_mb_per_s']} MB/s, disk write "
        f"{lim['disk_write_mb_per_s']} MB/s (one core, in the harness).",
        "",
    ]
    rows = [
        [way, name, v["rss_before_mib"], v["rss_peak_mib"], v["rss_growth_mib"], v["hwm_mib"]]
        for way in ("upload", "download")
        for name, v in f[f"{way}_memory"].items()
    ]
    out += _table(
        rows, ["transfer", "process", "RSS before MiB", "peak MiB", "growth MiB", "VmHWM MiB"]
    )
    inbox = results["inbox"]
    out += ["", f"## Console inbox, {inbox['cases']} cases", ""]
    out += _table(
        [
            [name, p["path"], p["p50_ms"], p["p95_ms"], p["floor"]["p50_ms"], p["floor"]["p95_ms"]]
            for name, p in inbox["pages"].items()
        ],
        ["page", "URL", "p50 ms", "p95 ms", "query alone p50 ms", "query alone p95 ms"],
    )
    o = results["overload"]
    probe = o["console_inbox_during"]
    limit = results["receipt_login"]["argon2"]["limit_reports_per_s"]
    out += [
        "",
        f"## Overload: {o['clients']} concurrent receipt logins for {o['seconds']} s",
        "",
        f"Statuses: {o['statuses']} (503 without Retry-After: {o['missing_retry_after']}); "
        f"logins/s {o['logins_per_s']} (limit {limit}).",
        f"Gateway RSS: before {o['gateway_memory']['rss_before_mib']} MiB, peak "
        f"{o['gateway_memory']['rss_peak_mib']} MiB, bound {o['gateway_memory_bound_mib']} MiB "
        f"({o['bound_formula']}).",
        f"Console inbox during the burst: p50 {probe['p50_ms']} ms, "
        f"p95 {probe['p95_ms']} ms over {probe['n']} requests.",
        "",
    ]
    return "\n".join(out)


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
