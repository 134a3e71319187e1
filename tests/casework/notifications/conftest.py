"""The real SMTP server fixture for the notification tests."""

from tests.mailserver import smtp_server

__all__ = ["smtp_server"]
