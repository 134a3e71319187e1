"""Gateway test helpers for filers: a cycle with a roster, invitations through aiosmtpd."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select
from starlette.testclient import TestClient

from casework.cases.access import open_case
from casework.cases.envelope import Case
from casework.disclosure.cycles import get_cycle, open_cycle
from casework.disclosure.review import request_information
from casework.disclosure.roster import import_roster, read_roster
from casework.disclosure.rules import QualificationRules
from casework.disclosure.tables import DisclosureStatement
from casework.notifications.disclosure import filers_to_invite, invite_filer, tell_filer
from casework.people.principals import Principal, Role
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from crypto import derive_keys
from crypto.seedwrap import unwrap_seed
from tests.conftest import OfficeFixture, Person
from tests.gateway.conftest import csrf_token
from tests.mailbox import Mailbox

ROSTER = (
    b"staff_id,email,name,grade,role\n"
    b"S100,ana.alvarez@example.org,Ana Alvarez,P-5,programme\n"
    b"S200,ben.brown@example.org,Ben Brown,D-1,programme\n"
)
PASSWORD = "quartz lantern orchard velvet"
LINK = re.compile(r"https://gw\.example\.org(/filer/invitation/\S+)")


@dataclass
class Roster:
    """An open cycle, its filer row ids by staff id, and the director who opened it."""

    cycle_id: str
    filers: dict[str, str]
    director_id: str


def open_cycle_with_roster(
    office: OfficeFixture, settings: Settings, mailbox: Mailbox, roster: bytes = ROSTER
) -> Roster:
    """Open a cycle, import the roster and send every invitation through the mailbox."""
    director = office.person("dora", Role.DIRECTOR)
    with transaction(office.engine) as session:
        cycle = open_cycle(
            session=session,
            year=2026,
            deadline=today() + timedelta(days=30),
            reminder_days=(14, 7, 1),
            rules=QualificationRules(),
            opened_by=director.id,
            today=today(),
        )
        added = import_roster(
            session=session, pepper=settings.pepper, cycle=cycle, rows=read_roster(roster, cycle)
        )
        row = get_cycle(session=session, cycle_id=cycle.id)
        assert row is not None
        for filer in filers_to_invite(session=session, cycle_id=cycle.id):
            invite_filer(
                session=session,
                pepper=settings.pepper,
                filer=filer,
                cycle=row,
                invited_by=director.id,
                smtp=mailbox.smtp,
                gateway_url="https://gw.example.org",
            )
        staff = dict(zip(("S100", "S200"), [filer.id for filer in added], strict=False))
    return Roster(cycle.id, staff, director.id)


def mailing(settings: Settings, mailbox: Mailbox) -> Settings:
    """``settings`` with the office's mail going to the test SMTP server, links to the gateway."""
    return settings.with_overrides(
        smtp_host=mailbox.host,
        smtp_port=mailbox.port,
        smtp_security="none",
        smtp_from="eo@x.org",
        gateway_url="https://gw.example.org",
    )


def invitation_path(mailbox: Mailbox, address: str) -> str:
    """The path of the invitation link in the last mail to ``address``."""
    match = LINK.search(Mailbox.body(mailbox.to(address)[-1]))
    assert match is not None
    return match[1]


def accept(client: TestClient, path: str, password: str = PASSWORD):
    """Open an invitation link and set a password, as a browser does."""
    page = client.get(path)
    return client.post(
        path,
        data={"csrf_token": csrf_token(page.text), "password": password, "confirm": password},
        follow_redirects=False,
    )


def post_form(client: TestClient, path: str, data: dict[str, str | list[str]]):
    """Post to a filer page with the CSRF token of its current page."""
    page = client.get(path)
    return client.post(
        path, data={**data, "csrf_token": csrf_token(page.text)}, follow_redirects=False
    )


def sign_in(client: TestClient, staff_id: str, password: str = PASSWORD, totp: str = ""):
    """Sign in through the filer sign-in form."""
    return post_form(
        client, "/filer/sign-in", {"staff_id": staff_id, "password": password, "totp": totp}
    )


def statement_path_of(client: TestClient) -> str:
    """The statement page of the signed-in filer's (only or newest) cycle, from their home."""
    match = re.search(r'href="(/filer/statements/\w+)"', client.get("/filer").text)
    assert match is not None
    return match[1]


def ask_filer(
    engine: Engine, settings: Settings, mailbox: Mailbox, officer: Person, question: str
) -> None:
    """An officer holding the grant asks the filer of the only statement a question."""
    with transaction(engine) as session:
        statement = session.exec(select(DisclosureStatement)).one()
        case = session.get(Case, statement.case_id)
        principal = session.get(Principal, officer.id)
        assert case is not None and principal is not None
        key = open_case(
            session=session,
            case_id=case.id,
            principal_id=officer.id,
            keys=derive_keys(unwrap_seed(principal.wrapped_seed, officer.password)),
        )
        request_information(
            session=session, case=case, case_key=key, actor_id=officer.id, question=question
        )
        tell_filer(
            session=session,
            case=case,
            pepper=settings.pepper,
            smtp=mailbox.smtp,
            gateway_url="https://gw.example.org",
        )
