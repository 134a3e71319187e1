"""The human summary of a run (``latest.md``): targets first, then each phase's figures.

Every figure sits beside what it is measured against: submissions beside the all-core
Argon2id rate of both implementations, logins beside one Argon2id, files beside the
machine's secretstream and disk speeds, and each TLS figure beside the same figure over
plain HTTP, with what TLS adds. The load averages of the machine as each phase started
close the page, so that a figure taken while others used the machine says so.
"""

from __future__ import annotations

from typing import Any


def _table(rows: list[list[Any]], head: list[str]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _head(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    return [
        f"# Confide benchmark ({results['profile']}), {results['started_utc']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['kernel']}, "
        f"Python {m['python']}, database {m['database']}. Run took {results['duration_s']} s.",
        "",
        "Settings: "
        + ", ".join(f"`{k}={v}`" for k, v in results["settings"].items())
        + ". Plain HTTP on 127.0.0.1 (`CONFIDE_HTTPS=0`) unless a figure says TLS: then both "
        "apps serve HTTPS with the self-signed certificate `confide serve` makes "
        "(`CONFIDE_HTTPS=1`), and the harness checks it.",
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
    ]


def _argon2(results: dict[str, Any]) -> list[str]:
    rows = []
    for kdf, block in results["submissions"].items():
        a = block["argon2"]
        for name, figures in a["implementations"].items():
            rows.append(
                [
                    kdf,
                    name + (" (in use)" if name == a["in_use"] else ""),
                    figures["argon2id_ms"],
                    figures["cpu_ms_single"],
                    figures["measured_parallel_per_s"],
                    figures["limit_reports_per_s"],
                    figures["cpu_ms_per_run"],
                ]
            )
    return [
        "",
        "## Argon2id on this machine",
        "",
        "Both implementations, timed in the harness while the servers idle (median of "
        "single runs, alternating; then all cores at once). Targets use the fastest.",
        "",
        *_table(
            rows,
            [
                "KDF",
                "implementation",
                "one run ms",
                "CPU ms",
                "all cores /s",
                "cores ÷ one run /s",
                "CPU ms per run, all cores",
            ],
        ),
    ]


def _level_rows(kdf: str, levels: list[dict[str, Any]], limit: float) -> list[list[Any]]:
    return [
        [
            kdf,
            level["concurrency"],
            level["reports_per_s"],
            f"{level['reports_per_s'] / limit:.0%}" if limit else "-",
            level["p50_ms"],
            level["p99_ms"],
            level["accepted"],
            level["rejected_503"],
            level["errors"],
            level.get("cpu", {}).get("loop_cpu_ms", "-"),
            level.get("cpu", {}).get("beyond_argon2id_cpu_ms", "-"),
        ]
        for level in levels
    ]


LEVEL_HEAD = [
    "KDF",
    "reporters",
    "reports/s",
    "of all-core Argon2id",
    "p50 ms",
    "p99 ms",
    "accepted",
    "503",
    "errors",
    "event loop CPU ms/report",
    "gateway CPU beyond Argon2id ms/report",
]


def _submissions(results: dict[str, Any]) -> list[str]:
    rows = []
    for kdf, block in results["submissions"].items():
        rows += _level_rows(kdf, block["levels"], block["argon2"]["measured_parallel_per_s"])
    return [
        "",
        "## Submissions",
        "",
        "CPU per report is the gateway's (all threads) over the phase divided by the reports "
        "accepted, less one Argon2id's CPU at all cores; refused requests' work is included. "
        "It is a difference of two measurements, so on a busy machine it is rough (even "
        "negative); `python -m bench.submissions_only --kdf test` measures it without Argon2id.",
        "",
        *_table(rows, LEVEL_HEAD),
    ]


def _logins(results: dict[str, Any]) -> list[str]:
    login = results["receipt_login"]
    rows = [
        [
            b["cases"],
            b["p50_ms"],
            b["p95_ms"],
            b["n"],
            b.get("cpu", {}).get("loop_cpu_ms", "-"),
            b.get("cpu", {}).get("beyond_argon2id_cpu_ms", "-"),
        ]
        for b in (login["few"], login["many"])
    ]
    out = [
        "",
        "## Receipt login",
        "",
        f"One Argon2id: {login['argon2']['argon2id_ms']} ms ({login['argon2']['fastest_single']},"
        f" the fastest; {login['argon2']['in_use']} in use). CPU per login (the follow-up "
        "page and the POST) beyond one Argon2id's CPU:",
        "",
        *_table(
            rows,
            [
                "cases stored",
                "p50 ms",
                "p95 ms",
                "samples",
                "event loop CPU ms",
                "gateway CPU beyond Argon2id ms",
            ],
        ),
    ]
    if "wrong" in login:
        w = login["wrong"]
        out += ["", f"Wrong receipts: p50 {w['p50_ms']} ms, statuses {w['statuses']}."]
    heavy = results.get("heavy")
    if heavy:
        out += [
            "",
            f"At {heavy['kdf']} (one Argon2id {heavy['argon2']['argon2id_ms']} ms): login p50 "
            f"{heavy['login']['p50_ms']} ms, p95 {heavy['login']['p95_ms']} ms "
            f"over {heavy['login']['n']} samples.",
        ]
    return out


def _tls(results: dict[str, Any]) -> list[str]:
    tls = results.get("tls")
    if not tls:
        return []
    out = ["", "## TLS: what it costs", ""]
    login = results["receipt_login"]
    rows = []
    for key in ("few", "many"):
        if f"login_{key}" in tls:
            on, off = tls[f"login_{key}"], login[key]
            rows.append(
                [
                    f"receipt login p50 ms, {off['cases']} cases",
                    off["p50_ms"],
                    on["p50_ms"],
                    round(on["p50_ms"] - off["p50_ms"], 2),
                ]
            )
    if "files" in tls:
        for way in ("upload", "download"):
            off, on = results["files"][f"{way}_mb_per_s"], tls["files"][f"{way}_mb_per_s"]
            size = f"{tls['files']['bytes'] / 2**30:.2f} GiB"
            rows.append([f"{size} {way} MB/s", off, on, round(on - off, 1)])
    out += _table(rows, ["figure", "plain HTTP", "TLS", "TLS adds"])
    if "submissions" in tls:
        kdf = tls["submissions"]["kdf"]
        plain = {lv["concurrency"]: lv for lv in results["submissions"][kdf]["levels"]}
        out += ["", f"Submissions over TLS, KDF {kdf} (beside plain HTTP):", ""]
        rows = [
            [
                lv["concurrency"],
                plain[lv["concurrency"]]["reports_per_s"],
                lv["reports_per_s"],
                plain[lv["concurrency"]]["p50_ms"],
                lv["p50_ms"],
                lv["rejected_503"],
                lv["errors"],
                lv["cpu"].get("beyond_argon2id_cpu_ms", "-"),
            ]
            for lv in tls["submissions"]["levels"]
        ]
        out += _table(
            rows,
            [
                "reporters",
                "reports/s HTTP",
                "reports/s TLS",
                "p50 ms HTTP",
                "p50 ms TLS",
                "503 TLS",
                "errors TLS",
                "gateway CPU beyond Argon2id ms/report TLS",
            ],
        )
    return out


def _files(results: dict[str, Any]) -> list[str]:
    f = results["files"]
    lim = results["limits"]["files"]
    rows = [
        [way, name, v["rss_before_mib"], v["rss_peak_mib"], v["rss_growth_mib"], v["hwm_mib"]]
        for way in ("upload", "download")
        for name, v in f[f"{way}_memory"].items()
    ]
    return [
        "",
        "## Files",
        "",
        f"{f['bytes'] / 2**30:.2f} GiB: upload {f['upload_mb_per_s']} MB/s "
        f"({f['upload_seconds']} s), download {f['download_mb_per_s']} MB/s "
        f"({f['download_seconds']} s). Limits on this machine: secretstream encrypt "
        f"{lim['encrypt_mb_per_s']} MB/s, decrypt {lim['decrypt_mb_per_s']} MB/s, disk write "
        f"{lim['disk_write_mb_per_s']} MB/s (one core, in the harness).",
        "",
        *_table(
            rows, ["transfer", "process", "RSS before MiB", "peak MiB", "growth MiB", "VmHWM MiB"]
        ),
    ]


def _inbox_and_overload(results: dict[str, Any]) -> list[str]:
    inbox = results["inbox"]
    out = ["", f"## Console inbox, {inbox['cases']} cases", ""]
    out += _table(
        [
            [name, p["path"], p["p50_ms"], p["p95_ms"], p["floor"]["p50_ms"], p["floor"]["p95_ms"]]
            for name, p in inbox["pages"].items()
        ],
        ["page", "URL", "p50 ms", "p95 ms", "query alone p50 ms", "query alone p95 ms"],
    )
    o = results["overload"]
    probe = o["console_inbox_during"]
    limit = results["receipt_login"]["argon2"]["measured_parallel_per_s"]
    return [
        *out,
        "",
        f"## Overload: {o['clients']} concurrent receipt logins for {o['seconds']} s",
        "",
        f"Statuses: {o['statuses']} (503 without Retry-After: {o['missing_retry_after']}); "
        f"logins/s {o['logins_per_s']} (all-core Argon2id {limit}/s).",
        f"Gateway RSS: before {o['gateway_memory']['rss_before_mib']} MiB, peak "
        f"{o['gateway_memory']['rss_peak_mib']} MiB, bound {o['gateway_memory_bound_mib']} MiB "
        f"({o['bound_formula']}).",
        f"Console inbox during the burst: p50 {probe['p50_ms']} ms, "
        f"p95 {probe['p95_ms']} ms over {probe['n']} requests.",
    ]


def _load(results: dict[str, Any]) -> list[str]:
    load = results.get("load", {})
    rows = [[phase, *values] for phase, values in load.items()]
    return [
        "",
        "## Load on the machine",
        "",
        "Load averages (1, 5, 15 minutes) as each phase started; on two cores, a 1-minute "
        "figure well above the run's own use means others were using the machine.",
        "",
        *_table(rows, ["phase", "1 min", "5 min", "15 min"]),
        "",
    ]


def markdown(results: dict[str, Any]) -> str:
    """The short human summary."""
    parts = [
        _head(results),
        _argon2(results),
        _submissions(results),
        _logins(results),
        _tls(results),
        _files(results),
        _inbox_and_overload(results),
        _load(results),
    ]
    return "\n".join(line for part in parts for line in part)
