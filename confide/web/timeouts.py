"""Read timeouts for uvicorn: headers in time, and a body that keeps coming at a minimum rate.

uvicorn limits the idle time between two requests on a kept-alive connection, but not the
time a client may take to send one: a client that sends its headers one byte at a time, or a
body at one byte every few seconds, holds a connection (and, for a body, a request handler)
open indefinitely. Enough of them exhaust the server's connections and memory (issue 16,
point 9).

:class:`TimedHttpToolsProtocol` is uvicorn's httptools protocol with two deadlines, in the
manner of Apache's ``mod_reqtimeout`` (``header=10 body=20,MinRate=1024``):

* **Headers**: from the connection's opening (or the first byte of a kept-alive request),
  the whole header block must arrive within ``header_timeout_seconds``.
* **Body**: the body must arrive within ``body_timeout_seconds`` plus one second for every
  ``body_min_bytes_per_second`` bytes received so far, so a large upload over a slow but
  honest link keeps going while a trickle does not. Time during which the server itself
  stopped reading (its flow control paused the socket because the application was busy)
  never counts against the client.

Past a deadline the connection gets ``408 Request Timeout`` (when no response has started)
and is closed; the application sees a disconnect, so nothing half-received is stored.

uvicorn loads it by name: ``uvicorn --http confide.web.timeouts:TimedHttpToolsProtocol``
(`confide serve` and docker/compose.yaml do). The limits come from the ``CONFIDE_*``
settings of the process (docs/settings.md).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from confide.settings import Settings

PROTOCOL = "confide.web.timeouts:TimedHttpToolsProtocol"
"""What to pass to uvicorn's ``--http``."""

TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: 37\r\n\r\nThe request was not received in time.\n"
)


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """How long a client may take to send its headers and its body."""

    header_seconds: float
    body_seconds: float
    body_min_bytes_per_second: int

    @classmethod
    def of(cls, settings: Settings) -> ReadLimits:
        """The limits configured in ``settings``."""
        return cls(
            settings.header_timeout_seconds,
            settings.body_timeout_seconds,
            settings.body_min_bytes_per_second,
        )


class TimedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header deadline and a minimum body rate."""

    limits: ClassVar[ReadLimits | None] = None

    @classmethod
    def with_limits(cls, limits: ReadLimits) -> type[TimedHttpToolsProtocol]:
        """A subclass with fixed limits (for a server started in-process, e.g. in tests)."""
        return type("TimedHttpToolsProtocol", (cls,), {"limits": limits})

    @classmethod
    def _limits(cls) -> ReadLimits:
        if cls.limits is None:
            cls.limits = ReadLimits.of(Settings.from_env(check=False))
        return cls.limits

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Set up the protocol with no deadline armed."""
        super().__init__(*args, **kwargs)
        self._deadline: float | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._body_start = 0.0
        self._received = 0

    def _arm(self, deadline: float) -> None:
        self._deadline = deadline
        if self._timer is None:
            self._timer = self.loop.call_at(deadline, self._check)

    def _disarm(self) -> None:
        self._deadline = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _check(self) -> None:
        """The timer fired: close the connection if its deadline has really passed."""
        self._timer = None
        if self._deadline is None or self.transport.is_closing():
            return
        now = self.loop.time()
        if self.flow is not None and self.flow.read_paused:
            # We stopped reading, not the client: restart its allowance from now.
            limits = self._limits()
            self._body_start = now - self._received / max(1, limits.body_min_bytes_per_second)
            self._deadline = now + limits.body_seconds
        if now < self._deadline:
            self._timer = self.loop.call_at(self._deadline, self._check)
            return
        self._deadline = None
        if self.cycle is None or self.cycle.response_complete or not self.cycle.response_started:
            self.transport.write(TIMEOUT_RESPONSE)
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """A new connection: its first request's headers must arrive in time."""
        super().connection_made(transport)
        self._arm(self.loop.time() + self._limits().header_seconds)

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the timer with the connection."""
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        """The first byte of a (kept-alive) request: its headers must arrive in time."""
        super().on_message_begin()
        if self._deadline is None:
            self._arm(self.loop.time() + self._limits().header_seconds)

    def on_headers_complete(self) -> None:
        """Headers are in: from now on the body must keep coming."""
        super().on_headers_complete()
        self._body_start = self.loop.time()
        self._received = 0
        self._disarm()
        self._arm(self._body_start + self._limits().body_seconds)

    def on_body(self, body: bytes) -> None:
        """More body: the deadline moves by the time this much data may take."""
        super().on_body(body)
        self._received += len(body)
        limits = self._limits()
        self._deadline = (
            self._body_start
            + limits.body_seconds
            + self._received / max(1, limits.body_min_bytes_per_second)
        )

    def on_message_complete(self) -> None:
        """The request is whole: no read deadline while the application answers."""
        super().on_message_complete()
        self._disarm()
