"""Running an app under uvicorn with TLS for a real Chromium, on this worktree's ports."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from confide.tls import write_self_signed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _ports() -> range:
    """The ports this worktree may use: ``CONFIDE_TEST_PORTS=FIRST-LAST`` or 19000-19999."""
    first, _, last = os.environ.get("CONFIDE_TEST_PORTS", "19000-19999").partition("-")
    return range(int(first), int(last) + 1)


PORTS = _ports()


def require_chromium() -> None:
    """Skip (or fail, with CONFIDE_REQUIRE_BROWSER=1) when Chromium is missing."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (`make browser`) to run this"
    if os.environ.get("CONFIDE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    """A free port in the range this worktree may use."""
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 19000-19999")


@contextmanager
def serving(app: Any, folder: Path) -> Iterator[str]:
    """``app`` under uvicorn over https on 127.0.0.1 (self-signed), for the duration."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    write_self_signed(cert, key, ["127.0.0.1"])
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        ssl_certfile=str(cert),
        ssl_keyfile=str(key),
        log_config=None,
        access_log=False,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
