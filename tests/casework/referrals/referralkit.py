"""The consent tests' office: two officers granted on two reports, and the steps they take."""

from dataclasses import dataclass

import pytest

from casework.people.office import set_channel_recipients
from casework.people.principals import Role, get_principal
from casework.referrals.consent import (
    Answer,
    Recipient,
    RequestContent,
    answer,
    ask,
)
from casework.referrals.consent_log import (
    Basis,
)
from casework.referrals.recording import (
    ReferralRequest,
    export_stream,
    record,
)
from casework.store.blobs import BlobStore
from casework.store.db import transaction
from crypto import (
    PrincipalKeys,
    ReceiptSecrets,
    derive_keys,
    generate_pepper,
)
from crypto.seedwrap import unwrap_seed
from tests.conftest import PASSWORD, OfficeFixture
from tests.factories import receipt_secrets, submit

CONTENT = RequestContent(
    what="my identity and the report",
    recipient=Recipient.INVESTIGATIONS,
    recipient_name="",
    why="so that the allegation can be investigated",
)


@dataclass
class World:
    """An office with two officers granted on two cases."""

    office: OfficeFixture
    blobs: BlobStore
    officer: str
    officer_keys: PrincipalKeys
    second: str
    second_keys: PrincipalKeys
    cases: list[tuple[str, bytes, ReceiptSecrets]]


def _keys(office: OfficeFixture, principal_id: str) -> PrincipalKeys:
    with transaction(office.engine) as session:
        principal = get_principal(session=session, principal_id=principal_id)
        assert principal is not None
        return derive_keys(unwrap_seed(principal.wrapped_seed, PASSWORD))


@pytest.fixture
def world(office: OfficeFixture, tmp_path: object) -> World:
    """Two officers who both receive the report channel, and two reports."""
    officer, second = office.person("officer"), office.person("second", Role.DIRECTOR)
    with transaction(office.engine) as session:
        set_channel_recipients(
            session=session, channel="report", principal_ids=[officer.id, second.id]
        )
    pepper = generate_pepper()
    cases = []
    for index in range(2):
        _receipt, secrets_ = receipt_secrets(office.office_salt, pepper)
        case_id, key = submit(
            office.engine, secrets_, answers={"what": f"report {index}"}, identity={"name": "R"}
        )
        cases.append((case_id, key, secrets_))
    return World(
        office,
        BlobStore(tmp_path / "blobs"),  # type: ignore[operator]
        officer.id,
        _keys(office, officer.id),
        second.id,
        _keys(office, second.id),
        cases,
    )


def _ask_and_answer(world: World, choice: Answer | None = Answer.GIVEN, case: int = 0) -> str:
    case_id, key, secrets_ = world.cases[case]
    with transaction(world.office.engine) as session:
        request = ask(
            session=session,
            case_id=case_id,
            case_key=key,
            officer_id=world.officer,
            content=CONTENT,
        )
        if choice is not None:
            answer(
                session=session,
                request_id=request.id,
                case_id=case_id,
                case_key=key,
                keys=secrets_.keys,
                choice=choice,
                used=False,
            )
        return request.id


def _withdraw(world: World, request_id: str, *, used: bool = False) -> None:
    case_id, key, secrets_ = world.cases[0]
    with transaction(world.office.engine) as session:
        answer(
            session=session,
            request_id=request_id,
            case_id=case_id,
            case_key=key,
            keys=secrets_.keys,
            choice=Answer.WITHDRAWN,
            used=used,
        )


def _on_consent(
    request_id: str, recipient: Recipient = Recipient.INVESTIGATIONS
) -> ReferralRequest:
    return ReferralRequest(recipient, Basis.CONSENT, "x", consent_request_id=request_id)


def _record(world: World, request: ReferralRequest, case: int = 0) -> str:
    case_id, key, _ = world.cases[case]
    with transaction(world.office.engine) as session:
        referral = record(
            session=session,
            case_id=case_id,
            case_key=key,
            officer_id=world.officer,
            officer_keys=world.officer_keys,
            request=request,
            blobs=world.blobs,
        )
        return referral.id


def _export(world: World, referral_id: str, case: int = 0) -> bytes:
    with transaction(world.office.engine) as session:
        return b"".join(
            export_stream(
                session=session,
                referral_id=referral_id,
                case_key=world.cases[case][1],
                blobs=world.blobs,
            )
        )
