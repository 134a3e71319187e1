"""Recording a disclosure outside the office, approving it, and producing its export.

The only path by which decrypted material leaves for outside use (G4):

1. An officer holding a grant records the disclosure: recipient, what, and the basis — a
   consent checked by :func:`casework.referrals.consent.usable_consent`, or one exception with a
   written justification. The export is built in memory, chunk by chunk, and only its
   SHA-256 is kept; the officer signs the statement.
2. A consent-based disclosure takes effect at once: it is appended to the consent log.
   An exception-based one waits for a second officer (or the director), also holding a
   grant, to approve it; only then is it appended. Until then it has no effect and no
   export can be downloaded.
3. The export is downloaded only for a disclosure that has a log entry. It is rebuilt
   deterministically from the immutable records and must hash to the logged SHA-256.
"""

import enum
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, Session, SQLModel, col, select

from casework.referrals.consent import RECIPIENT_LABELS, Recipient, usable_consent
from casework.referrals.consent_log import (
    BASIS_LABELS,
    Basis,
    ConsentEntry,
    append_entry,
    approval_message,
    disclosure_statement,
)
from casework.referrals.export import ExportSelection, build_export
from casework.store.blobs import BlobStore
from casework.store.clock import today
from casework.store.ids import new_id
from casework.store.sealing import open_field, seal_field
from crypto import PrincipalKeys, sign

BODY_FIELD = "body"


class DisclosureStatus(enum.StrEnum):
    """Where a recorded disclosure stands."""

    AWAITING_APPROVAL = "awaiting_approval"
    EFFECTIVE = "effective"


class DisclosureError(ValueError):
    """A disclosure cannot be recorded, approved or exported (reason fit for an officer)."""


class Disclosure(SQLModel, table=True):
    """A disclosure being recorded; it takes effect when its consent-log entry exists."""

    __tablename__ = "disclosure"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    recipient: str = Field(max_length=64)
    basis: str = Field(max_length=32)
    status: str = Field(default=DisclosureStatus.AWAITING_APPROVAL, max_length=32, index=True)
    consent_request_id: str | None = Field(
        default=None, foreign_key="consent_request.id", max_length=32
    )
    consent_mac: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    consent_signature: bytes | None = Field(
        default=None, sa_column=Column(LargeBinary, nullable=True)
    )
    body_ct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    export_sha256: str = Field(max_length=64)
    created_by: str = Field(foreign_key="principal.id", max_length=32)
    created_on: date = Field(default_factory=today)
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    entry_id: int | None = Field(default=None, foreign_key="consent_log.id")


@dataclass(frozen=True, slots=True)
class DisclosureRequest:
    """What an officer fills in to record a disclosure."""

    recipient: Recipient
    basis: Basis
    what: str
    recipient_name: str = ""
    justification: str = ""
    consent_request_id: str | None = None
    selection: ExportSelection = field(default_factory=ExportSelection)


def _statement(disclosure: Disclosure) -> bytes:
    return disclosure_statement(
        disclosure_id=disclosure.id,
        case_id=disclosure.case_id,
        recipient=disclosure.recipient,
        basis=disclosure.basis,
        recorded_by=disclosure.created_by,
        body_ct=disclosure.body_ct,
        export_sha256=disclosure.export_sha256,
        consent_request_id=disclosure.consent_request_id,
        consent_mac=disclosure.consent_mac,
        consent_signature=disclosure.consent_signature,
    )


def body_of(disclosure: Disclosure, case_key: bytes) -> dict[str, object]:
    """The decrypted description of a disclosure."""
    data: dict[str, object] = json.loads(
        open_field(case_key, Disclosure, disclosure.id, BODY_FIELD, disclosure.body_ct)
    )
    return data


def _summary(disclosure_id: str, request: DisclosureRequest, case_id: str) -> dict[str, object]:
    return {
        "disclosure_id": disclosure_id,
        "case_id": case_id,
        "recipient": RECIPIENT_LABELS[request.recipient]
        + (f": {request.recipient_name}" if request.recipient_name else ""),
        "basis": BASIS_LABELS[request.basis],
        "what": request.what,
        "justification": request.justification,
    }


