"""The deadlines the office works to (DESIGN.md, "Deadlines").

EU Directive 2019/1937, art. 9: acknowledge a report within 7 days of receipt; give feedback
within a reasonable time not exceeding 3 months from the acknowledgement or, if none was
sent, from the end of the 7-day period after the report was made.
"""

import calendar
from datetime import date, timedelta

ACKNOWLEDGE_WITHIN = timedelta(days=7)
FEEDBACK_WITHIN_MONTHS = 3


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of shorter months."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def acknowledgement_due(received_on: date) -> date:
    """When the acknowledgement is due."""
    return received_on + ACKNOWLEDGE_WITHIN


def feedback_due(received_on: date, acknowledged_on: date | None) -> date:
    """When feedback is due: 3 months from the acknowledgement, or from day 7 without one."""
    start = acknowledged_on if acknowledged_on is not None else acknowledgement_due(received_on)
    return add_months(start, FEEDBACK_WITHIN_MONTHS)


def days_left(due: date | None, today: date) -> int | None:
    """Days until ``due`` (negative when overdue), or None when nothing is due."""
    return None if due is None else (due - today).days
