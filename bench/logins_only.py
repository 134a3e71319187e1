"""Only the receipt-login phase: ``python -m bench.logins_only [--samples N] [--cases N]
[--kdf M:P] [--tls] [--py-spy gateway]``."""

from __future__ import annotations

from . import focused, kdf, logins, overhead, web


def main() -> None:
    """Make a few cases, then time receipt logins against one Argon2id in this process."""
    args = focused.arguments(__doc__ or "", samples=30, cases=10)
    profile = focused.profile_of(args)
    with focused.office(profile, tls=args.tls) as run:
        assert run.gateway is not None
        gateway = run.gateway
        receipts = focused.run_async(
            web.make_receipts(gateway.url, args.cases, verify=gateway.verify)
        )
        argon2 = kdf.measure(profile.login_kdf, profile.kdf_samples)
        cpu: dict[str, float] = {}
        spied = focused.server_of(run, args.py_spy)
        with (
            focused.cpu_use(run, cpu),
            focused.spying(spied, f"logins-{args.py_spy}", gil=args.py_spy_gil),
        ):
            figures = focused.run_async(
                logins.measure(gateway.url, receipts, args.samples, verify=gateway.verify)
            )
    figures["argon2id_ms"] = argon2["argon2id_ms"]
    figures["argon2id"] = argon2["implementations"]
    figures["over_argon2id_ms"] = round(figures["p50_ms"] - argon2["argon2id_ms"], 2)
    figures["cpu_seconds"] = cpu
    figures["per_login"] = overhead.per_request(
        {
            "gateway_cpu_s": cpu["gateway"],
            "gateway_loop_cpu_s": cpu["gateway_loop"],
            "harness_cpu_s": cpu["harness"],
        },
        args.samples + 1,  # and the warm-up
        argon2["cpu_ms_single"],
    )
    focused.show(figures)


if __name__ == "__main__":
    main()
