"""Consent requests, referrals and exports (G4); tampering with the log: test_consent_log.py."""

import io
import json
import zipfile

import pytest
from sqlmodel import select

from casework.referrals.consent import (
    Answer,
    ConsentAnswer,
    ConsentError,
    Recipient,
    answer,
    usable_consent,
)
from casework.referrals.consent_log import (
    Basis,
    ConsentEntry,
    verify_consent_log,
)
from casework.referrals.export import ExportSelection
from casework.referrals.recording import (
    ReferralError,
    ReferralRequest,
    approve,
)
from casework.store.db import transaction
from casework.store.sealing import open_field, seal_field
from tests.casework.referrals.referralkit import (
    World,
    _ask_and_answer,
    _export,
    _on_consent,
    _record,
    _withdraw,
    world,
)

__all__ = ["world"]


def test_consent_end_to_end(world: World) -> None:
    """Asked, consented, recorded, exported: the export matches the logged SHA-256."""
    request_id = _ask_and_answer(world)

    referral_id = _record(
        world,
        ReferralRequest(
            Recipient.INVESTIGATIONS,
            Basis.CONSENT,
            "the report",
            consent_request_id=request_id,
            selection=ExportSelection(answers=True, identity=True),
        ),
    )
    archive = _export(world, referral_id)

    with transaction(world.office.engine) as session:
        entry = session.exec(select(ConsentEntry)).one()
        assert verify_consent_log(session=session) == 1
    import hashlib

    assert entry.export_sha256 == hashlib.sha256(archive).hexdigest()
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert names == ["summary.txt", "answers.json", "identity.json"]
    assert (entry.case_id, entry.recipient, entry.basis) == (
        world.cases[0][0],
        "investigations",
        "consent",
    )


@pytest.mark.parametrize("choice", [Answer.REFUSED, None], ids=["refused", "unanswered"])
def test_refused_or_unanswered_consent_is_no_basis(world: World, choice: Answer | None) -> None:
    """Without a given consent there is no referral and no log entry."""
    request_id = _ask_and_answer(world, choice)

    with pytest.raises(ReferralError, match="not been given"):
        _record(world, _on_consent(request_id))


def test_withdrawn_consent_is_refused(world: World) -> None:
    """A consent withdrawn before use cannot back a referral."""
    request_id = _ask_and_answer(world)
    _withdraw(world, request_id)

    with pytest.raises(ReferralError, match="withdrawn"):
        _record(world, _on_consent(request_id))


def test_used_consent_cannot_be_withdrawn(world: World) -> None:
    """Once a referral relies on a consent, withdrawing it is refused."""
    request_id = _ask_and_answer(world)
    case_id, key, secrets_ = world.cases[0]

    with (
        transaction(world.office.engine) as session,
        pytest.raises(ConsentError, match="already been used"),
    ):
        answer(
            session=session,
            request_id=request_id,
            case_id=case_id,
            case_key=key,
            keys=secrets_.keys,
            choice=Answer.WITHDRAWN,
            used=True,
        )


def test_consent_for_another_case_is_refused(world: World) -> None:
    """A consent given on one case cannot back a referral on another."""
    request_id = _ask_and_answer(world, case=0)

    with pytest.raises(ReferralError, match="does not belong"):
        _record(world, _on_consent(request_id), case=1)


def test_consent_for_another_recipient_is_refused(world: World) -> None:
    """A consent to share with investigations does not cover the legal office."""
    request_id = _ask_and_answer(world)

    with pytest.raises(ReferralError, match="another recipient"):
        _record(
            world,
            ReferralRequest(Recipient.LEGAL, Basis.CONSENT, "x", consent_request_id=request_id),
        )


def test_signature_replayed_onto_another_request_is_refused(world: World) -> None:
    """A valid signature copied onto a different request does not verify."""
    given = _ask_and_answer(world)
    other = _ask_and_answer(world, choice=None)
    case_id, key, _ = world.cases[0]
    with transaction(world.office.engine) as session:
        original = session.exec(
            select(ConsentAnswer).where(ConsentAnswer.request_id == given)
        ).one()
        payload = json.loads(
            open_field(key, ConsentAnswer, original.id, "answer", original.answer_ct)
        )
        forged = ConsentAnswer(id="f" * 32, request_id=other, seq=1, answer_ct=b"")
        forged.answer_ct = seal_field(
            key, ConsentAnswer, forged.id, "answer", json.dumps(payload).encode()
        )
        session.add(forged)

    with (
        transaction(world.office.engine) as session,
        pytest.raises(ConsentError, match="does not verify"),
    ):
        usable_consent(session=session, request_id=other, case_id=case_id, case_key=key)


def test_exception_needs_second_approval_before_any_effect(world: World) -> None:
    """An exception has no log entry and no export until a second officer approves."""
    request = ReferralRequest(
        Recipient.SECURITY,
        Basis.DANGER_TO_PERSON,
        "the report",
        justification="a credible threat against a colleague's life",
    )
    referral_id = _record(world, request)

    with pytest.raises(ReferralError, match="before exporting"):
        _export(world, referral_id)
    with transaction(world.office.engine) as session:
        assert session.exec(select(ConsentEntry)).all() == []
        with pytest.raises(ReferralError, match="second officer"):
            approve(
                session=session,
                referral_id=referral_id,
                approver_id=world.officer,
                approver_keys=world.officer_keys,
            )
    with transaction(world.office.engine) as session:
        approve(
            session=session,
            referral_id=referral_id,
            approver_id=world.second,
            approver_keys=world.second_keys,
        )

    assert zipfile.ZipFile(io.BytesIO(_export(world, referral_id))).namelist() == [
        "summary.txt",
        "answers.json",
    ]
    with transaction(world.office.engine) as session:
        assert verify_consent_log(session=session) == 1


def test_exception_without_justification_is_refused(world: World) -> None:
    """An exception needs a written justification."""
    with pytest.raises(ReferralError, match="justification"):
        _record(world, ReferralRequest(Recipient.SECURITY, Basis.PUBLIC_HEALTH, "x"))
