"""Creating a case, and opening it again with its receipt."""

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import select

import crypto._kdf
from casework.cases.access import case_key_for, open_case, reporter_case_key
from casework.cases.envelope import Case, CaseRecord, Grant, RecordKind, ReporterKey
from casework.cases.intake import Submission, submit_case
from casework.cases.records import open_record
from casework.people.office import set_channel_recipients
from casework.people.principals import PrincipalStatus, Role, set_status
from casework.store.db import transaction
from crypto import TEST_KDF, derive_keys, derive_receipt, generate_pepper, generate_receipt
from crypto.seedwrap import unwrap_seed
from tests.conftest import OfficeFixture
from tests.factories import receipt_secrets, submit

PEPPER = generate_pepper()


def _submit(
    office: OfficeFixture, identity: bytes | None = b'{"name": "A. Person"}'
) -> tuple[str, str]:
    receipt, secrets_ = receipt_secrets(office.office_salt, PEPPER)
    case_id, _key = submit(office.engine, secrets_, answers=b'{"what": "x"}', identity=identity)
    return case_id, receipt


def _officer_keys(office: OfficeFixture, principal_id: str) -> crypto.PrincipalKeys:
    from casework.people.principals import get_principal

    with transaction(office.engine) as session:
        principal = get_principal(session=session, principal_id=principal_id)
        assert principal is not None
        return derive_keys(unwrap_seed(principal.wrapped_seed, "correct horse battery staple"))


def test_submission_grants_channel_recipients_and_the_reporter(office: OfficeFixture) -> None:
    """A new case is sealed to each active default recipient and to the receipt."""
    alice, bob = office.person("alice"), office.person("bob")
    with transaction(office.engine) as session:
        set_channel_recipients(session=session, channel="report", principal_ids=[alice.id, bob.id])
        set_status(session=session, principal_id=bob.id, status=PrincipalStatus.DISABLED)

    case_id, _receipt = _submit(office)

    with transaction(office.engine) as session:
        grants = session.exec(select(Grant).where(Grant.case_id == case_id)).all()
        assert [g.principal_id for g in grants] == [alice.id]
        key = open_case(
            session=session,
            case_id=case_id,
            principal_id=alice.id,
            keys=_officer_keys(office, alice.id),
        )
        records = {
            r.kind: open_record(case_key=key, record=r) for r in session.exec(select(CaseRecord))
        }
    assert records == {
        RecordKind.ANSWERS: b'{"what": "x"}',
        RecordKind.IDENTITY: b'{"name": "A. Person"}',
    }


def test_half_written_submission_never_exists(office: OfficeFixture) -> None:
    """If anything fails inside the transaction, no case, record, key or grant is left."""
    alice = office.person("alice")
    with transaction(office.engine) as session:
        set_channel_recipients(session=session, channel="report", principal_ids=[alice.id])
    secrets_ = derive_receipt(
        generate_receipt(), office_salt=office.office_salt, pepper=PEPPER, params=TEST_KDF
    )

    def submit_then_fail() -> None:
        with transaction(office.engine) as session:
            submit_case(
                session=session, submission=Submission("report", 1, "", b"{}"), reporter=secrets_
            )
            raise RuntimeError("the request failed after the case was built")

    with pytest.raises(RuntimeError, match="failed after"):
        submit_then_fail()

    with transaction(office.engine) as session:
        for table in (Case, CaseRecord, Grant, ReporterKey):
            assert session.exec(select(table)).all() == []


def test_officer_without_grant_cannot_open(office: OfficeFixture) -> None:
    """A principal with no grant gets NoGrantError, the director included."""
    from casework.cases.access import NoGrantError

    director = office.person("director", Role.DIRECTOR)
    case_id, _ = _submit(office)

    with transaction(office.engine) as session, pytest.raises(NoGrantError):
        case_key_for(
            session=session,
            case_id=case_id,
            principal_id=director.id,
            keys=_officer_keys(office, director.id),
        )


@pytest.mark.parametrize("cases", [1, 40], ids=["one-case", "forty-cases"])
def test_receipt_login_is_one_kdf_and_one_indexed_query(
    office: OfficeFixture, engine: Engine, monkeypatch: pytest.MonkeyPatch, cases: int
) -> None:
    """Whatever the number of cases, a receipt costs one Argon2id and one indexed lookup."""
    receipts = [_submit(office, identity=None) for _ in range(cases)]
    wanted_case, receipt = receipts[-1]
    calls: list[int] = []
    real = crypto._kdf.derive_key

    def counting(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(crypto._kdf, "derive_key", counting)
    statements: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        secrets_ = derive_receipt(
            receipt, office_salt=office.office_salt, pepper=PEPPER, params=TEST_KDF
        )
        with transaction(engine) as session:
            found = reporter_case_key(
                session=session, lookup_id=secrets_.lookup_id, keys=secrets_.keys
            )
    finally:
        event.remove(engine, "before_cursor_execute", remember)

    assert found is not None and found[0] == wanted_case
    assert len(calls) == 1
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "reporter_key" in selects[0]


def test_receipt_lookup_uses_the_unique_index(office: OfficeFixture, engine: Engine) -> None:
    """The database plans the receipt lookup through the unique index, never a scan."""
    _submit(office)
    lookup = bytes(32)

    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            plan = " ".join(
                str(row[-1])
                for row in connection.execute(
                    text("EXPLAIN QUERY PLAN SELECT * FROM reporter_key WHERE lookup_id = :l"),
                    {"l": lookup},
                )
            )
            assert "USING INDEX" in plan and "SCAN" not in plan
        else:
            connection.execute(text("SET enable_seqscan = off"))
            plan = " ".join(
                str(row[0])
                for row in connection.execute(
                    text("EXPLAIN SELECT * FROM reporter_key WHERE lookup_id = :l"), {"l": lookup}
                )
            )
            assert "Index" in plan and "reporter_key_lookup_id" in plan


def test_wrong_receipt_opens_nothing(office: OfficeFixture) -> None:
    """A receipt that was never issued finds no case."""
    _submit(office)
    _receipt, secrets_ = receipt_secrets(office.office_salt, PEPPER)

    with transaction(office.engine) as session:
        found = reporter_case_key(session=session, lookup_id=secrets_.lookup_id, keys=secrets_.keys)

    assert found is None


def test_a_case_without_a_receipt_is_sealed_to_its_grantees_only(office: OfficeFixture) -> None:
    """A matter logged without a receipt has no reporter key; its grantees still open it."""
    alice = office.person("alice")
    with transaction(office.engine) as session:
        set_channel_recipients(session=session, channel="report", principal_ids=[alice.id])
        case, _key = submit_case(
            session=session, submission=Submission("report", 1, "", b"{}"), reporter=None
        )
        case_id = case.id

    with transaction(office.engine) as session:
        assert session.get(ReporterKey, case_id) is None
        assert case_key_for(
            session=session,
            case_id=case_id,
            principal_id=alice.id,
            keys=_officer_keys(office, alice.id),
        )
