"""Statements: drafts sealed to the filer alone, filing, amendments, last year's copy.

A **draft** is what the filer typed, exactly as sent (so that an unfinished or invalid page
comes back as it was), sealed under a random draft key that is sealed to the filer's public
key and to the office recovery key (which opens every filer's seed anyway): no officer can
read a draft, and it never becomes a case. It is unsealed only in the filer's split-key
gateway session. A new invitation (a lost password) gives the filer new keys; their draft
is then *withheld*, kept as it was, until the director gives it back with the recovery code
(:mod:`casework.disclosure.draft_regrant`). Meanwhile the filer can file, but saving another
draft over it is refused, so that nothing is lost.

**Filing** makes the statement a case of the ``disclosure`` channel: a fresh case key
sealed to the filer (a grant, so they can read their past statements) and to the
programme's default recipients; the answers are a case record. An **amendment** becomes
the case's ``answers`` record and the version it replaces is kept, re-sealed as a
``previous_answers`` record (the old one stays, numbered inside its sealed document), and
the case goes back to the office. The clear metadata is the cycle, the filer, the
"nothing to disclose" flag and which kinds were disclosed (DESIGN.md, "Clear metadata").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, delete, select

from casework.cases.access import NoGrantError, case_key_for
from casework.cases.deadlines import reschedule
from casework.cases.envelope import Case, CaseStatus, Grant, RecordKind, records_of
from casework.cases.intake import grant_recipients
from casework.cases.records import open_record, seal_record
from casework.channels.policy import RECEIVED_MILESTONE
from casework.disclosure.tables import (
    DisclosureCycle,
    DisclosureDraft,
    DisclosureFiler,
    DisclosureStatement,
)
from casework.people.office import get_office
from casework.people.principals import Principal
from casework.store.clock import today, utcnow
from casework.store.ids import new_id
from casework.store.sealing import open_field, seal_field
from crypto import (
    DecryptionError,
    derive_keys,
    generate_case_key,
    open_case_key,
    principal_record_key,
    seal_case_key,
    seal_to,
)
from intake_forms import Validated, answers_bytes
from intake_forms.disclosure import DISCLOSURE_FORM, disclosed_kinds
from intake_forms.languages import N_, ExplainedError

CHANNEL = DISCLOSURE_FORM.id
DRAFT_FIELD = "values"
VERSION_KEY = "statement_version"
PREVIOUS_KIND = "previous_answers"


class StatementError(ExplainedError):
    """A statement cannot be filed now (the message says why)."""


@dataclass(frozen=True, slots=True)
class Version:
    """One filed version of a statement, decrypted."""

    number: int
    filed_on: date
    answers: dict[str, Any]


def _draft_of(session: Session, filer_id: str) -> DisclosureDraft | None:
    return session.exec(select(DisclosureDraft).where(DisclosureDraft.filer_id == filer_id)).first()


def draft_withheld(*, session: Session, filer_id: str, seed: bytes) -> bool:
    """Whether the filer has a draft sealed to the keys they had before a new invitation."""
    draft = _draft_of(session, filer_id)
    if draft is None or draft.sealed_to is None:
        return False
    return draft.sealed_to != derive_keys(seed).box_public


def save_draft(
    *, session: Session, filer: DisclosureFiler, seed: bytes, values: dict[str, list[str]]
) -> None:
    """Seal what the filer typed (replacing the previous draft).

    Raises:
        StatementError: the previous draft is withheld (it would be lost); the office gives
            it back first.
    """
    if draft_withheld(session=session, filer_id=filer.id, seed=seed):
        raise StatementError(
            "your saved draft is sealed to your old password; the ethics office will give it"
            " back to you, then you can change it (you can file now without it)"
        )
    session.exec(delete(DisclosureDraft).where(col(DisclosureDraft.filer_id) == filer.id))
    draft_id, draft_key, keys = new_id(), generate_case_key(), derive_keys(seed)
    plaintext = json.dumps(values, sort_keys=True).encode()
    session.add(
        DisclosureDraft(
            id=draft_id,
            filer_id=filer.id,
            ciphertext=seal_field(draft_key, DisclosureDraft, draft_id, DRAFT_FIELD, plaintext),
            filer_key=seal_case_key(draft_key, keys.box_public),
            recovery_key=seal_to(draft_key, get_office(session=session).recovery_public),
            sealed_to=keys.box_public,
        )
    )
    session.flush()


def load_draft(*, session: Session, filer_id: str, seed: bytes) -> dict[str, list[str]] | None:
    """The filer's draft as they left it, or None (also while it is withheld)."""
    draft = _draft_of(session, filer_id)
    if draft is None:
        return None
    try:
        if draft.filer_key is None:  # saved before drafts had their own key
            key = principal_record_key(seed)
        else:
            key = open_case_key(draft.filer_key, derive_keys(seed))
        plaintext = open_field(key, DisclosureDraft, draft.id, DRAFT_FIELD, draft.ciphertext)
    except DecryptionError:
        return None  # sealed to the filer's keys before a new invitation (see draft_withheld)
    values: dict[str, list[str]] = json.loads(plaintext)
    return values


