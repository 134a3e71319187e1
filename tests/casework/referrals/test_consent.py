"""Consent requests, disclosures, the signed append-only consent log, and exports (G4)."""

import io
import json
import zipfile
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from casework.cases.intake import Submission, submit_case
from casework.people.office import set_channel_recipients
from casework.people.principals import Role, get_principal
from casework.referrals.consent import (
    Answer,
    ConsentAnswer,
    ConsentError,
    Recipient,
    RequestContent,
    answer,
    ask,
    usable_consent,
)
from casework.referrals.consent_log import (
    Basis,
    ConsentEntry,
    LogSignatureError,
    verify_consent_log,
)
from casework.referrals.export import ExportSelection
from casework.referrals.recording import (
    DisclosureError,
    DisclosureRequest,
    approve,
    export_stream,
    record,
)
from casework.store.blobs import BlobStore
from casework.store.db import transaction
from casework.store.sealing import open_field, seal_field
from crypto import (
    TEST_KDF,
    ChainError,
    PrincipalKeys,
    ReceiptSecrets,
    derive_keys,
    derive_receipt,
    entry_hash,
    generate_pepper,
    generate_receipt,
    sign,
)
from crypto.seedwrap import unwrap_seed
from tests.conftest import PASSWORD, OfficeFixture

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
        secrets_ = derive_receipt(
            generate_receipt(), office_salt=office.office_salt, pepper=pepper, params=TEST_KDF
        )
        with transaction(office.engine) as session:
            answers = json.dumps({"what": f"report {index}"}).encode()
            case, key = submit_case(
                session=session,
                submission=Submission("report", 1, "fraud", answers, b'{"name": "R"}'),
                reporter=secrets_,
            )
        cases.append((case.id, key, secrets_))
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
) -> DisclosureRequest:
    return DisclosureRequest(recipient, Basis.CONSENT, "x", consent_request_id=request_id)


def _record(world: World, request: DisclosureRequest, case: int = 0) -> str:
    case_id, key, _ = world.cases[case]
    with transaction(world.office.engine) as session:
        disclosure = record(
            session=session,
            case_id=case_id,
            case_key=key,
            officer_id=world.officer,
            officer_keys=world.officer_keys,
            request=request,
            blobs=world.blobs,
        )
        return disclosure.id


def _export(world: World, disclosure_id: str, case: int = 0) -> bytes:
    with transaction(world.office.engine) as session:
        return b"".join(
            export_stream(
                session=session,
                disclosure_id=disclosure_id,
                case_key=world.cases[case][1],
                blobs=world.blobs,
            )
        )


def test_consent_end_to_end(world: World) -> None:
    """Asked, consented, recorded, exported: the export matches the logged SHA-256."""
    request_id = _ask_and_answer(world)

    disclosure_id = _record(
        world,
        DisclosureRequest(
            Recipient.INVESTIGATIONS,
            Basis.CONSENT,
            "the report",
            consent_request_id=request_id,
            selection=ExportSelection(answers=True, identity=True),
        ),
    )
    archive = _export(world, disclosure_id)

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
    """Without a given consent there is no disclosure and no log entry."""
    request_id = _ask_and_answer(world, choice)

    with pytest.raises(DisclosureError, match="not been given"):
        _record(world, _on_consent(request_id))


def test_withdrawn_consent_is_refused(world: World) -> None:
    """A consent withdrawn before use cannot back a disclosure."""
    request_id = _ask_and_answer(world)
    _withdraw(world, request_id)

    with pytest.raises(DisclosureError, match="withdrawn"):
        _record(world, _on_consent(request_id))


def test_used_consent_cannot_be_withdrawn(world: World) -> None:
    """Once a disclosure relies on a consent, withdrawing it is refused."""
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
    """A consent given on one case cannot back a disclosure on another."""
    request_id = _ask_and_answer(world, case=0)

    with pytest.raises(DisclosureError, match="does not belong"):
        _record(world, _on_consent(request_id), case=1)


