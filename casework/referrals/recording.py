"""Recording a referral outside the office, approving it, and producing its export.

The only path by which decrypted material leaves for outside use (G4):

1. An officer holding a grant records the referral: recipient, what, and the basis — a
   consent checked by :func:`casework.referrals.consent.usable_consent`, or one exception with a
   written justification. The export is built in memory, chunk by chunk, and only its
   SHA-256 is kept; the officer signs the statement.
2. A consent-based referral takes effect at once: it is appended to the consent log.
   An exception-based one waits for a second officer (or the director), also holding a
   grant, to approve it; only then is it appended. Until then it has no effect and no
   export can be downloaded.
3. The export is downloaded only for a referral that has a log entry. It is rebuilt
   deterministically from the immutable records and must hash to the logged SHA-256.
"""

import enum
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, Session, SQLModel, col, select

from casework.cases.access_log import AccessAction, record_access
from casework.referrals.consent import (
    NAMED_RECIPIENTS,
    RECIPIENT_LABELS,
    Recipient,
    UsableConsent,
    usable_consent,
)
from casework.referrals.consent_log import (
    BASIS_LABELS,
    Basis,
    ConsentEntry,
    append_entry,
    approval_message,
    referral_statement,
)
from casework.referrals.export import ExportSelection, build_export
from casework.store.blobs import BlobStore
from casework.store.clock import today
from casework.store.ids import new_id
from casework.store.sealing import open_field, seal_field
from crypto import PrincipalKeys, sign

BODY_FIELD = "body"


class ReferralStatus(enum.StrEnum):
    """Where a recorded referral stands."""

    AWAITING_APPROVAL = "awaiting_approval"
    EFFECTIVE = "effective"


class ReferralError(ValueError):
    """A referral cannot be recorded, approved or exported (reason fit for an officer)."""


class Referral(SQLModel, table=True):
    """A referral being recorded; it takes effect when its consent-log entry exists."""

    __tablename__ = "referral"
    # Bodies sealed before the table was renamed from "disclosure" are bound to that name.
    __seal_as__ = "disclosure"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    recipient: str = Field(max_length=64)
    basis: str = Field(max_length=32)
    status: str = Field(default=ReferralStatus.AWAITING_APPROVAL, max_length=32, index=True)
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
class ReferralRequest:
    """What an officer fills in to record a referral."""

    recipient: Recipient
    basis: Basis
    what: str
    recipient_name: str = ""
    justification: str = ""
    consent_request_id: str | None = None
    selection: ExportSelection = field(default_factory=ExportSelection)


def _statement(referral: Referral) -> bytes:
    return referral_statement(
        referral_id=referral.id,
        case_id=referral.case_id,
        recipient=referral.recipient,
        basis=referral.basis,
        recorded_by=referral.created_by,
        body_ct=referral.body_ct,
        export_sha256=referral.export_sha256,
        consent_request_id=referral.consent_request_id,
        consent_mac=referral.consent_mac,
        consent_signature=referral.consent_signature,
    )


def body_of(referral: Referral, case_key: bytes) -> dict[str, object]:
    """The decrypted description of a referral."""
    data: dict[str, object] = json.loads(
        open_field(case_key, Referral, referral.id, BODY_FIELD, referral.body_ct)
    )
    return data


def _summary(referral_id: str, request: ReferralRequest, case_id: str) -> dict[str, object]:
    return {
        "referral_id": referral_id,
        "case_id": case_id,
        "recipient": RECIPIENT_LABELS[request.recipient]
        + (f": {request.recipient_name}" if request.recipient_name else ""),
        "basis": BASIS_LABELS[request.basis],
        "what": request.what,
        "justification": request.justification,
    }


def _basis(
    session: Session, case_id: str, case_key: bytes, request: ReferralRequest
) -> UsableConsent | None:
    """Check what the referral rests on: the consent it relies on, or a justified exception.

    Raises:
        ReferralError: what, to whom or why is missing, or the consent is not usable.
    """
    if not request.what.strip():
        raise ReferralError("say what is shared")
    if request.recipient in NAMED_RECIPIENTS and not request.recipient_name.strip():
        raise ReferralError("name the recipient")
    if request.basis is Basis.CONSENT:
        if request.consent_request_id is None:
            raise ReferralError("choose the consent this referral relies on")
        from casework.referrals.consent import ConsentError

        try:
            consent = usable_consent(
                session=session,
                request_id=request.consent_request_id,
                case_id=case_id,
                case_key=case_key,
            )
        except ConsentError as exc:
            raise ReferralError(str(exc)) from exc
        if consent.recipient is not request.recipient:
            raise ReferralError("the consent was given for another recipient")
        return consent
    if not request.justification.strip():
        raise ReferralError("an exception needs a written justification")
    return None


