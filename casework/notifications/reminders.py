"""Reminders on the cycle's reminder days: content-free, once per filer and reminder day.

Run by ``confide disclosure-reminders`` (a daily timer) or from the cycle page. For each
filer of an open cycle who has not filed, the reminder that applies today is the one with the
fewest days left that has been reached (14, 7 or 1 days before *their own* due date, so new
filers are reminded on their 30-day clock). A :class:`DisclosureReminder` row per filer and
reminder day, under a unique constraint, makes the job idempotent: however often it runs,
and even if it was down on the day itself, each reminder goes out at most once. Each mail
is sent inside a savepoint, so one refused address neither stops the others nor leaves a
row claiming a reminder that never left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select

from casework.disclosure.filers import contact_of
from casework.disclosure.overview import UNFILED, cycle_statuses
from casework.disclosure.tables import CycleStatus, DisclosureCycle, DisclosureFiler
from casework.notifications.mail import Mailer, MailError
from casework.store.clock import utcnow
from casework.store.ids import new_id


class DisclosureReminder(SQLModel, table=True):
    """One reminder sent to one filer (at most one per reminder day)."""

    __tablename__ = "disclosure_reminder"
    __table_args__ = (UniqueConstraint("filer_id", "days_before"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    filer_id: str = Field(foreign_key="disclosure_filer.id", index=True, max_length=32)
    days_before: int
    sent_at: datetime = Field(default_factory=utcnow)


@dataclass(frozen=True, slots=True)
class ReminderRun:
    """What one run did."""

    sent: int
    failed: int


def reminder_due(cycle: DisclosureCycle, filer: DisclosureFiler, on: date) -> int | None:
    """The reminder day (days before the filer's due date) that applies on ``on``, if any."""
    if on > filer.due_on:
        return None
    reached = [d for d in cycle.reminders if on >= filer.due_on - timedelta(days=d)]
    return min(reached) if reached else None


def _sent(session: Session, filer_id: str) -> set[int]:
    rows = session.exec(
        select(DisclosureReminder.days_before).where(DisclosureReminder.filer_id == filer_id)
    )
    return set(rows)


def send_reminders(
    *, session: Session, pepper: bytes, mailer: Mailer, gateway_url: str, on: date
) -> ReminderRun:
    """Send every reminder due on ``on`` that was not sent before."""
    sent = failed = 0
    cycles = session.exec(select(DisclosureCycle).where(DisclosureCycle.status == CycleStatus.OPEN))
    for cycle in list(cycles):
        for status in cycle_statuses(session=session, cycle_id=cycle.id, on=on):
            filer = status.filer
            days = reminder_due(cycle, filer, on)
            if status.state not in UNFILED or days is None or days in _sent(session, filer.id):
                continue
            try:
                with session.begin_nested():
                    session.add(DisclosureReminder(filer_id=filer.id, days_before=days))
                    session.flush()
                    mailer.send(
                        to=contact_of(pepper, filer).email,
                        subject=f"Reminder: your {cycle.year} financial disclosure statement",
                        lines=[
                            f"Your {cycle.year} financial disclosure statement is due by"
                            f" {filer.due_on.isoformat()} and has not been filed yet.",
                            "",
                            "Sign in to file it:",
                            gateway_url.rstrip("/") + "/filer/sign-in",
                        ],
                    )
            except MailError:
                failed += 1
                continue
            sent += 1
    return ReminderRun(sent=sent, failed=failed)
