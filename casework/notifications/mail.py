"""Content-free email: a subject and a few plain lines, sent through the office's SMTP relay.

Mail is the one thing Confide sends outside the office without a consent-log entry, so it
never carries case content: an invitation carries a link, a reminder a date, a question
notice only the fact that there is a question. Callers compose the text from fixed wording;
nothing a reporter, filer or officer typed is ever put in a message. The relay is plain SMTP
on the office network (``CONFIDE_SMTP_HOST``); an unset host means no mail at all, and the
caller is told (:class:`MailNotConfiguredError`) rather than mail being dropped silently.
"""

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

SMTP_TIMEOUT_SECONDS = 10


class MailError(RuntimeError):
    """A message could not be handed to the relay."""


class MailNotConfiguredError(MailError):
    """No SMTP host is set, so nothing can be sent."""


@dataclass(frozen=True, slots=True)
class Mailer:
    """Where mail goes: the relay and the sender address."""

    host: str
    port: int
    sender: str

    def send(self, *, to: str, subject: str, lines: list[str]) -> None:
        """Hand one plain-text message to the relay.

        Raises:
            MailNotConfiguredError: no relay is set.
            MailError: the relay refused it or could not be reached.
        """
        if not self.host:
            raise MailNotConfiguredError("no SMTP host is set (CONFIDE_SMTP_HOST)")
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content("\n".join(lines) + "\n")
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(
                f"the mail relay did not take the message ({type(exc).__name__})"
            ) from exc