def statement_of(*, session: Session, filer_id: str) -> DisclosureStatement | None:
    """The filed statement of a filer row (one cycle), or None."""
    return session.exec(
        select(DisclosureStatement).where(DisclosureStatement.filer_id == filer_id)
    ).first()


def _new_case(session: Session, principal: Principal) -> tuple[Case, bytes]:
    case = Case(
        channel=CHANNEL,
        form_version=DISCLOSURE_FORM.version,
        status=CaseStatus.RECEIVED,
        received_on=today(),
        submitter_id=principal.id,
    )
    reschedule(case, {RECEIVED_MILESTONE: case.received_on})
    session.add(case)
    session.flush()
    case_key = generate_case_key()
    session.add(
        Grant(
            case_id=case.id,
            principal_id=principal.id,
            sealed_key=seal_case_key(case_key, principal.box_public),
        )
    )
    grant_recipients(session, case, case_key)
    session.flush()
    return case, case_key


def file_statement(
    *,
    session: Session,
    cycle: DisclosureCycle,
    filer: DisclosureFiler,
    principal: Principal,
    seed: bytes,
    validated: Validated,
) -> DisclosureStatement:
    """File (or amend) the filer's statement for ``cycle``; the draft is then discarded.

    An empty statement is a "nothing to disclose" statement.

    Raises:
        StatementError: the cycle is closed, or the filer row is not this principal's.
    """
    if not cycle.is_open:
        raise StatementError(N_("this cycle is closed"))
    if filer.principal_id != principal.id or filer.cycle_id != cycle.id:
        raise StatementError(N_("this statement is not yours"))
    statement = statement_of(session=session, filer_id=filer.id)
    if statement is None:
        case, case_key = _new_case(session, principal)
        statement = DisclosureStatement(
            case_id=case.id, filer_id=filer.id, cycle_id=cycle.id, versions=0
        )
    else:
        case_key = _filer_case_key(session, statement.case_id, principal.id, seed)
        _back_to_office(session, statement.case_id)
        _keep_as_previous(session, statement.case_id, case_key)
    # The version number travels inside the sealed document: record ids are random and
    # dates are days, so neither orders two versions filed the same day.
    document = json.loads(answers_bytes(validated))
    document[VERSION_KEY] = statement.versions + 1
    seal_record(
        session=session,
        case_id=statement.case_id,
        case_key=case_key,
        kind=RecordKind.ANSWERS,
        plaintext=json.dumps(document, ensure_ascii=False, sort_keys=True).encode(),
    )
    kinds = disclosed_kinds(validated.answers)
    statement.kinds = ",".join(kinds)
    statement.nothing_to_disclose = not kinds
    statement.versions += 1
    statement.filed_on = today()
    session.add(statement)
    session.exec(delete(DisclosureDraft).where(col(DisclosureDraft.filer_id) == filer.id))
    session.flush()
    return statement


def _keep_as_previous(session: Session, case_id: str, case_key: bytes) -> None:
    """Re-seal the current version as a previous one, so that the single ``answers`` record
    is always the statement in force (what the console's case file shows)."""
    for record in records_of(session=session, case_id=case_id, kind=RecordKind.ANSWERS):
        seal_record(
            session=session,
            case_id=case_id,
            case_key=case_key,
            kind=PREVIOUS_KIND,
            plaintext=open_record(case_key=case_key, record=record),
        )
        session.delete(record)
    session.flush()


