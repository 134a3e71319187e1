"""The daily reminders digest: each officer's due and overdue cases, ids and dates only.

``confide reminders`` (from cron or a systemd timer) calls :func:`send_reminders`. For each
active officer or director with an address, it lists the open cases granted to them whose
deadline has passed or falls within :data:`~casework.cases.deadlines.SOON_DAYS`, exactly as
the inbox badges show them (:func:`casework.cases.deadlines.badges`, one rule for both), and
mails the list: case ids and due dates, never a channel, a category, content or a name,
since mail leaves the office's servers in the clear.

It is idempotent per day: the digest is claimed by inserting a
:class:`~casework.notifications.addresses.DigestSent` row for the officer and day, the mail
is sent, and the claim commits only if the SMTP server took it. A second run the same day
(or a concurrent one, which waits on the row) finds the claim and sends nothing; a run
whose mail failed leaves no claim, so the next run tries again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from casework.cases.deadlines import SOON_DAYS, badges
from casework.cases.envelope import Case, Grant
from casework.cases.milestones import milestones_of_many
from casework.channels.policy import CLOSED
from casework.notifications.addresses import DigestSent, StaffAddress
from casework.notifications.mail import Mail, MailError, SmtpSettings, send
from casework.people.principals import Principal, PrincipalStatus, Role
from casework.store.db import transaction

DIGEST_ROLES = (Role.OFFICER, Role.DIRECTOR)


@dataclass(frozen=True, slots=True, order=True)
class DueCase:
    """One line of a digest: the earliest shown deadline of a case."""

    due_on: date
    case_id: str


@dataclass(slots=True)
class RemindersRun:
    """What one run did, for the command's output (counts only)."""

    sent: int = 0
    already_sent: int = 0
    no_address: int = 0
    failed: list[str] = field(default_factory=list)


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
    due = due_cases(session=session, cases=list({c.id: c for c, _ in rows}.values()), on=on)
    found: dict[str, list[DueCase]] = defaultdict(list)
    for case, principal_id in rows:
        if case.id in due:
            found[principal_id].append(due[case.id])
    return {principal: sorted(items) for principal, items in found.items()}


def digest(address: str, items: Sequence[DueCase], on: date) -> Mail:
    """The digest mail: counts, case ids and dates, nothing else."""
    overdue = [i for i in items if i.due_on < on]
    soon = [i for i in items if i.due_on >= on]
    lines = [f"Cases granted to you that are due or overdue, as of {on.isoformat()}.", ""]
    for heading, group in (("Overdue", overdue), (f"Due within {SOON_DAYS} days", soon)):
        if group:
            lines.append(f"{heading}:")
            lines.extend(f"  {i.case_id}  due {i.due_on.isoformat()}" for i in group)
            lines.append("")
    lines.append("Open them in the reviewer console. This message holds case ids and dates only.")
    noun = "case" if len(items) == 1 else "cases"
    subject = f"Confide: {len(items)} {noun} due or overdue ({on.isoformat()})"
    return Mail(to=address, subject=subject, body="\n".join(lines) + "\n")


def _send_one(
    engine: Engine, smtp: SmtpSettings, principal_id: str, items: list[DueCase], on: date
) -> str:
    """Claim, send and commit one officer's digest; returns what happened."""
    try:
        with transaction(engine) as session:
            address = session.get(StaffAddress, principal_id)
            if address is None:
                return "no_address"
            session.add(DigestSent(principal_id=principal_id, day=on, cases=len(items)))
            session.flush()
            send(smtp, [digest(address.address, items, on)])
    except IntegrityError:
        return "already_sent"
    except MailError:
        return "failed"
    return "sent"


def send_reminders(*, engine: Engine, smtp: SmtpSettings, on: date) -> RemindersRun:
    """Send today's digest to every officer who has something due and has not had one."""
    with transaction(engine) as session:
        due = due_by_officer(session=session, on=on)
        claimed = set(session.exec(select(DigestSent.principal_id).where(DigestSent.day == on)))
    run = RemindersRun()
    for principal_id in sorted(due):
        if principal_id in claimed:
            run.already_sent += 1
            continue
        result = _send_one(engine, smtp, principal_id, due[principal_id], on)
        if result == "failed":
            run.failed.append(principal_id)
        else:
            setattr(run, result, getattr(run, result) + 1)
    return run
