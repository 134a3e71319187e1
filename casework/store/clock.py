"""Time helpers: timezone-aware UTC in the database, days for anonymous submissions."""

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """Now, in UTC to the second (how every timestamp is stored)."""
    return datetime.now(UTC).replace(microsecond=0)


def today() -> date:
    """Today's date in UTC: the only precision kept for anonymous submissions (G2)."""
    return datetime.now(UTC).date()
