"""The daily digest: due and overdue cases, ids and dates only, once a day, to grantees only."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from casework.cases.envelope import Case
from casework.cases.workflow import change_status
from casework.notifications.addresses import (
    AddressError,
    DigestSent,
    check_address,
    set_address,
)
from casework.notifications.mail import SmtpSettings
from casework.notifications.reminders import send_reminders
from casework.people.principals import Role
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from tests.conftest import OfficeFixture, Person
from tests.factories import make_case
from tests.mailserver import Inbox

LATER = today() + timedelta(days=10)  # every case made today has an overdue acknowledgement
LINE = re.compile(r"  (\w+)  due (\d{4}-\d{2}-\d{2})")


def _address(engine: Engine, person: Person, address: str) -> None:
    with transaction(engine) as session:
        set_address(session=session, principal_id=person.id, address=address)


def _move(engine: Engine, case_id: str, actor: Person, *steps: tuple[str, str | None]) -> None:
    with transaction(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        for to, outcome in steps:
            change_status(session=session, case=case, actor_id=actor.id, to=to, outcome=outcome)


@pytest.fixture
def staff(office: OfficeFixture) -> dict[str, Person]:
    """Olga and the director hold grants and addresses; Petra has an address, no grant;
    Ivan holds a grant but no address."""
    people = {
        "olga": office.person("olga"),
        "dora": office.person("dora", Role.DIRECTOR),
        "petra": office.person("petra"),
        "ivan": office.person("ivan"),
    }
    for name in ("olga", "dora", "petra"):
        _address(office.engine, people[name], f"{name}@ethics.example.org")
    return people


def _cases(
    engine: Engine, settings: Settings, office: OfficeFixture, staff: dict[str, Person]
) -> dict[str, str]:
    """One unacknowledged case (overdue later), one acknowledged (not yet due), one closed."""
    granted = [staff["olga"].id, staff["dora"].id, staff["ivan"].id]
    made = {
        name: make_case(engine, settings, office, recipients=granted, answers={"what": "Bribes"})[0]
        for name in ("overdue", "acknowledged", "closed")
    }
    _move(engine, made["acknowledged"], staff["olga"], ("acknowledged", None))
    _move(engine, made["closed"], staff["olga"], ("acknowledged", None), ("closed", "no_action"))
    return made


@dataclass
class Digests:
    """The office's engine, the SMTP server and what reached it, the staff and the cases."""

    engine: Engine
    inbox: Inbox
    smtp: SmtpSettings
    staff: dict[str, Person]
    cases: dict[str, str]


@pytest.fixture
def digests(
    engine: Engine,
    settings: Settings,
    office: OfficeFixture,
    staff: dict[str, Person],
    smtp_server: tuple[Inbox, SmtpSettings],
) -> Digests:
    """Three cases granted to the staff, and a running SMTP server."""
    inbox, smtp = smtp_server
    return Digests(engine, inbox, smtp, staff, _cases(engine, settings, office, staff))


def test_digest_lists_due_cases_by_id_and_date_only(digests: Digests) -> None:
    """Each granted officer with an address gets one mail naming the overdue case and its date."""
    engine, inbox, smtp, cases = digests.engine, digests.inbox, digests.smtp, digests.cases

    run = send_reminders(engine=engine, smtp=smtp, on=LATER)

    assert (run.sent, run.already_sent, run.no_address, run.failed) == (2, 0, 1, [])
    assert sorted(r[0] for r in inbox.recipients) == [
        "dora@ethics.example.org",
        "olga@ethics.example.org",
    ]
    for message in inbox.messages:
        body = message.get_payload(decode=True).decode()
        ack_due = today() + timedelta(days=7)
        assert LINE.findall(body) == [(cases["overdue"], ack_due.isoformat())]
        assert message["Subject"] == f"Confide: 1 case due or overdue ({LATER.isoformat()})"
        for secret in ("Bribes", "fraud", "speak-up", "olga", "dora", "acknowledg"):
            assert secret not in body and secret not in message["Subject"]


def test_second_run_the_same_day_sends_nothing(digests: Digests) -> None:
    """Running the job three times a day sends each digest once; the next day sends again."""
    engine, inbox, smtp = digests.engine, digests.inbox, digests.smtp

    send_reminders(engine=engine, smtp=smtp, on=LATER)
    again = send_reminders(engine=engine, smtp=smtp, on=LATER)
    send_reminders(engine=engine, smtp=smtp, on=LATER)
    sent_first_day = len(inbox.messages)
    next_day = send_reminders(engine=engine, smtp=smtp, on=LATER + timedelta(days=1))

    assert sent_first_day == 2
    assert (again.sent, again.already_sent) == (0, 2)
    assert (next_day.sent, len(inbox.messages)) == (2, 4)


def test_nothing_due_means_no_mail(digests: Digests) -> None:
    """On the day cases arrive nothing is due within three days, so nobody is mailed."""
    engine, inbox, smtp = digests.engine, digests.inbox, digests.smtp

    run = send_reminders(engine=engine, smtp=smtp, on=today())

    assert (run.sent, inbox.messages) == (0, [])


def test_failed_mail_is_retried_by_the_next_run(digests: Digests) -> None:
    """A digest the server did not take is not marked sent, so a later run sends it."""
    engine, inbox, smtp = digests.engine, digests.inbox, digests.smtp

    failed = send_reminders(engine=engine, smtp=replace(smtp, port=1), on=LATER)
    with transaction(engine) as session:
        claims = list(session.exec(select(DigestSent)))
    retried = send_reminders(engine=engine, smtp=smtp, on=LATER)

    assert (len(failed.failed), claims) == (2, [])
    assert (retried.sent, len(inbox.messages)) == (2, 2)


def test_disabled_officer_gets_no_digest(digests: Digests) -> None:
    """An account that is disabled gets nothing, whatever it was granted."""
    from casework.people.principals import PrincipalStatus, set_status

    engine, inbox, smtp = digests.engine, digests.inbox, digests.smtp
    dora = digests.staff["dora"].id
    with transaction(engine) as session:
        set_status(session=session, principal_id=dora, status=PrincipalStatus.DISABLED)

    send_reminders(engine=engine, smtp=smtp, on=LATER)

    assert [r[0] for r in inbox.recipients] == ["olga@ethics.example.org"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "olga",
        "olga@example",
        "olga@example.org\nBcc: all@example.org",
        "olga@example.org, ivan@example.org",
        "Olga <olga@example.org>",
        "a" * 250 + "@example.org",
    ],
    ids=["empty", "no-at", "no-dot", "header-injection", "two", "display-name", "too-long"],
)
def test_addresses_other_than_one_plain_address_are_refused(text: str) -> None:
    """Only a single plain address is accepted (nothing that could add headers or recipients)."""
    with pytest.raises(AddressError):
        check_address(text)


def test_plain_address_is_accepted_trimmed() -> None:
    """A plain address is kept, without the spaces around it."""
    assert check_address("  olga.k@ethics.example.org ") == "olga.k@ethics.example.org"
