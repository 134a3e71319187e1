"""Running an app under uvicorn with TLS for a real Chromium, on this worktree's ports."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from confide.tls import write_self_signed
from tests.servers import free_port, running

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


@contextmanager
def serving(app: Any, folder: Path) -> Iterator[str]:
    """``app`` under uvicorn over https on 127.0.0.1 (self-signed), for the duration."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    if not cert.exists():
        write_self_signed(cert, key, ["127.0.0.1"])
    port = free_port(PORTS.start, PORTS.stop)
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
    with running(config):
        yield f"https://127.0.0.1:{port}"
