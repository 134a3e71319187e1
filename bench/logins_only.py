"""Only the receipt-login phase: ``python -m bench.logins_only [--samples N] [--py-spy NAME]``."""

from __future__ import annotations

from . import focused, kdf, logins, web


def main() -> None:
    """Make a few cases, then time receipt logins against one Argon2id in this process."""
    args = focused.arguments(__doc__ or "", samples=30, cases=10)
    profile = focused.profile_of(args)
    with focused.office(profile) as run:
        assert run.gateway is not None
        receipts = focused.run_async(web.make_receipts(run.gateway.url, args.cases))
        argon2 = kdf.measure(profile.login_kdf, profile.kdf_samples)
        cpu: dict[str, float] = {}
        spied = focused.server_of(run, args.py_spy)
        with focused.cpu_use(run, cpu), focused.spying(spied, f"logins-{args.py_spy}"):
            figures = focused.run_async(logins.measure(run.gateway.url, receipts, args.samples))
    figures["argon2id_ms"] = argon2["argon2id_ms"]
    figures["over_argon2id_ms"] = round(figures["p50_ms"] - argon2["argon2id_ms"], 2)
    figures["cpu_seconds"] = cpu
    focused.show(figures)


if __name__ == "__main__":
    main()
