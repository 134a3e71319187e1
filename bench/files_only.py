"""Only the large-file phase: ``python -m bench.files_only [--size-mib N] [--tls]
[--py-spy NAME]``."""

from __future__ import annotations

from . import files, focused, office, web
from .config import MIB
from .limits import file_limits


def main() -> None:
    """Upload and download one file of ``--size-mib`` through a fresh office."""
    args = focused.arguments(__doc__ or "", size_mib=1024, limits=0)
    profile = focused.profile_of(args)
    size = args.size_mib * MIB
    with focused.office(profile, tls=args.tls) as run:
        assert run.gateway is not None
        assert run.console is not None
        receipt = focused.run_async(
            web.make_receipts(run.gateway.url, 1, verify=run.gateway.verify)
        )[0]
        cookie = focused.run_async(
            web.console_sign_in(
                run.console.url,
                office.OFFICER,
                office.OFFICER_PASSWORD,
                run.office.totp(),
                verify=run.console.verify,
            )
        )
        if args.limits:
            focused.show(file_limits(run.workdir, min(size, 256 * MIB)))
        cpu: dict[str, float] = {}
        spied = focused.server_of(run, args.py_spy)
        with (
            focused.cpu_use(run, cpu),
            focused.spying(spied, f"files-{args.py_spy}", gil=args.py_spy_gil),
        ):
            figures = focused.run_async(files.measure_run(run, receipt, cookie, size))
    figures["cpu_seconds"] = cpu
    focused.show(figures)


if __name__ == "__main__":
    main()
