"""A real SMTP server (aiosmtpd) on a free local port, keeping what it receives.

Import the ``smtp_server`` fixture into a conftest.py to use it."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from casework.notifications.mail import SmtpSecurity, SmtpSettings


class Inbox:
    """The aiosmtpd handler: every message that arrived, parsed, with its envelope."""

    def __init__(self) -> None:
        """Start empty."""
        self.messages: list[Message] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Keep the message (aiosmtpd's hook for the DATA command)."""
        self.messages.append(message_from_bytes(envelope.content))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    """A free local port: from ``CONFIDE_TEST_PORTS`` (``FIRST-LAST``) when set, so runs
    sharing a machine can keep to their own range, else one the system picks."""
    first, _, last = os.environ.get("CONFIDE_TEST_PORTS", "").partition("-")
    candidates = range(int(first), int(last) + 1) if first and last else [0]
    for candidate in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port: int = probe.getsockname()[1]
            return port
    raise RuntimeError("no free port in CONFIDE_TEST_PORTS")


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, SmtpSettings]]:
    """A running SMTP server and the settings that reach it (no TLS: it is local)."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (
            inbox,
            SmtpSettings(
                host="127.0.0.1",
                port=port,
                sender="confide@ethics.example.org",
                security=SmtpSecurity.NONE,
                timeout_seconds=5,
            ),
        )
    finally:
        controller.stop()