def _filer_case_key(session: Session, case_id: str, principal_id: str, seed: bytes) -> bytes:
    """The filer's own grant opens the statement, unless it predates a new invitation.

    Raises:
        StatementError: the grant was sealed to the filer's old keys (the office re-grants).
    """
    try:
        return case_key_for(
            session=session, case_id=case_id, principal_id=principal_id, keys=derive_keys(seed)
        )
    except NoGrantError as exc:
        raise StatementError(
            N_(
                "your filed statement is sealed to your old password; the ethics office will"
                " give it back to you, then you can amend it"
            )
        ) from exc


def _back_to_office(session: Session, case_id: str) -> None:
    """An amendment reopens the case for the office, whatever its review had reached."""
    case = session.get(Case, case_id)
    if case is None:
        return
    case.status, case.outcome, case.closed_on = CaseStatus.RECEIVED, None, None
    case.awaiting_office, case.last_activity_on = True, today()
    session.add(case)


def versions_of(*, session: Session, case_id: str, case_key: bytes) -> list[Version]:
    """Every filed version of a statement, oldest first (the old ones stay)."""
    records = [
        *records_of(session=session, case_id=case_id, kind=PREVIOUS_KIND),
        *records_of(session=session, case_id=case_id, kind=RecordKind.ANSWERS),
    ]
    result = []
    for record in records:
        document = json.loads(open_record(case_key=case_key, record=record))
        result.append(
            Version(
                number=int(document[VERSION_KEY]),
                filed_on=record.created_on,
                answers=document["answers"],
            )
        )
    return sorted(result, key=lambda version: version.number)


def last_years_answers(
    *, session: Session, principal_id: str, seed: bytes, before_year: int
) -> dict[str, Any] | None:
    """The latest version of the filer's most recent statement of an earlier cycle, or None."""
    query = (
        select(DisclosureStatement)
        .join(DisclosureFiler, col(DisclosureFiler.id) == DisclosureStatement.filer_id)
        .join(DisclosureCycle, col(DisclosureCycle.id) == DisclosureStatement.cycle_id)
        .where(DisclosureFiler.principal_id == principal_id, DisclosureCycle.year < before_year)
        .order_by(col(DisclosureCycle.year).desc())
    )
    statement = session.exec(query).first()
    if statement is None:
        return None
    case_key = case_key_for(
        session=session,
        case_id=statement.case_id,
        principal_id=principal_id,
        keys=derive_keys(seed),
    )
    return versions_of(session=session, case_id=statement.case_id, case_key=case_key)[-1].answers


def answers_as_values(answers: dict[str, Any]) -> dict[str, list[str]]:
    """Turn stored answers back into form inputs (to prefill a draft from last year's)."""
    values: dict[str, list[str]] = {}
    for group in DISCLOSURE_FORM.group_fields:
        entries = answers.get(group.name) or []
        values[f"{group.name}.entries"] = [str(max(len(entries), 1))]
        for index, entry in enumerate(entries):
            for name, value in entry.items():
                key = f"{group.name}.{index}.{name}"
                if isinstance(value, dict):
                    for part, text in value.items():
                        values[f"{key}.{part}"] = [str(text)]
                else:
                    values[key] = [str(value)]
    return values


def regrant_to_filer(
    *, session: Session, officer_id: str, officer_seed: bytes, filer: Principal
) -> int:
    """Re-seal every statement of a filer to their current key (after a password reset).

    Only statements the officer holds a grant on are re-granted; returns how many.
    """
    officer_keys = derive_keys(officer_seed)
    grants = session.exec(select(Grant).where(Grant.principal_id == filer.id))
    count = 0
    for grant in grants:
        try:
            case_key = case_key_for(
                session=session, case_id=grant.case_id, principal_id=officer_id, keys=officer_keys
            )
        except PermissionError:
            continue
        grant.sealed_key = seal_case_key(case_key, filer.box_public)
        grant.granted_by, grant.created_at = officer_id, utcnow()
        session.add(grant)
        count += 1
    session.flush()
    return count
