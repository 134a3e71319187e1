"""Reminders: officers' daily digests and filers' disclosure reminders, each sent once.

``confide reminders`` (from cron or a systemd timer) runs both jobs; the cycle page runs
the filers' one on demand. Both follow one design (:func:`_deliver`): what is due is read
from clear metadata, then each mail is *claimed* by inserting a row under a unique key (a
:class:`~casework.notifications.addresses.DigestSent` per officer and day, a
:class:`DisclosureReminder` per filer and reminder day), sent, and the claim commits only
if the SMTP server took the mail. A second run (or a concurrent one, which waits on the
row) finds the claim and sends nothing; a run whose mail failed leaves no claim, so the
next run tries again; one refused address does not stop the others.

- **Officers** (:func:`send_reminders`): each active officer or director with an address
  gets the open cases granted to them whose deadline has passed or falls within
  :data:`~casework.cases.deadlines.SOON_DAYS`, exactly as the inbox badges show them
  (:func:`casework.cases.deadlines.badges`, one rule for both): case ids and due dates,
  never a channel, a category, content or a name, since mail leaves in the clear.
- **Filers** (:func:`send_filer_reminders`): each filer of an open cycle who has not filed
  gets the reminder with the fewest days left that has been reached (e.g. 14, 7 or 1 days
  before *their own* due date, so new filers are reminded on their 30-day clock), even if
  the job was down on the day itself: a date and a link, nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import UniqueConstraint
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, or_, select

from casework.cases.deadlines import SOON_DAYS, badges
from casework.cases.envelope import Case, Grant
from casework.cases.milestones import milestones_of_many
from casework.channels.policy import CLOSED
from casework.disclosure.filers import contact_of
from casework.disclosure.overview import UNFILED, cycle_statuses
from casework.disclosure.tables import CycleStatus, DisclosureCycle, DisclosureFiler
from casework.notifications.addresses import DigestSent, StaffAddress
from casework.notifications.i18n import _, ngettext
from casework.notifications.mail import Mail, MailError, SmtpSettings, send
from casework.people.principals import Principal, PrincipalStatus, Role
from casework.store.clock import utcnow
from casework.store.db import transaction
from casework.store.ids import new_id
from intake_forms.languages import current, using

DIGEST_ROLES = (Role.OFFICER, Role.DIRECTOR)


class DisclosureReminder(SQLModel, table=True):
    """One reminder sent to one filer (at most one per reminder day)."""

    __tablename__ = "disclosure_reminder"
    __table_args__ = (UniqueConstraint("filer_id", "days_before"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    filer_id: str = Field(foreign_key="disclosure_filer.id", index=True, max_length=32)
    days_before: int
    sent_at: datetime = Field(default_factory=utcnow)


@dataclass(frozen=True, slots=True, order=True)
class DueCase:
    """One line of a digest: the earliest shown deadline of a case."""

    due_on: date
    case_id: str


@dataclass(slots=True)
class RemindersRun:
    """What one run did, for the command's output and the cycle page (counts and ids only)."""

    sent: int = 0
    already_sent: int = 0
    no_address: int = 0
    failed: list[str] = field(default_factory=list)

    def count(self, who: str, result: str) -> None:
        """Add one :func:`_deliver` result for ``who`` (a principal or filer id)."""
        if result == "failed":
            self.failed.append(who)
        else:
            setattr(self, result, getattr(self, result) + 1)


def _deliver(engine: Engine, smtp: SmtpSettings | None, claim: SQLModel, mail: Mail) -> str:
    """Claim, send and commit one mail: ``sent``, ``already_sent`` or ``failed``."""
    try:
        with transaction(engine) as session:
            session.add(claim)
            session.flush()
            send(smtp, [mail])
    except IntegrityError:
        return "already_sent"
    except MailError:
        return "failed"
    return "sent"


def due_cases(*, session: Session, cases: Sequence[Case], on: date) -> dict[str, DueCase]:
    """The cases with a deadline overdue or due within ``SOON_DAYS`` of ``on``, by id."""
    milestones = milestones_of_many(session=session, cases=cases)
    found: dict[str, DueCase] = {}
    for case in cases:
        shown = [b for b in badges(case, milestones[case.id], on) if b.days <= SOON_DAYS]
        if shown:
            days = min(b.days for b in shown)
            found[case.id] = DueCase(on + timedelta(days=days), case.id)
    return found


def due_by_officer(*, session: Session, on: date) -> dict[str, list[DueCase]]:
    """Every active officer's and director's due cases (among their grants), sorted."""
    horizon = on + timedelta(days=SOON_DAYS)
    query = (
        select(Case, Grant.principal_id)
        .join(Grant, col(Grant.case_id) == col(Case.id))
        .join(Principal, col(Principal.id) == col(Grant.principal_id))
        .where(
            col(Case.status) != CLOSED,
            col(Case.shredded).is_(False),
            or_(col(Case.ack_due_on) <= horizon, col(Case.due_on) <= horizon),
            col(Principal.status) == PrincipalStatus.ACTIVE,
            col(Principal.role).in_([str(r) for r in DIGEST_ROLES]),
        )
    )
    rows = list(session.exec(query))
    due = due_cases(
        session=session, cases=list({c.id: c for c, _principal in rows}.values()), on=on
    )
    found: dict[str, list[DueCase]] = defaultdict(list)
    for case, principal_id in rows:
        if case.id in due:
            found[principal_id].append(due[case.id])
    return {principal: sorted(items) for principal, items in found.items()}