def record(
    *,
    session: Session,
    case_id: str,
    case_key: bytes,
    officer_id: str,
    officer_keys: PrincipalKeys,
    request: DisclosureRequest,
    blobs: BlobStore,
) -> Disclosure:
    """Record a disclosure; with a valid consent it takes effect at once.

    Raises:
        DisclosureError: the basis is missing or invalid.
    """
    if not request.what.strip():
        raise DisclosureError("say what is disclosed")
    if request.recipient is Recipient.OTHER and not request.recipient_name.strip():
        raise DisclosureError("name the recipient")
    consent = None
    if request.basis is Basis.CONSENT:
        if request.consent_request_id is None:
            raise DisclosureError("choose the consent this disclosure relies on")
        from casework.referrals.consent import ConsentError

        try:
            consent = usable_consent(
                session=session,
                request_id=request.consent_request_id,
                case_id=case_id,
                case_key=case_key,
            )
        except ConsentError as exc:
            raise DisclosureError(str(exc)) from exc
        if consent.recipient is not request.recipient:
            raise DisclosureError("the consent was given for another recipient")
    elif not request.justification.strip():
        raise DisclosureError("an exception needs a written justification")
    disclosure_id = new_id()
    summary = _summary(disclosure_id, request, case_id)
    digest = build_export(
        session=session,
        case_id=case_id,
        case_key=case_key,
        blobs=blobs,
        summary=summary,
        selection=request.selection,
    ).digest()
    body = json.dumps({**summary, "selection": request.selection.to_json()}).encode()
    disclosure = Disclosure(
        id=disclosure_id,
        case_id=case_id,
        recipient=request.recipient,
        basis=request.basis,
        consent_request_id=consent.request_id if consent else None,
        consent_mac=consent.mac if consent else None,
        consent_signature=consent.signature if consent else None,
        body_ct=seal_field(case_key, Disclosure, disclosure_id, BODY_FIELD, body),
        export_sha256=digest,
        created_by=officer_id,
        signature=b"",
    )
    disclosure.signature = sign(officer_keys, _statement(disclosure))
    session.add(disclosure)
    session.flush()
    if consent is not None:
        _take_effect(session, disclosure, approver_id=None, approval_signature=None)
    return disclosure


def approve(
    *, session: Session, disclosure_id: str, approver_id: str, approver_keys: PrincipalKeys
) -> ConsentEntry:
    """A second officer approves an exception-based disclosure, which then takes effect.

    Raises:
        DisclosureError: nothing to approve, or the approver recorded it themselves.
    """
    disclosure = session.get(Disclosure, disclosure_id)
    if disclosure is None or disclosure.status != DisclosureStatus.AWAITING_APPROVAL:
        raise DisclosureError("there is no disclosure awaiting approval")
    if disclosure.created_by == approver_id:
        raise DisclosureError("a second officer must approve what you recorded")
    signature = sign(approver_keys, approval_message(_statement(disclosure), approver_id))
    return _take_effect(session, disclosure, approver_id=approver_id, approval_signature=signature)


def _take_effect(
    session: Session,
    disclosure: Disclosure,
    *,
    approver_id: str | None,
    approval_signature: bytes | None,
) -> ConsentEntry:
    entry = append_entry(
        session=session,
        entry=ConsentEntry(
            case_id=disclosure.case_id,
            recipient=disclosure.recipient,
            basis=disclosure.basis,
            disclosure_id=disclosure.id,
            recorded_by=disclosure.created_by,
            approved_by=approver_id,
            body_ct=disclosure.body_ct,
            export_sha256=disclosure.export_sha256,
            consent_request_id=disclosure.consent_request_id,
            consent_mac=disclosure.consent_mac,
            consent_signature=disclosure.consent_signature,
            signature=disclosure.signature,
            approval_signature=approval_signature,
            prev_hash=b"",
            entry_hash=b"",
        ),
    )
    disclosure.entry_id = entry.id
    disclosure.status = DisclosureStatus.EFFECTIVE
    session.add(disclosure)
    session.flush()
    return entry


def disclosures_of(*, session: Session, case_id: str) -> list[Disclosure]:
    """The case's recorded disclosures, oldest first."""
    query = select(Disclosure).where(Disclosure.case_id == case_id)
    return list(session.exec(query.order_by(col(Disclosure.created_on), col(Disclosure.id))))


def used_consents(*, session: Session, case_id: str) -> set[str]:
    """Consent requests that a disclosure already relies on (they can no longer be withdrawn)."""
    rows = session.exec(
        select(Disclosure.consent_request_id).where(
            Disclosure.case_id == case_id, col(Disclosure.consent_request_id).is_not(None)
        )
    )
    return {r for r in rows if r}


def export_stream(
    *, session: Session, disclosure_id: str, case_key: bytes, blobs: BlobStore
) -> Iterator[bytes]:
    """The referral export of a disclosure that has taken effect.

    Raises:
        DisclosureError: the disclosure has no consent-log entry (no export without one).
    """
    disclosure = session.get(Disclosure, disclosure_id)
    if disclosure is None or disclosure.entry_id is None:
        raise DisclosureError("record the disclosure, and have it approved, before exporting")
    body = body_of(disclosure, case_key)
    selection = ExportSelection.from_json(body.pop("selection"))  # type: ignore[arg-type]
    export = build_export(
        session=session,
        case_id=disclosure.case_id,
        case_key=case_key,
        blobs=blobs,
        summary=body,
        selection=selection,
        expected_sha256=disclosure.export_sha256,
    )
    return iter(export)
