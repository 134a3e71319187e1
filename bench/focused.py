"""Focused runs: one phase of the benchmark against a fresh office, in a minute or two.

The full run (:mod:`bench.run`) takes several minutes; while working on one figure it is
enough to provision the same office, start the same servers with the same settings
(:class:`bench.harness.Run`) and repeat a single phase. ``--py-spy NAME`` records the
gateway's or console's stacks during the measured part (``/tmp/bench-<NAME>.txt``,
collapsed stacks; ``python -m bench.focused FILE`` summarises one).

``--kdf MEMORY_KIB:PASSES[:LANES]`` runs the phase at any receipt Argon2id cost an office
may choose (``131072:16`` is GlobaLeaks' 128 MiB and 16 passes) so that it can measure
the cost it will run and compare it with other systems'; ``test`` is the cheap test KDF
(demo mode), which leaves only the overhead beyond Argon2id. ``--tls`` serves HTTPS with
the self-signed certificate ``confide serve`` makes.
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

from . import kdf
from .config import PROFILES, Profile
from .harness import Run
from .overhead import process_cpu
from .servers import Server

SPY = Path(sys.executable).with_name("py-spy")


def arguments(description: str, **extra: Any) -> argparse.Namespace:
    """The common options (profile, database, py-spy target) plus ``extra`` ones."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default=None)
    parser.add_argument("--py-spy", choices=["gateway", "console"], default=None)
    parser.add_argument(
        "--py-spy-gil", action="store_true", help="sample only the thread holding the GIL"
    )
    parser.add_argument("--kdf", default=None, help="receipt Argon2id, e.g. 131072:16 or test")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS (self-signed)")
    for name, default in extra.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=default)
    return parser.parse_args()


def profile_of(args: argparse.Namespace) -> Profile:
    """The profile named on the command line, with its database and receipt KDF if given."""
    profile = PROFILES[args.profile]
    if args.database:
        profile = replace(profile, database=args.database)
    if args.kdf:
        kdf.params_of(args.kdf)  # refuse a malformed value before provisioning anything
        profile = replace(
            profile,
            login_kdf=args.kdf,
            receipt_kdfs=(args.kdf,),
            demo=profile.demo or args.kdf == "test",
        )
    return profile


@contextmanager
def office(profile: Profile, *, tls: bool = False) -> Iterator[Run]:
    """A provisioned office with the console and the gateway (login KDF) running."""
    workdir = Path(tempfile.mkdtemp(prefix="confide-focus-"))
    run = Run(profile, workdir)
    try:
        run.start_console(tls=tls)
        run.start_gateway(profile.login_kdf, tls=tls)
        yield run
    finally:
        run.stop()
        run.office.drop()
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def spying(server: Server | None, name: str, *, gil: bool = False) -> Iterator[None]:
    """Record ``server`` with py-spy while the block runs (nothing when ``server`` is None).

    With ``gil``, only the thread holding the GIL is sampled: Python's own CPU time, without
    the threads waiting for the database or deriving keys outside the GIL.
    """
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
            *(["--gil"] if gil else []),
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


@contextmanager
def cpu_use(run: Run, into: dict[str, float]) -> Iterator[None]:
    """CPU seconds used by the gateway (all threads, and its event loop), the console and
    this process during the block."""
    pids = {
        "gateway": run.gateway.pid if run.gateway else 0,
        "console": run.console.pid if run.console else 0,
        "harness": os.getpid(),
    }
    before = {name: process_cpu(pid) for name, pid in pids.items()}
    started = time.perf_counter()
    yield
    into["wall"] = round(time.perf_counter() - started, 2)
    for name, pid in pids.items():
        total, loop = process_cpu(pid)
        into[name] = round(total - before[name][0], 2)
        if name == "gateway":
            into["gateway_loop"] = round(loop - before[name][1], 2)


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
