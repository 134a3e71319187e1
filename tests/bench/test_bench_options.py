"""The harness's own options: the port range its servers may use, and ``--kdf``/``--tls``."""

from __future__ import annotations

import argparse
import socket

import pytest

from bench import focused
from bench.servers import PORTS_VARIABLE, free_port, port_range

RANGE = range(18990, 19000)  # a small range, as each run on a shared machine is given


def test_servers_take_a_free_port_of_the_given_range(monkeypatch: pytest.MonkeyPatch) -> None:
    """With CONFIDE_BENCH_PORTS set, a port of that range nobody listens on is chosen."""
    monkeypatch.setenv(PORTS_VARIABLE, f"{RANGE.start}-{RANGE.stop - 1}")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", free_port()))
        busy.listen()
        taken = busy.getsockname()[1]

        chosen = {free_port() for _ in range(30)}

    assert taken in RANGE
    assert chosen <= set(RANGE) - {taken}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("18999-18000", id="reversed"),
        pytest.param("0-10", id="port-zero"),
        pytest.param("65000-70000", id="past-65535"),
        pytest.param("a-b", id="not-numbers"),
    ],
)
def test_bad_port_ranges_are_refused(text: str) -> None:
    """A range that is empty, reversed or outside 1-65535 is refused with ValueError."""
    with pytest.raises(ValueError):  # noqa: PT011 - int() and port_range both say ValueError
        port_range(text)


def _args(**values: object) -> argparse.Namespace:
    defaults = {"profile": "full", "database": None, "kdf": None, "tls": False}
    return argparse.Namespace(**{**defaults, **values})


def test_kdf_flag_sets_the_receipt_kdf_of_a_focused_run() -> None:
    """``--kdf 131072:16`` becomes the login and submission KDF; ``test`` turns on demo."""
    heavy = focused.profile_of(_args(kdf="131072:16"))
    cheap = focused.profile_of(_args(kdf="test", database="sqlite"))

    assert (heavy.login_kdf, heavy.receipt_kdfs, heavy.demo) == ("131072:16", ("131072:16",), False)
    assert (cheap.login_kdf, cheap.demo, cheap.database) == ("test", True, "sqlite")


def test_malformed_kdf_flag_is_refused_before_anything_starts() -> None:
    """A KDF that is not MEMORY_KIB:PASSES[:LANES] is refused while parsing the options."""
    with pytest.raises(ValueError):  # noqa: PT011 - SettingsError and int() are ValueErrors
        focused.profile_of(_args(kdf="lots"))
