"""Only the submissions phase: ``python -m bench.submissions_only [--levels 8,64] [--kdf M:P]
[--tls] [--py-spy gateway]``."""

from __future__ import annotations

from . import focused, kdf, overhead, submissions


def main() -> None:
    """Drive each level of concurrent reporters against the receipt KDF, with its limit."""
    args = focused.arguments(__doc__ or "", levels="8,64", seconds=20.0)
    profile = focused.profile_of(args)
    with focused.office(profile, tls=args.tls) as run:
        assert run.gateway is not None
        gateway = run.gateway
        argon2 = kdf.measure(profile.login_kdf, profile.kdf_samples)
        focused.show(argon2)
        focused.run_async(submissions.run_level(gateway.url, 1, 5, 1, verify=gateway.verify))
        for level in (int(n) for n in args.levels.split(",")):
            cpu: dict[str, float] = {}
            spied = focused.server_of(run, args.py_spy)
            with (
                focused.cpu_use(run, cpu),
                focused.spying(spied, f"submissions-{level}", gil=args.py_spy_gil),
            ):
                figures = focused.run_async(
                    submissions.run_level(
                        gateway.url, level, args.seconds, 10_000, verify=gateway.verify
                    )
                )
            figures["cpu_seconds"] = cpu
            figures["share_of_all_core_argon2id"] = round(
                figures["reports_per_s"] / argon2["measured_parallel_per_s"], 3
            )
            figures["per_accepted_report"] = overhead.per_request(
                {
                    "gateway_cpu_s": cpu["gateway"],
                    "gateway_loop_cpu_s": cpu["gateway_loop"],
                    "harness_cpu_s": cpu["harness"],
                },
                figures["accepted"],
                argon2["cpu_ms_per_run"],
            )
            figures.pop("error_kinds", None)
            focused.show(figures)


if __name__ == "__main__":
    main()
