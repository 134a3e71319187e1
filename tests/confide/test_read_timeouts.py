"""Read timeouts: slow headers and a trickling body are cut off; a steady body is not."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
import uvicorn

from confide.web.timeouts import ReadLimits, TimedHttpToolsProtocol
from tests.servers import free_port, running

LIMITS = ReadLimits(header_seconds=1, body_seconds=1, body_min_bytes_per_second=1000)
PATIENCE_SECONDS = 15
"""How long the test waits for the server to act before calling it a failure."""


class BodyReader:
    """An ASGI app that reads the whole body and remembers what it was told."""

    def __init__(self) -> None:
        self.outcomes: list[str] = []

    async def __call__(self, scope: dict, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.outcomes.append("disconnect")
                return
            size += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        self.outcomes.append(f"body {size}")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def server() -> Iterator[tuple[int, BodyReader]]:
    """uvicorn with the timed protocol in a background thread."""
    app = BodyReader()
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        http=TimedHttpToolsProtocol.with_limits(LIMITS),
        log_config=None,
        access_log=False,
        lifespan="off",
    )
    with running(config):
        yield port, app


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    sock.settimeout(PATIENCE_SECONDS)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    data = b""
    while chunk := sock.recv(4096):
        data += chunk
    return data


def _trickle(sock: socket.socket, data: bytes, pause: float) -> bool:
    """Send ``data`` a byte at a time; False once the server has closed the connection."""
    for byte in data:
        try:
            sock.sendall(bytes([byte]))
        except OSError:
            return False
        time.sleep(pause)
    return True


def test_slow_headers_are_cut_off(server: tuple[int, BodyReader]) -> None:
    """Headers sent a byte every 0.3 s never complete: 408, then the connection closes."""
    port, app = server
    with _connect(port) as sock:
        _trickle(sock, b"POST / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 20, 0.3)

        answer = _read_all(sock)

    assert answer.startswith(b"HTTP/1.1 408")
    assert app.outcomes == []


def test_a_silent_connection_is_closed(server: tuple[int, BodyReader]) -> None:
    """A connection that sends nothing at all is closed after the header timeout."""
    port, _app = server
    with _connect(port) as sock:
        answer = _read_all(sock)

    assert answer.startswith(b"HTTP/1.1 408")


def test_trickling_body_is_cut_off(server: tuple[int, BodyReader]) -> None:
    """A body at one byte every 0.5 s is cut off; the application sees a disconnect."""
    port, app = server
    with _connect(port) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
        _trickle(sock, b"x" * 20, 0.5)

        answer = _read_all(sock)

    assert answer.startswith(b"HTTP/1.1 408")
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not app.outcomes and time.monotonic() < deadline:
        time.sleep(0.05)
    assert app.outcomes == ["disconnect"]


def test_steady_body_gets_through(server: tuple[int, BodyReader]) -> None:
    """A body arriving in pieces faster than the minimum rate is read whole."""
    port, app = server
    body = b"y" * 6000
    with _connect(port) as sock:
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
        )
        for start in range(0, len(body), 1500):
            sock.sendall(body[start : start + 1500])
            time.sleep(0.4)

        answer = _read_all(sock)

    assert answer.startswith(b"HTTP/1.1 200")
    assert app.outcomes == [f"body {len(body)}"]


def test_documented_uvicorn_commands_use_the_timed_protocol() -> None:
    """Every uvicorn command in the deployment files sets the read timeouts."""
    from pathlib import Path

    from confide.web.timeouts import PROTOCOL

    compose = (Path(__file__).parents[2] / "docker" / "compose.yaml").read_text()
    commands = compose.split("uvicorn --factory")[1:]

    assert len(commands) == 2
    assert all(f"--http {PROTOCOL}" in command.split("environment:")[0] for command in commands)
