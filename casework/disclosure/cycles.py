"""Disclosure cycles: one a year, with a filing deadline and reminder days before it.

The director opens a cycle (year, deadline, reminder days, the qualification rules in force)
and closes it. Everything here is clear metadata (DESIGN.md, "Clear metadata": the
disclosure cycle); the filers and their statements hang off the cycle by id.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from casework.disclosure.rules import QualificationRules
from casework.disclosure.tables import CycleStatus, DisclosureCycle
from casework.store.clock import utcnow

MAX_REMINDER_DAYS = 5
NEW_FILER_DAYS = 30
"""A filer added after the cycle opened files within this many days of being added."""


class CycleError(ValueError):
    """A cycle cannot be opened or changed as asked (the message says why)."""


def parse_reminder_days(text: str) -> tuple[int, ...]:
    """Read ``"14, 7, 1"``: distinct whole days from 1 to 365, largest first.

    Raises:
        CycleError: anything else.
    """
    try:
        days = {int(part) for part in text.replace(";", ",").split(",") if part.strip()}
    except ValueError:
        raise CycleError("reminder days are whole numbers separated by commas") from None
    if any(not 1 <= d <= 365 for d in days) or len(days) > MAX_REMINDER_DAYS:
        raise CycleError(f"up to {MAX_REMINDER_DAYS} reminder days, each from 1 to 365")
    return tuple(sorted(days, reverse=True))


def open_cycle(
    *,
    session: Session,
    year: int,
    deadline: date,
    reminder_days: tuple[int, ...],
    rules: QualificationRules,
    opened_by: str,
    today: date,
) -> DisclosureCycle:
    """Open the cycle of ``year``.

    Raises:
        CycleError: the year already has a cycle, or the deadline is not after today.
    """
    if session.exec(select(DisclosureCycle).where(DisclosureCycle.year == year)).first():
        raise CycleError(f"there is already a cycle for {year}")
    if deadline <= today:
        raise CycleError("the filing deadline must be after today")
    cycle = DisclosureCycle(
        year=year,
        deadline=deadline,
        reminder_days=",".join(str(d) for d in reminder_days),
        rules_json=rules.to_json(),
        opened_by=opened_by,
    )
    session.add(cycle)
    session.flush()
    return cycle


def close_cycle(*, session: Session, cycle: DisclosureCycle) -> None:
    """Close a cycle: no more filing (statements already filed stay under review)."""
    cycle.status = CycleStatus.CLOSED
    cycle.closed_at = utcnow()
    session.add(cycle)
    session.flush()


def get_cycle(*, session: Session, cycle_id: str) -> DisclosureCycle | None:
    """The cycle with this id, or None."""
    return session.get(DisclosureCycle, cycle_id)


def list_cycles(*, session: Session) -> list[DisclosureCycle]:
    """Every cycle, newest year first."""
    return list(session.exec(select(DisclosureCycle).order_by(col(DisclosureCycle.year).desc())))
