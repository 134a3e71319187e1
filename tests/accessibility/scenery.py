"""What the accessibility walk needs to find in the office before it starts.

Every page must be seen in the state that shows the most of it: a case with a reply from
the office and a consent request waiting for the person, a case of every channel for the
console, a disclosure cycle whose filers were invited through a real SMTP server.
"""

from __future__ import annotations

from dataclasses import dataclass

from casework.cases.dialogue import post_message
from casework.cases.messages import Author
from casework.channels.registry import all_policies
from casework.people.office import set_channel_recipients
from casework.people.principals import Role
from casework.referrals.consent import Recipient, RequestContent, ask
from casework.store.db import transaction
from confide.settings import Settings
from tests.conftest import OfficeFixture, Person
from tests.factories import TEST_CHANNELS, make_case, receipt_secrets, submit
from tests.gateway.filerkit import Roster, invitation_path, open_cycle_with_roster
from tests.mailbox import Mailbox


@dataclass
class Scenery:
    """The people, cases and links the walk uses."""

    director: Person
    officer: Person
    reviewer: Person
    """The external reviewer (read-only; the walk grants them the filed statement)."""
    receipt: str
    """A report with a reply from the office and a consent request waiting."""
    cases: dict[str, str]
    """A case id per channel (the console's case page of each), all granted to both."""
    roster: Roster
    invitations: dict[str, str]
    """Each invited filer's invitation path, by staff id."""


def channels() -> list[str]:
    """The office's channels (the test copies of the report channel left out)."""
    return [p.id for p in all_policies() if p.id not in TEST_CHANNELS]


def set_up(office: OfficeFixture, settings: Settings, mailbox: Mailbox) -> Scenery:
    """Make the office the walk expects (see the module docstring)."""
    roster = open_cycle_with_roster(office, settings, mailbox)
    director = office.person("dana", Role.DIRECTOR)
    officer = office.person("olga")
    reviewer = office.person("rex", Role.REVIEWER)
    staff = [director.id, officer.id]
    with transaction(office.engine) as session:
        for channel in channels():
            set_channel_recipients(session=session, channel=channel, principal_ids=staff)
    receipt, secrets = receipt_secrets(office.office_salt, settings.pepper)
    case_id, key = submit(office.engine, secrets, channel="report")
    with transaction(office.engine) as session:
        post_message(
            session=session,
            case_id=case_id,
            case_key=key,
            author=Author.OFFICE,
            author_id=officer.id,
            body="Thank you. Could you say when the invoices were paid?",
        )
        ask(
            session=session,
            case_id=case_id,
            case_key=key,
            officer_id=officer.id,
            content=RequestContent(
                "your report", Recipient.INVESTIGATIONS, "", "so that it can be investigated"
            ),
        )
    cases = {
        channel: make_case(
            office.engine,
            settings,
            office,
            channel=channel,
            identity={"name": "Ada Example"},
            files=[("invoice.pdf", b"%PDF-1.4 test")],
        )[0]
        for channel in channels()
        if channel != "disclosure"  # filed by a filer during the walk
    }
    invitations = {
        "S100": invitation_path(mailbox, "ana.alvarez@example.org"),
        "S200": invitation_path(mailbox, "ben.brown@example.org"),
    }
    return Scenery(director, officer, reviewer, receipt, cases, roster, invitations)
