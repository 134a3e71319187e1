"""Channel policies: deadlines from milestones, transitions, outcomes, determinations."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from casework.cases.envelope import Case
from casework.cases.milestones import milestones_of
from casework.cases.workflow import (
    WorkflowError,
    change_status,
    check_determination,
    record_milestone,
)
from casework.channels.policy import (
    CLOSED,
    RECEIVED,
    RECEIVED_MILESTONE,
    ChannelPolicy,
    Code,
    DeadlineRule,
    Determination,
    PolicyError,
    Status,
)
from casework.channels.registry import register, unregister
from casework.channels.report.policy import REPORT_POLICY, feedback_due
from casework.store.clock import today
from casework.store.db import transaction
from intake_forms import publish, withdraw
from intake_forms.report import REPORT_FORM
from tests.conftest import OfficeFixture
from tests.factories import receipt_secrets, submit

REVIEWING = "reviewing"
PRELIMINARY = DeadlineRule(
    "preliminary_review",
    "preliminary review",
    after="information_complete",
    days=30,
    promise="The office will complete its preliminary review by",
)
PROTECTION = ChannelPolicy(
    id="protection-test",
    title="Protection (test)",
    statuses=(
        Status(RECEIVED, "Received"),
        Status(REVIEWING, "In review"),
        Status(CLOSED, "Closed"),
    ),
    transitions={RECEIVED: (REVIEWING,), REVIEWING: (CLOSED,)},
    outcomes=(Code("referred", "Referred for investigation"),),
    deadlines=(PRELIMINARY,),
    determinations=(
        Determination(
            "negative",
            "No retaliation",
            reasons=(Code("no_protected_activity", "No protected activity"),),
        ),
        Determination("prima_facie", "Prima facie case of retaliation"),
    ),
)


def test_report_schedule_follows_the_eu_directive() -> None:
    """Acknowledge in 7 days; feedback 3 months after acknowledging, or after day 7."""
    received = date(2024, 1, 31)

    before = REPORT_POLICY.schedule({RECEIVED_MILESTONE: received})
    after = REPORT_POLICY.schedule({RECEIVED_MILESTONE: received, "acknowledged": date(2024, 2, 2)})

    assert before.ack_due_on == date(2024, 2, 7)
    assert (before.due_on, before.due_rule) == (date(2024, 5, 7), "feedback")
    assert after.due_on == date(2024, 5, 2) == feedback_due(received, date(2024, 2, 2))
    assert [d.provisional for d in REPORT_POLICY.dues({RECEIVED_MILESTONE: received})] == [
        False,
        True,
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"statuses": (Status("open", "Open"), Status(CLOSED, "Closed"))},
        {"statuses": (Status(RECEIVED, "Received"),)},
        {"transitions": {RECEIVED: ("nowhere",)}},
        {"statuses": (Status(RECEIVED, "R"), Status("x" * 17, "Long"), Status(CLOSED, "C"))},
    ],
    ids=["no-received", "no-closed", "unknown-target", "code-too-long"],
)
def test_a_contradictory_policy_is_refused_when_declared(change: dict) -> None:
    """Statuses start at received, include closed, and transitions name known statuses."""
    with pytest.raises(PolicyError):
        replace(PROTECTION, **change)


@pytest.fixture
def protection() -> object:
    """A retaliation-like channel: a deadline 30 days after all information is received."""
    publish(replace(REPORT_FORM, id=PROTECTION.id))
    register(PROTECTION)
    yield PROTECTION
    unregister(PROTECTION.id)
    withdraw(PROTECTION.id)


def _protection_case(office: OfficeFixture) -> str:
    """A case submitted to the test protection channel."""
    secrets = receipt_secrets(office.office_salt, b"p" * 32)[1]
    return submit(office.engine, secrets, channel=PROTECTION.id)[0]


def test_a_deadline_runs_from_a_recorded_milestone(
    protection: object, office: OfficeFixture
) -> None:
    """No deadline until the information is complete; then 30 days, and a second try fails."""
    olga = office.person("olga")
    case_id = _protection_case(office)
    with transaction(office.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.due_on is None
        day = today() - timedelta(days=2)

        record_milestone(
            session=session, case=case, actor_id=olga.id, name="information_complete", day=day
        )

        assert (case.due_on, case.due_rule) == (day + timedelta(days=30), "preliminary_review")
        assert milestones_of(session=session, case=case)["information_complete"] == day
        with pytest.raises(WorkflowError, match="already recorded"):
            record_milestone(
                session=session, case=case, actor_id=olga.id, name="information_complete"
            )
        with pytest.raises(WorkflowError, match="no such milestone"):
            record_milestone(session=session, case=case, actor_id=olga.id, name="made_up")


def test_transitions_outcomes_and_determinations_come_from_the_policy(
    protection: object, office: OfficeFixture
) -> None:
    """A step, outcome or determination the channel does not define is refused."""
    olga = office.person("olga")
    case_id = _protection_case(office)
    with transaction(office.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        with pytest.raises(WorkflowError, match="cannot become"):
            change_status(
                session=session, case=case, actor_id=olga.id, to=CLOSED, outcome="referred"
            )
        change_status(session=session, case=case, actor_id=olga.id, to=REVIEWING)
        with pytest.raises(WorkflowError, match="no such outcome"):
            change_status(
                session=session, case=case, actor_id=olga.id, to=CLOSED, outcome="no_action"
            )

        assert (
            check_determination(case, "negative", "no_protected_activity").label == "No retaliation"
        )
        assert check_determination(case, "prima_facie", None).code == "prima_facie"
        for code, reason in (("negative", None), ("negative", "made_up"), ("upheld", None)):
            with pytest.raises(WorkflowError):
                check_determination(case, code, reason)


def test_a_channel_is_registered_once_and_only_with_its_form() -> None:
    """Registering a second channel with an id, or one without a form, is refused."""
    with pytest.raises(ValueError, match="already registered"):
        register(REPORT_POLICY)
    with pytest.raises(PolicyError, match="no form"):
        register(replace(PROTECTION, id="formless"))