def record(
    *,
    session: Session,
    case_id: str,
    case_key: bytes,
    officer_id: str,
    officer_keys: PrincipalKeys,
    request: ReferralRequest,
    blobs: BlobStore,
) -> Referral:
    """Record a referral; with a valid consent it takes effect at once.

    Raises:
        ReferralError: the basis is missing or invalid.
    """
    consent = _basis(session, case_id, case_key, request)
    referral_id = new_id()
    summary = _summary(referral_id, request, case_id)
    digest = build_export(
        session=session,
        case_id=case_id,
        case_key=case_key,
        blobs=blobs,
        summary=summary,
        selection=request.selection,
    ).digest()
    body = json.dumps({**summary, "selection": request.selection.to_json()}).encode()
    referral = Referral(
        id=referral_id,
        case_id=case_id,
        recipient=request.recipient,
        basis=request.basis,
        consent_request_id=consent.request_id if consent else None,
        consent_mac=consent.mac if consent else None,
        consent_signature=consent.signature if consent else None,
        body_ct=seal_field(case_key, Referral, referral_id, BODY_FIELD, body),
        export_sha256=digest,
        created_by=officer_id,
        signature=b"",
    )
    referral.signature = sign(officer_keys, _statement(referral))
    session.add(referral)
    session.flush()
    _log(session, officer_id, AccessAction.REFERRAL, referral)
    if consent is not None:
        _take_effect(
            session, referral, approver_id=None, approval_signature=None, sealer_keys=officer_keys
        )
    return referral


def _log(session: Session, actor_id: str, action: AccessAction, referral: Referral) -> None:
    """The access-log entry of a step on a referral (its id, never its content)."""
    record_access(
        session=session,
        actor_id=actor_id,
        action=action,
        case_id=referral.case_id,
        detail=f"referral:{referral.id}",
    )


def approve(
    *, session: Session, referral_id: str, approver_id: str, approver_keys: PrincipalKeys
) -> ConsentEntry:
    """A second officer approves an exception-based referral, which then takes effect.

    Raises:
        ReferralError: nothing to approve, or the approver recorded it themselves.
    """
    referral = session.get(Referral, referral_id)
    if referral is None or referral.status != ReferralStatus.AWAITING_APPROVAL:
        raise ReferralError("there is no referral awaiting approval")
    if referral.created_by == approver_id:
        raise ReferralError("a second officer must approve what you recorded")
    signature = sign(approver_keys, approval_message(_statement(referral), approver_id))
    _log(session, approver_id, AccessAction.REFERRAL_APPROVAL, referral)
    return _take_effect(
        session,
        referral,
        approver_id=approver_id,
        approval_signature=signature,
        sealer_keys=approver_keys,
    )


def authorise_export(*, session: Session, case_id: str, referral_id: str, actor_id: str) -> None:
    """Check that a referral of this case has taken effect, and log the export.

    Raises:
        ReferralError: no such referral on this case, or it has no consent-log entry yet.
    """
    referral = session.get(Referral, referral_id)
    if referral is None or referral.case_id != case_id or referral.entry_id is None:
        raise ReferralError("record the referral, and have it approved, before exporting")
    _log(session, actor_id, AccessAction.EXPORT, referral)


def _take_effect(
    session: Session,
    referral: Referral,
    *,
    approver_id: str | None,
    approval_signature: bytes | None,
    sealer_keys: PrincipalKeys,
) -> ConsentEntry:
    entry = append_entry(
        sealer_keys=sealer_keys,
        session=session,
        entry=ConsentEntry(
            case_id=referral.case_id,
            recipient=referral.recipient,
            basis=referral.basis,
            referral_id=referral.id,
            recorded_by=referral.created_by,
            approved_by=approver_id,
            body_ct=referral.body_ct,
            export_sha256=referral.export_sha256,
            consent_request_id=referral.consent_request_id,
            consent_mac=referral.consent_mac,
            consent_signature=referral.consent_signature,
            signature=referral.signature,
            approval_signature=approval_signature,
            prev_hash=b"",
            entry_hash=b"",
        ),
    )
    referral.entry_id = entry.id
    referral.status = ReferralStatus.EFFECTIVE
    session.add(referral)
    session.flush()
    return entry


def referrals_of(*, session: Session, case_id: str) -> list[Referral]:
    """The case's recorded referrals, oldest first."""
    query = select(Referral).where(Referral.case_id == case_id)
    return list(session.exec(query.order_by(col(Referral.created_on), col(Referral.id))))


def used_consents(*, session: Session, case_id: str) -> set[str]:
    """Consent requests that a referral already relies on (they can no longer be withdrawn)."""
    rows = session.exec(
        select(Referral.consent_request_id).where(
            Referral.case_id == case_id, col(Referral.consent_request_id).is_not(None)
        )
    )
    return {r for r in rows if r}


def export_stream(
    *, session: Session, referral_id: str, case_key: bytes, blobs: BlobStore
) -> Iterator[bytes]:
    """The referral export of a referral that has taken effect.

    Raises:
        ReferralError: the referral has no consent-log entry (no export without one).
    """
    referral = session.get(Referral, referral_id)
    if referral is None or referral.entry_id is None:
        raise ReferralError("record the referral, and have it approved, before exporting")
    body = body_of(referral, case_key)
    selection = ExportSelection.from_json(body.pop("selection"))  # type: ignore[arg-type]
    export = build_export(
        session=session,
        case_id=referral.case_id,
        case_key=case_key,
        blobs=blobs,
        summary=body,
        selection=selection,
        expected_sha256=referral.export_sha256,
    )
    return iter(export)
