"""A request for protection: the Ethics Panel chair's review and interim measures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from casework.cases.determinations import CaseDetermination
from casework.cases.workflow import WorkflowError, change_status
from casework.protection.steps import PanelResult, ProtectionStep, StepKind
from casework.protection.workflow import (
    recommend_interim_measure,
    record_panel_request,
    record_panel_result,
    refer_for_investigation,
)
from casework.referrals.consent import Recipient
from casework.referrals.consent_log import Basis
from casework.referrals.recording import ReferralRequest, approve, record
from casework.store.clock import today
from casework.store.db import transaction
from tests.casework.protection.protectionkit import (
    Protection,
    _consented_referral,
    _determine,
    _snapshot,
    _under_review,
)


def test_panel_review_inside_30_days_overturned_then_referred(world: Protection) -> None:
    """A request inside the window is recorded as pending; overturned, the case is referred."""
    _under_review(world)
    _determine(world, "no_causal_link")

    with transaction(world.engine) as session:
        record_panel_request(
            session=session, case=world.case(session), actor_id=world.officer, requested_on=today()
        )
    with transaction(world.engine) as session:
        pending = session.exec(select(ProtectionStep)).one().result
        record_panel_result(
            session=session, case=world.case(session), actor_id=world.officer, result="overturned"
        )
    referral_id = _consented_referral(world, Recipient.INVESTIGATIONS)
    with transaction(world.engine) as session:
        refer_for_investigation(
            session=session,
            case=world.case(session),
            actor_id=world.officer,
            referral_id=referral_id,
        )

    assert pending == PanelResult.PENDING
    with transaction(world.engine) as session:
        results = {s.kind: s.result for s in session.exec(select(ProtectionStep))}
        assert world.case(session).status == "referred"
    assert results == {StepKind.PANEL_REQUEST: "overturned", StepKind.REFERRAL: ""}


def test_panel_review_upheld_then_closed(world: Protection) -> None:
    """An upheld determination is recorded, and the case closes with no prima facie case."""
    _under_review(world)
    _determine(world, "no_protected_activity")

    with transaction(world.engine) as session:
        case = world.case(session)
        record_panel_request(
            session=session, case=case, actor_id=world.officer, requested_on=today()
        )
        record_panel_result(session=session, case=case, actor_id=world.officer, result="upheld")
        change_status(
            session=session,
            case=case,
            actor_id=world.officer,
            to="closed",
            outcome="no_prima_facie",
        )

    with transaction(world.engine) as session:
        assert session.exec(select(ProtectionStep)).one().result == "upheld"
        assert (world.case(session).status, world.case(session).outcome) == (
            "closed",
            "no_prima_facie",
        )


def test_panel_request_after_30_days_is_refused(world: Protection) -> None:
    """A request 31 days after the requester was told is refused, and nothing changes."""
    _under_review(world, today() - timedelta(days=40))
    _determine(world, "no_causal_link")
    with transaction(world.engine) as session:
        determination = session.exec(select(CaseDetermination)).one()
        determination.decided_on = today() - timedelta(days=31)
        session.add(determination)
    before = _snapshot(world)

    with transaction(world.engine) as session, pytest.raises(WorkflowError, match="within 30 days"):
        record_panel_request(
            session=session, case=world.case(session), actor_id=world.officer, requested_on=today()
        )

    assert _snapshot(world) == before


def test_panel_request_on_the_30th_day_is_accepted(world: Protection) -> None:
    """The 30th day after the determination is still inside the window."""
    _under_review(world, today() - timedelta(days=40))
    _determine(world, "no_causal_link")
    with transaction(world.engine) as session:
        determination = session.exec(select(CaseDetermination)).one()
        determination.decided_on = today() - timedelta(days=30)
        session.add(determination)

    with transaction(world.engine) as session:
        record_panel_request(
            session=session, case=world.case(session), actor_id=world.officer, requested_on=today()
        )

    with transaction(world.engine) as session:
        assert world.case(session).status == "panel_review"


def test_panel_request_needs_a_negative_determination(world: Protection) -> None:
    """There is nothing for the panel to review before a negative determination."""
    _under_review(world)

    with (
        transaction(world.engine) as session,
        pytest.raises(WorkflowError, match="negative determination"),
    ):
        record_panel_request(
            session=session, case=world.case(session), actor_id=world.officer, requested_on=today()
        )


def _measure(world: Protection, *, outside: bool, referral_id: str | None = None) -> None:
    with transaction(world.engine) as session:
        recommend_interim_measure(
            session=session,
            case=world.case(session),
            case_key=world.key,
            actor_id=world.officer,
            measure="Change the reporting line to another supervisor during the review.",
            outside=outside,
            referral_id=referral_id,
        )


def test_interim_measures_outside_the_office_need_consent_in_the_log(world: Protection) -> None:
    """Inside the office a measure is just recorded; outside it needs a consented referral."""
    _measure(world, outside=False)
    before = _snapshot(world)
    with pytest.raises(WorkflowError, match="consent"):
        _measure(world, outside=True)
    exception = _exception_referral(world)
    with pytest.raises(WorkflowError, match="consent"):
        _measure(world, outside=True, referral_id=exception)
    refused = _snapshot(world)
    consented = _consented_referral(world, Recipient.PEOPLE_AND_CULTURE)

    _measure(world, outside=True, referral_id=consented)

    assert refused == before
    with transaction(world.engine) as session:
        steps = session.exec(select(ProtectionStep)).all()
        from casework.cases.envelope import CaseRecord

        sealed = [session.get(CaseRecord, s.record_id) for s in steps]
    assert [s.referral_id for s in steps].count(consented) == 1
    assert all(r is not None and b"reporting line" not in r.ciphertext for r in sealed)


def _exception_referral(world: Protection) -> str:
    """A referral on an exception (danger to a person), approved by a second officer."""
    with transaction(world.engine) as session:
        referral = record(
            session=session,
            case_id=world.case_id,
            case_key=world.key,
            officer_id=world.officer,
            officer_keys=world.officer_keys,
            request=ReferralRequest(
                Recipient.SECURITY, Basis.DANGER_TO_PERSON, "x", justification="threats were made"
            ),
            blobs=world.blobs,
        )
        approve(
            session=session,
            referral_id=referral.id,
            approver_id=world.second,
            approver_keys=world.second_keys,
        )
        return referral.id