def digest(address: str, items: Sequence[DueCase], on: date, language: str | None = None) -> Mail:
    """The digest mail: counts, case ids and dates, nothing else, in ``language``."""
    overdue = [i for i in items if i.due_on < on]
    soon = [i for i in items if i.due_on >= on]
    with using(language):
        lines = [
            _("Cases granted to you that are due or overdue, as of %(date)s.", date=on.isoformat()),
            "",
        ]
        headings = (
            (_("Overdue:"), overdue),
            (ngettext("Due within %(num)s day:", "Due within %(num)s days:", SOON_DAYS), soon),
        )
        for heading, group in headings:
            if group:
                lines.append(heading)
                lines.extend(
                    "  " + _("%(case)s  due %(date)s", case=i.case_id, date=i.due_on.isoformat())
                    for i in group
                )
                lines.append("")
        lines.append(
            _("Open them in the reviewer console. This message holds case ids and dates only.")
        )
        subject = ngettext(
            "Confide: %(num)s case due or overdue (%(date)s)",
            "Confide: %(num)s cases due or overdue (%(date)s)",
            len(items),
            date=on.isoformat(),
        )
        tag = current().tag
    return Mail(to=address, subject=subject, body="\n".join(lines) + "\n", language=tag)


def send_reminders(*, engine: Engine, smtp: SmtpSettings | None, on: date) -> RemindersRun:
    """Send today's digest to every officer who has something due and has not had one."""
    with transaction(engine) as session:
        due = due_by_officer(session=session, on=on)
        claimed = set(session.exec(select(DigestSent.principal_id).where(DigestSent.day == on)))
        addresses = {a.principal_id: a.address for a in session.exec(select(StaffAddress))}
        languages = dict(session.exec(select(Principal.id, Principal.language)).all())
    run = RemindersRun()
    for principal_id in sorted(due):
        items = due[principal_id]
        if principal_id in claimed:
            run.already_sent += 1
        elif principal_id not in addresses:
            run.no_address += 1
        else:
            claim = DigestSent(principal_id=principal_id, day=on, cases=len(items))
            mail = digest(addresses[principal_id], items, on, languages.get(principal_id))
            run.count(principal_id, _deliver(engine, smtp, claim, mail))
    return run


def reminder_due(cycle: DisclosureCycle, filer: DisclosureFiler, on: date) -> int | None:
    """The reminder day (days before the filer's due date) that applies on ``on``, if any."""
    if on > filer.due_on:
        return None
    reached = [d for d in cycle.reminders if on >= filer.due_on - timedelta(days=d)]
    return min(reached) if reached else None


def filer_reminder(
    cycle: DisclosureCycle, filer: DisclosureFiler, email: str, gateway_url: str
) -> Mail:
    """The reminder mail: the year, the filer's due date and the sign-in link, nothing else."""
    with using(filer.language):
        return Mail.of_lines(
            email,
            _("Reminder: your %(year)s financial disclosure statement", year=cycle.year),
            [
                _(
                    "Your %(year)s financial disclosure statement is due by %(date)s and has"
                    " not been filed yet.",
                    year=cycle.year,
                    date=filer.due_on.isoformat(),
                ),
                "",
                _("Sign in to file it:"),
                gateway_url.rstrip("/") + "/filer/sign-in",
            ],
            current().tag,
        )


def _filer_reminders_due(
    session: Session, pepper: bytes, gateway_url: str, on: date
) -> list[tuple[DisclosureReminder, Mail]]:
    """The claims and mails of every filer reminder due on ``on`` and not sent before."""
    sent = set(
        session.exec(select(DisclosureReminder.filer_id, DisclosureReminder.days_before)).all()
    )
    cycles = session.exec(select(DisclosureCycle).where(DisclosureCycle.status == CycleStatus.OPEN))
    due: list[tuple[DisclosureReminder, Mail]] = []
    for cycle in list(cycles):
        for status in cycle_statuses(session=session, cycle_id=cycle.id, on=on):
            filer = status.filer
            days = reminder_due(cycle, filer, on)
            if status.state not in UNFILED or days is None or (filer.id, days) in sent:
                continue
            email = contact_of(pepper, filer).email
            claim = DisclosureReminder(filer_id=filer.id, days_before=days)
            due.append((claim, filer_reminder(cycle, filer, email, gateway_url)))
    return due


def send_filer_reminders(
    *, engine: Engine, smtp: SmtpSettings | None, pepper: bytes, gateway_url: str, on: date
) -> RemindersRun:
    """Send every filer reminder due on ``on`` that was not sent before."""
    with transaction(engine) as session:
        due = _filer_reminders_due(session, pepper, gateway_url, on)
    run = RemindersRun()
    for claim, mail in due:
        run.count(claim.filer_id, _deliver(engine, smtp, claim, mail))
    return run
