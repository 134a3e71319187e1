"""The benchmark harness still works: its smoke profile runs end to end and reports
every figure (test KDF, SQLite, a few cases, a small file, results in a temporary folder),
over plain HTTP and over TLS."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One smoke run of ``python -m bench.run``; its latest.json."""
    out = tmp_path_factory.mktemp("bench-results")
    subprocess.run(
        [sys.executable, "-m", "bench.run", "--profile", "smoke", "--out", str(out)],
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert (out / "latest.md").read_text().startswith("# Confide benchmark (smoke)")
    return {**json.loads((out / "latest.json").read_text()), "_out": str(out)}


def test_submissions_have_throughput_latency_and_no_errors(results: dict) -> None:
    """Every concurrency level accepted reports, with positive rate and latency and no errors."""
    (block,) = results["submissions"].values()

    assert block["argon2"]["limit_reports_per_s"] > 0
    for level in block["levels"]:
        assert level["reports_per_s"] > 0 and level["p50_ms"] > 0 and level["p99_ms"] > 0
        assert level["errors"] == 0
        assert sum(level["statuses"].values()) >= level["accepted"] > 0


def test_receipt_logins_are_timed_with_few_and_many_cases(results: dict) -> None:
    """Both login measurements succeeded, the second with more cases stored."""
    login = results["receipt_login"]

    assert login["argon2"]["argon2id_ms"] > 0
    assert login["many"]["cases"] > login["few"]["cases"] > 0
    for block in (login["few"], login["many"]):
        assert block["p50_ms"] > 0 and block["statuses"] == {"303": block["n"]}


def test_file_round_trip_has_rates_and_memory(results: dict) -> None:
    """The file went up and down with positive rates and sampled memory for both processes."""
    files = results["files"]

    assert files["upload_mb_per_s"] > 0 and files["download_mb_per_s"] > 0
    for way in ("upload_memory", "download_memory"):
        assert set(files[way]) == {"gateway", "console"}
        assert all(v["rss_peak_mib"] > 0 and v["hwm_mib"] > 0 for v in files[way].values())
    assert all(v > 0 for v in results["limits"]["files"].values())


def test_inbox_pages_and_overload_histogram(results: dict) -> None:
    """Three inbox pages answered 200; the overload burst has a status histogram and a probe."""
    for page in results["inbox"]["pages"].values():
        assert page["p95_ms"] > 0 and set(page["statuses"]) == {"200"}
        assert page["floor"]["p50_ms"] > 0
    overload = results["overload"]

    assert sum(overload["statuses"].values()) > 0
    assert set(overload["statuses"]) <= {"303", "503"}
    assert overload["gateway_memory"]["rss_peak_mib"] > 0
    assert overload["console_inbox_during"]["n"] > 0


def test_every_target_is_reported(results: dict) -> None:
    """Each target line has a figure, a value, a target and a pass flag."""
    checks = results["targets"]

    assert len(checks) >= 15
    assert all({"figure", "value", "target", "pass"} <= set(c) for c in checks)


def test_argon2id_is_measured_in_both_implementations(results: dict) -> None:
    """Each KDF's limit comes with both implementations' single and all-core figures, and
    names the one in use (libsodium for one lane) and the fastest."""
    for block in results["submissions"].values():
        argon2 = block["argon2"]

        assert set(argon2["implementations"]) == {"libsodium", "argon2-cffi"}
        assert argon2["in_use"] == "libsodium"
        for figures in argon2["implementations"].values():
            assert figures["argon2id_ms"] > 0 and figures["measured_parallel_per_s"] > 0
        fastest = argon2["implementations"][argon2["fastest_parallel"]]
        assert argon2["measured_parallel_per_s"] == fastest["measured_parallel_per_s"]


def test_tls_figures_sit_beside_the_plain_ones(results: dict) -> None:
    """Logins, submissions and the file went through HTTPS too, with no errors."""
    tls = results["tls"]

    assert tls["login_few"]["statuses"] == {"303": tls["login_few"]["n"]}
    assert tls["login_many"]["p50_ms"] > 0
    assert all(level["errors"] == 0 for level in tls["submissions"]["levels"])
    assert all(level["accepted"] > 0 for level in tls["submissions"]["levels"])
    assert tls["files"]["upload_mb_per_s"] > 0 and tls["files"]["download_mb_per_s"] > 0
    assert "## TLS: what it costs" in (Path(results["_out"]) / "latest.md").read_text()


def test_wrong_receipts_heavy_logins_cpu_and_load_are_recorded(results: dict) -> None:
    """Wrong receipts were refused each time, the heavy-cost login ran, every submission
    level has the gateway's CPU per report, and each phase noted the machine's load."""
    login = results["receipt_login"]

    assert set(login["wrong"]["statuses"]) == {"403"}
    assert results["heavy"]["login"]["n"] > 0
    for block in results["submissions"].values():
        assert all(level["cpu"]["gateway_cpu_ms"] >= 0 for level in block["levels"])
    assert {"argon2id", "submissions test", "files", "end"} <= set(results["load"])
