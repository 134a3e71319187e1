"""Mail goes through a real SMTP server; a server that cannot be reached is a MailError."""

from __future__ import annotations

from dataclasses import replace

import pytest

from casework.notifications.mail import Mail, MailError, SmtpSecurity, SmtpSettings, send
from tests.mailserver import Inbox


def test_send_delivers_each_message(smtp_server: tuple[Inbox, SmtpSettings]) -> None:
    """Two messages over one connection arrive with their recipient, subject and body."""
    inbox, settings = smtp_server
    mails = [
        Mail("a@ethics.example.org", "Cases due", "Case 1 is due on 2026-12-01."),
        Mail("b@ethics.example.org", "Cases due", "Case 2 is due on 2026-12-02."),
    ]

    send(settings, mails)

    assert inbox.recipients == [["a@ethics.example.org"], ["b@ethics.example.org"]]
    first = inbox.messages[0]
    assert first["From"] == "confide@ethics.example.org"
    assert first["Subject"] == "Cases due"
    assert first["Auto-Submitted"] == "auto-generated"
    assert first.get_payload(decode=True).decode().strip() == "Case 1 is due on 2026-12-01."


def test_nothing_to_send_makes_no_connection() -> None:
    """An empty batch does not even try to reach the server."""
    settings = SmtpSettings(host="127.0.0.1", port=1, sender="x@example.org", timeout_seconds=1)

    send(settings, [])


def test_unreachable_server_is_a_mail_error(smtp_server: tuple[Inbox, SmtpSettings]) -> None:
    """A server that refuses the connection raises MailError, not a socket error."""
    _inbox, settings = smtp_server
    closed = replace(settings, port=1)

    with pytest.raises(MailError):
        send(closed, [Mail("a@example.org", "s", "b")])


def test_starttls_refused_by_a_plain_server(smtp_server: tuple[Inbox, SmtpSettings]) -> None:
    """Asking for STARTTLS from a server without it fails instead of sending in the clear."""
    inbox, settings = smtp_server
    wants_tls = replace(settings, security=SmtpSecurity.STARTTLS)

    with pytest.raises(MailError):
        send(wants_tls, [Mail("a@example.org", "s", "b")])

    assert inbox.messages == []
