"""Time helpers: naive UTC everywhere in the database, days for anonymous submissions."""

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """Now, as naive UTC (how every timestamp is stored, on SQLite and PostgreSQL alike)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def today() -> date:
    """Today's date in UTC: the only precision kept for anonymous submissions (G2)."""
    return datetime.now(UTC).date()
