"""Only the submissions phase: ``python -m bench.submissions_only [--levels 1,8,64]``."""

from __future__ import annotations

from . import focused, kdf, submissions


def main() -> None:
    """Drive each level of concurrent reporters against the login KDF, with its limit."""
    args = focused.arguments(__doc__ or "", levels="8,64", seconds=20.0)
    profile = focused.profile_of(args)
    with focused.office(profile) as run:
        assert run.gateway is not None
        argon2 = kdf.measure(profile.login_kdf, profile.kdf_samples)
        focused.show(argon2)
        focused.run_async(submissions.run_level(run.gateway.url, 1, 5, 1))  # warm-up
        for level in (int(n) for n in args.levels.split(",")):
            cpu: dict[str, float] = {}
            spied = focused.server_of(run, args.py_spy)
            with focused.cpu_use(run, cpu), focused.spying(spied, f"submissions-{level}"):
                figures = focused.run_async(
                    submissions.run_level(run.gateway.url, level, args.seconds, 10_000)
                )
            figures["cpu_seconds"] = cpu
            focused.show(figures)


if __name__ == "__main__":
    main()