def test_consent_for_another_recipient_is_refused(world: World) -> None:
    """A consent to share with investigations does not cover the legal office."""
    request_id = _ask_and_answer(world)

    with pytest.raises(DisclosureError, match="another recipient"):
        _record(
            world,
            DisclosureRequest(Recipient.LEGAL, Basis.CONSENT, "x", consent_request_id=request_id),
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
    request = DisclosureRequest(
        Recipient.SECURITY,
        Basis.DANGER_TO_PERSON,
        "the report",
        justification="a credible threat against a colleague's life",
    )
    disclosure_id = _record(world, request)

    with pytest.raises(DisclosureError, match="before exporting"):
        _export(world, disclosure_id)
    with transaction(world.office.engine) as session:
        assert session.exec(select(ConsentEntry)).all() == []
        with pytest.raises(DisclosureError, match="second officer"):
            approve(
                session=session,
                disclosure_id=disclosure_id,
                approver_id=world.officer,
                approver_keys=world.officer_keys,
            )
    with transaction(world.office.engine) as session:
        approve(
            session=session,
            disclosure_id=disclosure_id,
            approver_id=world.second,
            approver_keys=world.second_keys,
        )

    assert zipfile.ZipFile(io.BytesIO(_export(world, disclosure_id))).namelist() == [
        "summary.txt",
        "answers.json",
    ]
    with transaction(world.office.engine) as session:
        assert verify_consent_log(session=session) == 1


def test_exception_without_justification_is_refused(world: World) -> None:
    """An exception needs a written justification."""
    with pytest.raises(DisclosureError, match="justification"):
        _record(world, DisclosureRequest(Recipient.SECURITY, Basis.PUBLIC_HEALTH, "x"))


def test_database_refuses_update_and_delete(world: World, engine: Engine) -> None:
    """The consent log table itself refuses UPDATE and DELETE."""
    _record(world, _on_consent(_ask_and_answer(world)))

    for statement in ("UPDATE consent_log SET recipient = 'legal'", "DELETE FROM consent_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))


def _attack(engine: Engine, statements: list[tuple[str, dict[str, object]]]) -> None:
    """Run statements as an attacker with database-owner rights: triggers and keys off."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("DROP TRIGGER IF EXISTS consent_log_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS consent_log_no_delete"))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        else:
            connection.execute(text("SET session_replication_role = replica"))
        for statement, parameters in statements:
            connection.execute(text(statement), parameters)
        connection.commit()
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        else:
            connection.execute(text("SET session_replication_role = DEFAULT"))


def _three_entries(world: World) -> None:
    for _ in range(3):
        request_id = _ask_and_answer(world)
        _record(world, _on_consent(request_id))


@pytest.mark.parametrize(
    ("statements", "named"),
    [
        pytest.param(["UPDATE consent_log SET recipient = 'legal' WHERE id = 2"], 2, id="edit"),
        pytest.param(["DELETE FROM consent_log WHERE id = 2"], 2, id="delete"),
        pytest.param(
            [
                "UPDATE consent_log SET id = 99 WHERE id = 2",
                "UPDATE consent_log SET id = 2 WHERE id = 3",
                "UPDATE consent_log SET id = 3 WHERE id = 99",
            ],
            2,
            id="reorder",
        ),
    ],
)
def test_tampering_is_found_and_named(
    world: World, engine: Engine, statements: list[str], named: int
) -> None:
    """Editing, deleting or reordering one row breaks the chain at that row."""
    _three_entries(world)
    _attack(engine, [(statement, {}) for statement in statements])

    with transaction(engine) as session, pytest.raises(ChainError) as raised:
        verify_consent_log(session=session)

    assert raised.value.entry_id == named


def test_resigning_with_another_key_is_found(world: World, engine: Engine) -> None:
    """Re-signing an entry with another key, and re-chaining, fails the signature check."""
    _three_entries(world)
    with transaction(engine) as session:
        entries = list(session.exec(select(ConsentEntry).order_by(ConsentEntry.id)))  # type: ignore[arg-type]
        session.expunge_all()
        forged = sign(world.second_keys, entries[1].statement())
        previous = entries[0].entry_hash
        updates = []
        for entry in entries[1:]:
            if entry.id == 2:
                entry.signature = forged
            entry.prev_hash = previous
            previous = entry_hash(previous, entry.chain_fields())
            updates.append((entry.id, entry.signature, entry.prev_hash, previous))
    statement = (
        "UPDATE consent_log SET signature = :s, prev_hash = :p, entry_hash = :h WHERE id = :i"
    )
    _attack(
        engine,
        [(statement, {"s": s, "p": p, "h": h, "i": i}) for i, s, p, h in updates],
    )

    with transaction(engine) as session, pytest.raises(LogSignatureError) as raised:
        verify_consent_log(session=session)

    assert raised.value.entry_id == 2


def test_verify_logs_command_names_a_bad_signature(world: World, engine: Engine) -> None:
    """`confide verify-logs` exits 1 and names the entry whose signature fails."""
    from click.testing import CliRunner

    from confide.cli import main

    _three_entries(world)
    with transaction(engine) as session:
        entry = session.exec(select(ConsentEntry).where(ConsentEntry.id == 3)).one()
        session.expunge(entry)
    forged = sign(world.second_keys, entry.statement())
    entry.signature = forged
    new_hash = entry_hash(entry.prev_hash, entry.chain_fields())
    _attack(
        engine,
        [
            (
                "UPDATE consent_log SET signature = :s, entry_hash = :h WHERE id = 3",
                {"s": forged, "h": new_hash},
            )
        ],
    )

    result = CliRunner().invoke(
        main,
        ["verify-logs"],
        env={"CONFIDE_DATABASE_URL": engine.url.render_as_string(hide_password=False)},
    )

    assert result.exit_code == 1
    assert "consent log: BAD SIGNATURE at entry 3" in result.output
