"""Review steps, compliance states, reminders once per day, and cycle statistics."""

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine

from casework.cases.access import case_key_for
from casework.cases.dialogue import read_messages
from casework.cases.envelope import Case
from casework.cases.workflow import change_status
from casework.channels.disclosure.policy import ADVICE_GIVEN, NO_ACTION
from casework.channels.policy import CLOSED
from casework.disclosure.cycles import get_cycle
from casework.disclosure.overview import FilerState, cycle_statuses, state_counts
from casework.disclosure.review import (
    ReviewError,
    filer_answer,
    give_advice,
    request_information,
)
from casework.disclosure.statements import file_statement
from casework.disclosure.tables import DisclosureCycle, DisclosureFiler
from casework.notifications.disclosure import tell_filer
from casework.notifications.reminders import send_filer_reminders
from casework.people.office import set_channel_recipients
from casework.people.principals import Principal
from casework.statistics.disclosure import cycle_statistics
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from crypto import derive_keys
from crypto.seedwrap import unwrap_seed
from intake_forms import validate
from intake_forms.disclosure import DISCLOSURE_FORM
from tests.casework.disclosure.conftest import CycleFixture, EnrolledFiler, enrol_filer
from tests.conftest import OfficeFixture
from tests.mailbox import Mailbox

GIFT = {"gifts.0.giver": ["Supplier X"], "gifts.0.description": ["Dinner"]}


def _file(engine: Engine, cycle_id: str, who: EnrolledFiler, values: dict[str, list[str]]) -> str:
    with transaction(engine) as session:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        filer = session.get(DisclosureFiler, who.filer_id)
        principal = session.get(Principal, who.principal_id)
        assert cycle is not None and filer is not None and principal is not None
        return file_statement(
            session=session,
            cycle=cycle,
            filer=filer,
            principal=principal,
            seed=who.seed,
            validated=validate(DISCLOSURE_FORM, values, today=today()),
        ).case_id


def test_question_answer_and_advice(
    engine: Engine, settings: Settings, office: OfficeFixture, cycle: CycleFixture, mailbox: Mailbox
) -> None:
    """A question mails the filer no content; the answer brings the case back; advice closes."""
    officer = office.person("olga")
    with transaction(engine) as session:
        set_channel_recipients(session=session, channel="disclosure", principal_ids=[officer.id])
    ana = enrol_filer(engine, settings, cycle.id, cycle.filer_ids[0], cycle.director.id)
    case_id = _file(engine, cycle.id, ana, GIFT)
    smtp = mailbox.smtp
    with transaction(engine) as session:
        row = session.get(Principal, officer.id)
        assert row is not None
        key = case_key_for(
            session=session,
            case_id=case_id,
            principal_id=officer.id,
            keys=derive_keys(unwrap_seed(row.wrapped_seed, officer.password)),
        )
        case = session.get(Case, case_id)
        assert case is not None
        request_information(
            session=session,
            case=case,
            case_key=key,
            actor_id=officer.id,
            question="Who is Supplier X to you?",
        )
        tell_filer(
            session=session,
            case=case,
            pepper=settings.pepper,
            smtp=smtp,
            gateway_url="https://gw",
        )
        status_asked = case.status
        with pytest.raises(ReviewError):
            request_information(
                session=session,
                case=case,
                case_key=key,
                actor_id=officer.id,
                question="  ",
            )
        filer_answer(
            session=session,
            case=case,
            case_key=key,
            filer_id=ana.principal_id,
            body="A former employer.",
        )
        status_answered = case.status
        give_advice(
            session=session,
            case=case,
            case_key=key,
            actor_id=officer.id,
            advice="Decline further invitations.",
        )
        tell_filer(
            session=session,
            case=case,
            pepper=settings.pepper,
            smtp=smtp,
            gateway_url="https://gw",
        )
        messages = [
            m.body
            for m in read_messages(
                session=session, case_id=case_id, case_key=key, include_internal=False
            )
        ]

    assert (status_asked, status_answered, case.status, case.outcome) == (
        "info_requested",
        "in_review",
        CLOSED,
        ADVICE_GIVEN,
    )
    assert messages == [
        "Who is Supplier X to you?",
        "A former employer.",
        "Decline further invitations.",
    ]
    bodies = [Mailbox.body(m) for m in mailbox.to("ana@example.org")]
    assert len(bodies) == 2  # the question and the advice (the invitation went elsewhere)
    assert all("Supplier" not in b and "Decline" not in b for b in bodies)


def test_states_reminders_and_statistics(
    engine: Engine, settings: Settings, office: OfficeFixture, cycle: CycleFixture, mailbox: Mailbox
) -> None:
    """States follow filing; a reminder goes once per day whatever the runs; statistics count."""
    officer = office.person("olga")
    with transaction(engine) as session:
        set_channel_recipients(session=session, channel="disclosure", principal_ids=[officer.id])
    ana = enrol_filer(engine, settings, cycle.id, cycle.filer_ids[0], cycle.director.id)
    case_id = _file(engine, cycle.id, ana, {})
    with transaction(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        change_status(session=session, case=case, actor_id=officer.id, to=CLOSED, outcome=NO_ACTION)
        due = session.get(DisclosureFiler, cycle.filer_ids[1]).due_on  # type: ignore[union-attr]
    smtp = mailbox.smtp

    runs = []
    for on in (
        due - timedelta(days=20),
        due - timedelta(days=14),
        due - timedelta(days=13),
        due - timedelta(days=13),
        due - timedelta(days=1),
        due + timedelta(days=1),
    ):
        runs.append(
            send_filer_reminders(
                engine=engine,
                smtp=smtp,
                pepper=settings.pepper,
                gateway_url="https://gw",
                on=on,
            ).sent
        )

    assert runs == [0, 1, 0, 0, 1, 0]
    assert len(mailbox.to("ben@example.org")) == 2 and not any(
        "Reminder" in (m["Subject"] or "") for m in mailbox.to("ana@example.org")
    )
    with transaction(engine) as session:
        counts = state_counts(session=session, cycle_id=cycle.id)
        late = state_counts(session=session, cycle_id=cycle.id, on=due + timedelta(days=1))
        listed = cycle_statuses(session=session, cycle_id=cycle.id, state=FilerState.FILED)
        stats = cycle_statistics(session=session, cycle_id=cycle.id)
    assert (counts[FilerState.FILED], counts[FilerState.NOT_INVITED]) == (1, 1)
    assert late[FilerState.NON_COMPLIANT] == 1
    assert [s.filer.id for s in listed] == [ana.filer_id]
    assert (stats.filers, stats.filed, stats.nothing_to_disclose, stats.nothing_share) == (
        2,
        1,
        1,
        1.0,
    )
    assert stats.outcomes["no_action"] == 1 and sum(stats.by_kind.values()) == 0


def test_reminder_days_follow_a_new_filers_own_due_date() -> None:
    """A new filer's reminders count back from their own 30-day due date."""
    from casework.notifications.reminders import reminder_due

    cycle = DisclosureCycle(
        year=2026,
        deadline=date(2026, 6, 30),
        reminder_days="14,7,1",
        rules_json="{}",
        opened_by="x",
    )
    filer = DisclosureFiler(
        cycle_id="c", staff_lookup=b"", name_ct=b"", email_ct=b"", due_on=date(2026, 8, 1)
    )

    assert [reminder_due(cycle, filer, date(2026, 7, d)) for d in (17, 18, 25, 31)] == [
        None,
        14,
        7,
        1,
    ]
