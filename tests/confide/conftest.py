"""The real SMTP server fixture, for the `confide reminders` tests."""

from tests.mailserver import smtp_server

__all__ = ["smtp_server"]
