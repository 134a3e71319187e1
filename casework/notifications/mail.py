"""Sending content-free email through the office's SMTP server.

Confide sends mail only to staff and filers, and only to say that something is waiting in
the console or the gateway: case ids, dates, counts and links, never what anyone wrote,
never a name (DESIGN.md, G1). Mail is the one thing that leaves the office without a
consent-log entry, so callers compose it from fixed wording only. This module does not
enforce that (it cannot tell content from an id); the callers build their messages from
clear metadata only, and their tests read what arrived and check it.

:class:`SmtpSettings` is what the ``CONFIDE_SMTP_*`` environment variables describe
(``docs/settings.md``); :func:`send` opens one connection, upgrades it to TLS unless told
not to (``security="none"`` is for a relay on the same host and for tests), signs in when a
username is set, and sends one message per recipient. Every failure is a
:class:`MailError`, so a caller can keep going with the next recipient. No
``CONFIDE_SMTP_HOST`` (settings of None) is :class:`MailNotConfiguredError`: the caller is
told, rather than mail being dropped silently.
"""

from __future__ import annotations

import enum
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

SMTP_TIMEOUT_SECONDS = 30.0


class SmtpSecurity(enum.StrEnum):
    """How the connection to the SMTP server is protected."""

    STARTTLS = "starttls"  # plain connection upgraded with STARTTLS (port 587)
    TLS = "tls"  # TLS from the first byte (port 465)
    NONE = "none"  # no TLS: a relay on the same host, or a test server


class MailError(RuntimeError):
    """The message could not be handed to the SMTP server."""


class MailNotConfiguredError(MailError):
    """No SMTP server is set (``CONFIDE_SMTP_HOST``), so nothing can be sent."""


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where and how to send mail.

    Attributes:
        host: the SMTP server.
        port: its port.
        sender: the From address.
        security: see :class:`SmtpSecurity`.
        username, password: sign-in, when the server wants one ("" for none).
        timeout_seconds: how long to wait for the server before giving up.
    """

    host: str
    port: int
    sender: str
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str = ""
    password: str = field(default="", repr=False)
    timeout_seconds: float = SMTP_TIMEOUT_SECONDS


@dataclass(frozen=True, slots=True)
class Mail:
    """One plain-text message to one recipient (clear metadata only: see the module).

    ``language`` is the BCP 47 tag of the language it is written in (``Content-Language``).
    """

    to: str
    subject: str
    body: str
    language: str = "en"

    @classmethod
    def of_lines(cls, to: str, subject: str, lines: Sequence[str], language: str = "en") -> Mail:
        """A message whose body is ``lines``, one per line."""
        return cls(to=to, subject=subject, body="\n".join(lines) + "\n", language=language)


def _message(settings: SmtpSettings, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to us
    message.set_content(mail.body)
    message["Content-Language"] = mail.language  # after set_content, which clears Content-*
    return message


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    # The TLS context is made only when TLS is used: loading the system's CA certificates
    # costs tens of milliseconds, paid per mail when a cycle's filers are invited one by one.
    if settings.security == SmtpSecurity.TLS:
        return smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            timeout=settings.timeout_seconds,
            context=ssl.create_default_context(),
        )
    client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds)
    if settings.security == SmtpSecurity.STARTTLS:
        try:
            client.starttls(context=ssl.create_default_context())
        except BaseException:
            client.close()
            raise
    return client


def send(settings: SmtpSettings | None, mails: Sequence[Mail]) -> None:
    """Send ``mails`` over one connection to the SMTP server.

    Args:
        settings: the server (None when no ``CONFIDE_SMTP_HOST`` is set).
        mails: the messages (nothing is sent, and no connection made, when empty).

    Raises:
        MailNotConfiguredError: there are mails and no server is set.
        MailError: the server could not be reached, refused the sign-in or a recipient.
    """
    if not mails:
        return
    if settings is None:
        raise MailNotConfiguredError("no SMTP server is set (CONFIDE_SMTP_HOST)")
    try:
        with _connect(settings) as client:
            if settings.username:
                client.login(settings.username, settings.password)
            for mail in mails:
                client.send_message(_message(settings, mail))
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"the SMTP server did not take the mail: {type(error).__name__}") from error
