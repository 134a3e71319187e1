"""A request for protection: deadline, determination, reason codes, referral."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from casework.cases.determinations import CaseDetermination, record_determination
from casework.cases.dialogue import read_messages
from casework.cases.envelope import Case
from casework.cases.workflow import WorkflowError, change_status
from casework.protection.steps import ProtectionStep, StepKind
from casework.protection.workflow import (
    refer_for_investigation,
)
from casework.referrals.consent import Recipient
from casework.referrals.consent_log import ConsentEntry
from casework.store.clock import today
from casework.store.db import transaction
from tests.casework.protection.protectionkit import (
    IDENTITY,
    Protection,
    _consented_referral,
    _determine,
    _snapshot,
    _under_review,
)
from tests.conftest import OfficeFixture
from tests.factories import receipt_secrets, submit


def test_preliminary_review_is_due_30_days_after_all_information(world: Protection) -> None:
    """Recording that all requested information arrived sets the review 30 days later."""
    received = today() - timedelta(days=5)

    _under_review(world, received)

    with transaction(world.engine) as session:
        case = world.case(session)
        assert (case.status, case.due_rule) == ("under_review", "preliminary_review")
        assert case.due_on == received + timedelta(days=30)


def test_negative_determination_tells_the_requester_of_the_panel_window(world: Protection) -> None:
    """A negative determination meets the review deadline and the letter gives the 30 days."""
    _under_review(world)

    _determine(world, "no_causal_link", "We found no link between your report and the appraisal.")

    with transaction(world.engine) as session:
        case = world.case(session)
        letters = read_messages(
            session=session, case_id=world.case_id, case_key=world.key, include_internal=False
        )
        determination = session.exec(select(CaseDetermination)).one()
    assert (case.status, case.due_on, case.due_rule) == ("determined", None, "")
    assert (determination.code, determination.reason) == ("preliminary_review", "no_causal_link")
    by = (today() + timedelta(days=30)).isoformat()
    assert f"review it within 30 days, that is by {by}" in letters[-1].body
    assert letters[-1].body.startswith("We found no link")


@pytest.mark.parametrize("reason", [None, "", "looks_fine"], ids=["none", "empty", "unknown"])
def test_determination_without_a_reason_code_changes_nothing(world: Protection, reason) -> None:
    """A determination without one of its reason codes is refused with a clear error."""
    _under_review(world)
    before = _snapshot(world)

    with pytest.raises(WorkflowError, match="reason"):
        _determine(world, reason)

    assert _snapshot(world) == before


def test_determination_on_a_channel_that_does_not_define_it_is_refused(
    world: Protection, office: OfficeFixture, settings
) -> None:
    """A report has no preliminary review: recording one on it is refused."""
    _receipt, secrets = receipt_secrets(office.office_salt, settings.pepper)
    report_id, _key = submit(office.engine, secrets, channel="report", recipients=[world.officer])

    with (
        transaction(world.engine) as session,
        pytest.raises(WorkflowError, match="no such determination"),
    ):
        record_determination(
            session=session,
            case=session.get(Case, report_id),
            actor_id=world.officer,
            code="preliminary_review",
            reason="prima_facie",
        )


@pytest.mark.parametrize(
    ("channel", "outcome"),
    [("advice", "approved"), ("gift", "substantiated"), ("protection", "may_keep")],
    ids=["advice-approved", "gift-substantiated", "protection-may-keep"],
)
def test_outcome_a_channel_does_not_define_is_refused(
    office: OfficeFixture, settings, channel: str, outcome: str
) -> None:
    """Closing with another channel's outcome is refused."""
    olga = office.person("olga")
    _receipt, secrets = receipt_secrets(office.office_salt, settings.pepper)
    case_id, _key = submit(
        office.engine, secrets, channel=channel, identity=IDENTITY, recipients=[olga.id]
    )
    with transaction(office.engine) as session:
        case = session.get(Case, case_id)
        change_status(session=session, case=case, actor_id=olga.id, to="acknowledged")

    with (
        transaction(office.engine) as session,
        pytest.raises(WorkflowError, match="no such outcome"),
    ):
        change_status(
            session=session,
            case=session.get(Case, case_id),
            actor_id=olga.id,
            to="closed",
            outcome=outcome,
        )


def test_determined_is_entered_only_by_a_determination(world: Protection) -> None:
    """A plain status change cannot skip the determination and its reason code."""
    _under_review(world)

    with (
        transaction(world.engine) as session,
        pytest.raises(WorkflowError, match="record the determination"),
    ):
        change_status(
            session=session, case=world.case(session), actor_id=world.officer, to="determined"
        )


def test_prima_facie_case_is_referred_on_its_consent_log_entry(world: Protection) -> None:
    """A referral without its consent-log entry is refused; with one it is recorded."""
    _under_review(world)
    _determine(world, "prima_facie")
    to_security = _consented_referral(world, Recipient.SECURITY)
    before = _snapshot(world)

    for wrong in (None, "no-such-referral", to_security):
        with (
            transaction(world.engine) as session,
            pytest.raises(WorkflowError, match="consent log"),
        ):
            refer_for_investigation(
                session=session,
                case=world.case(session),
                actor_id=world.officer,
                referral_id=wrong,
            )
    unchanged = _snapshot(world)
    referral_id = _consented_referral(world, Recipient.INVESTIGATIONS)
    with transaction(world.engine) as session:
        refer_for_investigation(
            session=session,
            case=world.case(session),
            actor_id=world.officer,
            referral_id=referral_id,
        )

    assert unchanged == before
    with transaction(world.engine) as session:
        step = session.exec(select(ProtectionStep)).one()
        entry = session.exec(
            select(ConsentEntry).where(ConsentEntry.referral_id == referral_id)
        ).one()
        assert world.case(session).status == "referred"
    assert (step.kind, step.referral_id) == (StepKind.REFERRAL, referral_id)
    assert (entry.recipient, entry.basis) == ("investigations", "consent")


def test_negative_determination_is_not_referred(world: Protection) -> None:
    """Only a prima facie case goes to investigation, whatever the consent log holds."""
    _under_review(world)
    _determine(world, "no_protected_activity")
    referral_id = _consented_referral(world, Recipient.INVESTIGATIONS)

    with transaction(world.engine) as session, pytest.raises(WorkflowError, match="prima facie"):
        refer_for_investigation(
            session=session,
            case=world.case(session),
            actor_id=world.officer,
            referral_id=referral_id,
        )
