"""Focused runs: one phase of the benchmark against a fresh office, in a minute or two.

The full run (:mod:`bench.run`) takes several minutes; while working on one figure it is
enough to provision the same office, start the same servers with the same settings
(:class:`bench.run.Run`) and repeat a single phase. ``--py-spy NAME`` records the gateway's
or console's stacks during the measured part (``/tmp/bench-<NAME>.txt``, collapsed stacks;
``python -m bench.focused FILE`` summarises one).
The entry points are :mod:`bench.files_only`, :mod:`bench.logins_only` and
:mod:`bench.submissions_only`; nothing they print goes into ``bench/results``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from .config import PROFILES, Profile
from .run import Run
from .servers import Server

SPY = Path(sys.executable).with_name("py-spy")


def arguments(description: str, **extra: Any) -> argparse.Namespace:
    """The common options (profile, database, py-spy target) plus ``extra`` ones."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default=None)
    parser.add_argument("--py-spy", choices=["gateway", "console"], default=None)
    for name, default in extra.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=default)
    return parser.parse_args()


def profile_of(args: argparse.Namespace) -> Profile:
    """The profile named on the command line, with its database overridden if asked."""
    profile = PROFILES[args.profile]
    return replace(profile, database=args.database) if args.database else profile


@contextmanager
def office(profile: Profile) -> Iterator[Run]:
    """A provisioned office with the console and the gateway (login KDF) running."""
    workdir = Path(tempfile.mkdtemp(prefix="confide-focus-"))
    run = Run(profile, workdir)
    try:
        run.console.start("/login")
        run.start_gateway(profile.login_kdf)
        yield run
    finally:
        run.stop()
        run.office.drop()
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def spying(server: Server | None, name: str) -> Iterator[None]:
    """Record ``server`` with py-spy while the block runs (nothing when ``server`` is None)."""
    if server is None:
        yield
        return
    out = Path(f"/tmp/bench-{name}.txt")
    spy = subprocess.Popen(
        [
            str(SPY),
            "record",
            "--pid",
            str(server.pid),
            "-o",
            str(out),
            "--rate",
            "250",
            "--nonblocking",
            "--threads",
            "--format",
            "raw",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        spy.send_signal(2)
        spy.wait(timeout=60)
        print(f"py-spy: {out}", flush=True)


def server_of(run: Run, name: str | None) -> Server | None:
    """The server ``--py-spy`` named."""
    if name == "gateway":
        return run.gateway
    if name == "console":
        return run.console
    return None


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def cpu_use(run: Run, into: dict[str, float]) -> Iterator[None]:
    """CPU seconds used by the gateway, the console and this process during the block."""
    pids = {
        "gateway": run.gateway.pid if run.gateway else 0,
        "console": run.console.pid,
        "harness": os.getpid(),
    }
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    started = time.perf_counter()
    yield
    into["wall"] = round(time.perf_counter() - started, 2)
    for name, pid in pids.items():
        into[name] = round(cpu_seconds(pid) - before[name], 2)


def show(figures: dict[str, Any]) -> None:
    """Print the figures of a focused run."""
    print(json.dumps(figures, indent=2), flush=True)


def run_async(coroutine: Any) -> Any:
    """``asyncio.run``, for the entry points."""
    return asyncio.run(coroutine)


def summarise(path: Path, top: int = 25) -> None:
    """Print the functions with the most samples, on the stack and at the top of it."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        samples = int(count)
        total += samples
        for frame in set(frames):
            inclusive[frame] += samples
        own[frames[-1]] += samples
    for title, counter in (("on the stack", inclusive), ("at the top", own)):
        print(f"--- {title} ({total} samples)")
        for frame, samples in counter.most_common(top):
            print(f"{100 * samples / total:5.1f}%  {frame}")


if __name__ == "__main__":
    summarise(Path(sys.argv[1]))
