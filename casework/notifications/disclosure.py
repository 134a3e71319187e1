"""Filers' emails: invitations (a single-use link that expires) and "the office wrote to you".

The link carries a random 256-bit token; only its keyed hash is stored (the same
:class:`~casework.people.principals.Invitation` table as staff invitations, role
``filer``). A new invitation for the same person voids the ones before it, so at most one
link works at a time; accepting it spends it (:mod:`casework.people.filer_auth`). A filer
who lost their password is simply invited again.
"""

from datetime import timedelta

from sqlmodel import Session, col, func, select, update

from casework.cases.envelope import Case
from casework.disclosure.filers import contact_of
from casework.disclosure.tables import DisclosureCycle, DisclosureFiler, DisclosureStatement
from casework.notifications.i18n import _, ngettext
from casework.notifications.mail import Mail, SmtpSettings, send
from casework.people.filer_auth import filer_username
from casework.people.principals import Invitation, Role, token_hash
from casework.store.clock import utcnow
from crypto import token_urlsafe
from intake_forms.languages import current, using

FILER_INVITATION_LIFETIME = timedelta(days=14)
INVITATION_PATH = "/filer/invitation/"


def _void_open_invitations(session: Session, username: str) -> None:
    session.exec(
        update(Invitation)
        .where(col(Invitation.username) == username, col(Invitation.used_at).is_(None))
        .values(used_at=utcnow())
    )


def invite_filer(
    *,
    session: Session,
    pepper: bytes,
    filer: DisclosureFiler,
    cycle: DisclosureCycle,
    invited_by: str,
    smtp: SmtpSettings | None,
    gateway_url: str,
) -> None:
    """Create a fresh single-use link for ``filer`` and email it to them.

    Raises:
        casework.notifications.mail.MailError: the message could not be sent (the caller's
            transaction then rolls back, and no link exists that nobody received).
    """
    username = filer_username(filer.staff_lookup)
    _void_open_invitations(session, username)
    token = token_urlsafe(32)
    session.add(
        Invitation(
            token_hash=token_hash(pepper, token),
            username=username,
            role=Role.FILER,
            invited_by=invited_by,
            expires_at=utcnow() + FILER_INVITATION_LIFETIME,
        )
    )
    filer.invited_at = utcnow()
    session.add(filer)
    session.flush()
    contact = contact_of(pepper, filer)
    with using(filer.language):
        mail = Mail.of_lines(
            contact.email,
            _("Your %(year)s financial disclosure statement", year=cycle.year),
            [
                _(
                    "The ethics office asks you to file your %(year)s financial disclosure"
                    " statement by %(date)s.",
                    year=cycle.year,
                    date=filer.due_on.isoformat(),
                ),
                "",
                ngettext(
                    "Set your password with this link (it works once and expires in %(num)s day):",
                    "Set your password with this link (it works once and expires in %(num)s days):",
                    FILER_INVITATION_LIFETIME.days,
                ),
                gateway_url.rstrip("/") + INVITATION_PATH + token,
                "",
                _("You will sign in with your staff id and that password."),
            ],
            current().tag,
        )
    send(smtp, [mail])


def filers_to_invite(*, session: Session, cycle_id: str) -> list[DisclosureFiler]:
    """The filers of a cycle who have no account yet and were never invited."""
    query = select(DisclosureFiler).where(
        DisclosureFiler.cycle_id == cycle_id,
        col(DisclosureFiler.principal_id).is_(None),
        col(DisclosureFiler.invited_at).is_(None),
    )
    return list(session.exec(query))


def count_to_invite(*, session: Session, cycle_id: str) -> int:
    """How many filers :func:`filers_to_invite` would return (one count, no rows loaded)."""
    query = select(func.count()).where(
        DisclosureFiler.cycle_id == cycle_id,
        col(DisclosureFiler.principal_id).is_(None),
        col(DisclosureFiler.invited_at).is_(None),
    )
    return int(session.exec(query).one())


def link_account(*, session: Session, staff_lookup: bytes, principal_id: str) -> None:
    """Attach a filer's account to every cycle they are on (after they set a password)."""
    session.exec(
        update(DisclosureFiler)
        .where(col(DisclosureFiler.staff_lookup) == staff_lookup)
        .values(principal_id=principal_id)
    )
    session.flush()


def notice_lines(year: int, gateway_url: str) -> list[str]:
    """The whole of the email that tells a filer there is something to read."""
    return [
        _(
            "The ethics office has a question or a message about your %(year)s financial"
            " disclosure statement.",
            year=year,
        ),
        "",
        _("Sign in to read it and answer:"),
        gateway_url.rstrip("/") + "/filer/sign-in",
    ]


def tell_filer(
    *, session: Session, case: Case, pepper: bytes, smtp: SmtpSettings | None, gateway_url: str
) -> None:
    """Email the filer of a statement that the office wrote to them (and nothing more).

    Raises:
        LookupError: the case is not a financial disclosure statement.
        casework.notifications.mail.MailError: the email could not be sent.
    """
    row = session.exec(
        select(DisclosureStatement, DisclosureFiler, DisclosureCycle)
        .where(DisclosureStatement.case_id == case.id)
        .join(DisclosureFiler, DisclosureFiler.id == DisclosureStatement.filer_id)  # type: ignore[arg-type]
        .join(DisclosureCycle, DisclosureCycle.id == DisclosureStatement.cycle_id)  # type: ignore[arg-type]
    ).first()
    if row is None:
        raise LookupError("this case is not a financial disclosure statement")
    _statement, filer, cycle = row
    with using(filer.language):
        mail = Mail.of_lines(
            contact_of(pepper, filer).email,
            _("Your %(year)s financial disclosure statement", year=cycle.year),
            notice_lines(cycle.year, gateway_url),
            current().tag,
        )
    send(smtp, [mail])
