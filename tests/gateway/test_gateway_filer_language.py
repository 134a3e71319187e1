"""A filer's emails are written in the filer's language: the roster's, then their choice."""

from __future__ import annotations

from email.header import decode_header, make_header

from sqlmodel import select
from starlette.testclient import TestClient

from casework.disclosure.filers import contact_of
from casework.disclosure.tables import DisclosureCycle, DisclosureFiler
from casework.notifications.i18n import _
from casework.notifications.mail import send
from casework.notifications.reminders import filer_reminder
from casework.store.db import transaction
from confide.settings import Settings
from intake_forms.languages import using
from tests.conftest import OfficeFixture
from tests.gateway.filerkit import accept, invitation_path, open_cycle_with_roster
from tests.mailbox import Mailbox

ROSTER_WITH_LANGUAGES = (
    b"staff_id,email,name,grade,role,language\n"
    b"S100,ana.alvarez@example.org,Ana Alvarez,P-5,programme,fr\n"
    b"S200,ben.brown@example.org,Ben Brown,D-1,programme,\n"
)


def test_invitations_go_out_in_the_roster_s_language(
    office: OfficeFixture, settings: Settings, mailbox: Mailbox
) -> None:
    """Ana's invitation is written in French (her roster line), Ben's in English (none)."""
    open_cycle_with_roster(office, settings, mailbox, ROSTER_WITH_LANGUAGES)

    ana = mailbox.to("ana.alvarez@example.org")[-1]
    ben = mailbox.to("ben.brown@example.org")[-1]

    assert ana["Content-Language"] == "fr"
    assert ben["Content-Language"] == "en"
    with using("fr"):
        french_subject = _("Your %(year)s financial disclosure statement", year=2026)
    assert str(make_header(decode_header(ana["Subject"]))) == french_subject
    assert "You will sign in with your staff id" in Mailbox.body(ben)


def test_a_language_chosen_by_a_signed_in_filer_writes_their_next_emails(
    client: TestClient, office: OfficeFixture, settings: Settings, mailbox: Mailbox
) -> None:
    """Ben chooses Arabic on the gateway: his reminder goes out in Arabic."""
    open_cycle_with_roster(office, settings, mailbox, ROSTER_WITH_LANGUAGES)
    accept(client, invitation_path(mailbox, "ben.brown@example.org"))

    client.get("/language/ar?next=/filer")

    with transaction(office.engine) as session:
        filers = list(session.exec(select(DisclosureFiler)))
        ben = next(f for f in filers if contact_of(settings.pepper, f).name == "Ben Brown")
        cycle = session.exec(select(DisclosureCycle)).one()
        mail = filer_reminder(cycle, ben, "ben.brown@example.org", "https://gw.example.org")
    send(mailbox.smtp, [mail])
    assert {f.language for f in filers} == {"fr", "ar"}
    assert mailbox.to("ben.brown@example.org")[-1]["Content-Language"] == "ar"


def test_a_language_chosen_before_signing_in_is_remembered_at_sign_in(
    client: TestClient, office: OfficeFixture, settings: Settings, mailbox: Mailbox
) -> None:
    """Choosing Spanish on the invitation page, then setting the password, stores Spanish."""
    open_cycle_with_roster(office, settings, mailbox, ROSTER_WITH_LANGUAGES)
    path = invitation_path(mailbox, "ana.alvarez@example.org")
    client.get(f"/language/es?next={path}")

    accept(client, path)

    with transaction(office.engine) as session:
        languages = {
            contact_of(settings.pepper, f).name: f.language
            for f in session.exec(select(DisclosureFiler))
        }
    assert languages == {"Ana Alvarez": "es", "Ben Brown": None}
