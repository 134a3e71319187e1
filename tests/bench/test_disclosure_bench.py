"""The disclosure benchmark runs end to end at a tiny size (its figures are not judged here)."""

from bench.disclosure import TARGETS, main


def test_disclosure_bench_runs_small() -> None:
    """Forty filers: the import, the filled statements and both measurements happen."""
    result = main(["--filers", "40", "--samples", "3", "--no-write"])

    assert (result["imported"], result["filed"]) == (40, 40)
    assert set(result["measured"]) == set(TARGETS)  # type: ignore[arg-type]
    assert result["cycle_page"]["n"] == 3  # type: ignore[index]
