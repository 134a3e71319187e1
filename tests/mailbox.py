"""A real SMTP server (aiosmtpd) for tests that send mail, and a way to read what arrived."""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from casework.notifications.mail import SmtpSecurity, SmtpSettings
from tests.mailserver import _free_port


@dataclass
class _Handler:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"


@dataclass
class Mailbox:
    """What the test SMTP server received, and where it listens."""

    host: str
    port: int
    handler: _Handler

    @property
    def smtp(self) -> SmtpSettings:
        """Settings that reach this server (no TLS: it is local)."""
        return SmtpSettings(
            host=self.host, port=self.port, sender="eo@x.org", security=SmtpSecurity.NONE
        )

    @property
    def messages(self) -> list[Message]:
        """Every message received so far, oldest first."""
        return self.handler.messages

    def to(self, address: str) -> list[Message]:
        """Messages sent to ``address``."""
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def body(message: Message) -> str:
        """The plain-text body of a message."""
        payload = message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        return payload.decode()


@contextmanager
def running_mailbox() -> Iterator[Mailbox]:
    """An aiosmtpd server on a free local port while the block runs."""
    handler = _Handler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Mailbox("127.0.0.1", port, handler)
    finally:
        controller.stop()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """An aiosmtpd server for the length of one test."""
    with running_mailbox() as box:
        yield box
