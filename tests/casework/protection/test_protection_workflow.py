"""A request for protection against retaliation, through every branch of its workflow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from casework.cases.determinations import CaseDetermination, record_determination
from casework.cases.dialogue import read_messages
from casework.cases.envelope import Case
from casework.cases.workflow import WorkflowError, change_status
from casework.people.principals import Role, get_principal
from casework.protection.steps import PanelResult, ProtectionStep, StepKind
from casework.protection.workflow import (
    determine,
    information_complete,
    recommend_interim_measure,
    record_panel_request,
    record_panel_result,
    refer_for_investigation,
)
from casework.referrals.consent import Recipient
from casework.referrals.consent_log import Basis, ConsentEntry
from casework.referrals.recording import ReferralRequest, approve, record
from casework.store.blobs import BlobStore
from casework.store.clock import today
from casework.store.db import transaction
from crypto import PrincipalKeys, ReceiptSecrets, derive_keys
from crypto.seedwrap import unwrap_seed
from tests.conftest import PASSWORD, OfficeFixture
from tests.factories import consented_referral, receipt_secrets, submit

ANSWERS = {"link": "My appraisal fell two weeks after my report.", "urgent_risk": "no"}
IDENTITY = {"identity_name": "Amina Diallo", "identity_email": "amina@example.org"}


@dataclass
class Protection:
    """A protection case, its key and receipt secrets, and two officers with their keys."""

    engine: Engine
    blobs: BlobStore
    case_id: str
    key: bytes
    secrets: ReceiptSecrets
    officer: str
    officer_keys: PrincipalKeys
    second: str
    second_keys: PrincipalKeys

    def case(self, session) -> Case:
        found = session.get(Case, self.case_id)
        assert found is not None
        return found


def _keys(office: OfficeFixture, principal_id: str) -> PrincipalKeys:
    with transaction(office.engine) as session:
        principal = get_principal(session=session, principal_id=principal_id)
        assert principal is not None
        return derive_keys(unwrap_seed(principal.wrapped_seed, PASSWORD))


@pytest.fixture
def world(office: OfficeFixture, settings, tmp_path) -> Protection:
    """A formal request for protection, received by an officer and the director."""
    officer, second = office.person("olga"), office.person("dora", Role.DIRECTOR)
    _receipt, secrets = receipt_secrets(office.office_salt, settings.pepper)
    case_id, key = submit(
        office.engine,
        secrets,
        channel="protection",
        category="performance_appraisal",
        answers=ANSWERS,
        identity=IDENTITY,
        recipients=[officer.id, second.id],
    )
    return Protection(
        office.engine,
        BlobStore(tmp_path / "blobs"),
        case_id,
        key,
        secrets,
        officer.id,
        _keys(office, officer.id),
        second.id,
        _keys(office, second.id),
    )


def _under_review(world: Protection, day: date | None = None) -> None:
    """Acknowledged, information requested, then all of it received on ``day``."""
    with transaction(world.engine) as session:
        case = world.case(session)
        for to in ("acknowledged", "info_requested"):
            change_status(session=session, case=case, actor_id=world.officer, to=to)
        information_complete(session=session, case=case, actor_id=world.officer, day=day)


def _determine(world: Protection, reason: str | None, letter: str = "We have reviewed it.") -> None:
    with transaction(world.engine) as session:
        determine(
            session=session,
            case=world.case(session),
            case_key=world.key,
            actor_id=world.officer,
            reason=reason,
            letter=letter,
        )


def _consented_referral(world: Protection, recipient: Recipient) -> str:
    """The requester consents, and the officer records the referral (in the consent log)."""
    return consented_referral(
        world.engine,
        case_id=world.case_id,
        case_key=world.key,
        reporter=world.secrets,
        officer_id=world.officer,
        officer_keys=world.officer_keys,
        blobs=world.blobs,
        recipient=recipient,
    )


def _snapshot(world: Protection) -> tuple[str, list[str], int, int]:
    """Status, determinations, steps and messages: what a refused step must not change."""
    with transaction(world.engine) as session:
        case = world.case(session)
        determinations = [d.reason for d in session.exec(select(CaseDetermination))]
        steps = len(session.exec(select(ProtectionStep)).all())
        messages = len(
            read_messages(
                session=session, case_id=world.case_id, case_key=world.key, include_internal=True
            )
        )
        return case.status, determinations, steps, messages


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
        pytest.raises(WorkflowError, match="no determination"),
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
