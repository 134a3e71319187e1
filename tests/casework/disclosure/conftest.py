"""A cycle with a roster, for the disclosure tests."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from casework.disclosure.cycles import get_cycle, open_cycle
from casework.disclosure.roster import import_roster, read_roster
from casework.disclosure.rules import QualificationRules
from casework.disclosure.tables import DisclosureFiler
from casework.notifications.disclosure import invite_filer, link_account
from casework.people.filer_auth import accept_filer_invitation, staff_lookup_of
from casework.people.principals import Role
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from crypto import TEST_KDF
from tests.conftest import OfficeFixture, Person
from tests.mailbox import Mailbox

FILER_PASSWORD = "quartz lantern orchard velvet"
ROSTER = (
    b"staff_id,email,name,grade,role\n"
    b"S001,ana@example.org,Ana Alvarez,P-5,programme\n"
    b"S002,ben@example.org,Ben Brown,G-6,finance\n"
    b"S003,cy@example.org,Cy Chen,P-3,programme\n"
)


@dataclass
class CycleFixture:
    """An open cycle, its director, and the ids of its filers (S001 and S002)."""

    id: str
    director: Person
    filer_ids: list[str]


def cycle_with_roster(
    engine: Engine, pepper: bytes, director: Person, roster: bytes = ROSTER
) -> CycleFixture:
    """Open the 2026 cycle (deadline in 60 days) and import ``roster`` into it."""
    with transaction(engine) as session:
        opened = open_cycle(
            session=session,
            year=2026,
            deadline=today() + timedelta(days=60),
            reminder_days=(14, 7, 1),
            rules=QualificationRules(),
            opened_by=director.id,
            today=today(),
        )
        cycle = get_cycle(session=session, cycle_id=opened.id)
        assert cycle is not None
        added = import_roster(
            session=session, pepper=pepper, cycle=cycle, rows=read_roster(roster, cycle)
        )
        return CycleFixture(cycle.id, director, [f.id for f in added])


@pytest.fixture
def cycle(office: OfficeFixture, settings: Settings) -> CycleFixture:
    """A 2026 cycle, deadline in 60 days, with Ana and Ben on its roster."""
    return cycle_with_roster(office.engine, settings.pepper, office.person("dora", Role.DIRECTOR))


@dataclass
class EnrolledFiler:
    """A filer who accepted their invitation: their roster row, account and seed."""

    filer_id: str
    principal_id: str
    seed: bytes
    username: str


def enrol_filer(
    engine: Engine,
    settings: Settings,
    cycle_id: str,
    filer_id: str,
    invited_by: str,
    *,
    password: str = FILER_PASSWORD,
) -> EnrolledFiler:
    """Invite a filer through a real SMTP server and accept the link from the mail."""
    from tests.mailbox import running_mailbox

    with running_mailbox() as box, transaction(engine) as session:
        filer = session.get(DisclosureFiler, filer_id)
        row = get_cycle(session=session, cycle_id=cycle_id)
        assert filer is not None and row is not None
        invite_filer(
            session=session,
            pepper=settings.pepper,
            filer=filer,
            cycle=row,
            invited_by=invited_by,
            smtp=box.smtp,
            gateway_url="https://gw",
        )
        token = Mailbox.body(box.messages[-1]).split("/filer/invitation/")[1].split()[0]
    with transaction(engine) as session:
        signed = accept_filer_invitation(
            session=session, pepper=settings.pepper, token=token, password=password, params=TEST_KDF
        )
        link_account(
            session=session,
            staff_lookup=staff_lookup_of(signed.principal.username),
            principal_id=signed.principal.id,
        )
        return EnrolledFiler(filer_id, signed.principal.id, signed.seed, signed.principal.username)
