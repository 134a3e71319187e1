"""A request for protection against retaliation, ready for its workflow tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import select

from casework.cases.determinations import CaseDetermination
from casework.cases.dialogue import read_messages
from casework.cases.envelope import Case
from casework.cases.workflow import change_status
from casework.people.principals import Role, get_principal
from casework.protection.steps import ProtectionStep
from casework.protection.workflow import (
    determine,
    information_complete,
)
from casework.referrals.consent import Recipient
from casework.store.blobs import BlobStore
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


def make_world(office: OfficeFixture, settings, tmp_path) -> Protection:
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
