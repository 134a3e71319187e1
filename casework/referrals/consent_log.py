"""The consent log (G4): every referral outside the office, with its basis.

Append-only: the application has no update or delete path, and the database refuses both
(triggers on SQLite and PostgreSQL, migration ``0002_consent``). Clear fields are the case,
the recipient body, the basis code and the day; what was disclosed and the justification are
ciphertext under the case key. Each entry is

- hash-chained to the previous one (:mod:`casework.store.chained`);
- signed by the recording officer's Ed25519 key, and for an exception by the approving
  officer's too, over :meth:`ConsentEntry.statement` (what was disclosed, to whom, why);
- **sealed**: the officer whose act makes the entry take effect (the recorder for a consent,
  the approver for an exception) also signs :func:`seal_message`, which binds the statement
  and those signatures to the entry's position (id), date and previous hash. Changing an
  entry's date, copying a signed entry to a new position, or deleting an entry and
  renumbering and re-chaining the rest therefore needs that officer's private key, not
  only write access to the database (issue 16, point 2);
- for a consent basis, carries the person's own signature of the consent, checkable with
  the case's public signer key (:mod:`casework.referrals.consent`).

``confide verify-logs`` checks all three with public data only.
"""

import enum
from collections.abc import Mapping
from datetime import date

from sqlalchemy import Column, Integer, LargeBinary
from sqlmodel import Field, Session, SQLModel

from casework.cases.envelope import Case
from casework.people.principals import Principal
from casework.referrals.consent import Answer, ConsentError, signed_message, signer_verify_key
from casework.store import chained
from casework.store.clock import today
from crypto import (
    ChainValue,
    PrincipalKeys,
    SignatureError,
    canonical_encoding,
    sign,
    verify_signature,
)
from intake_forms.languages import N_

STATEMENT_VERSION = "confide-disclosure-1"
SEAL_VERSION = "confide-seal-1"
# The signed statement is a frozen wire format: its version tag and its "disclosure_id" key
# were named before referrals were called referrals, and every signature in existing logs
# covers them. Changing either would need a new version verified beside the old one.
STATEMENT_ID_KEY = "disclosure_id"


class Basis(enum.StrEnum):
    """Why something may leave the office: consent or one enumerated exception."""

    CONSENT = "consent"
    DANGER_TO_PERSON = "danger_to_person"
    DANGER_TO_ENVIRONMENT = "danger_to_environment"
    PUBLIC_HEALTH = "public_health"
    OVERSIGHT_BODY = "oversight_body"


BASIS_LABELS = {
    Basis.CONSENT: N_("the person's express consent"),
    Basis.DANGER_TO_PERSON: N_("risk of harm to a person"),
    Basis.DANGER_TO_ENVIRONMENT: N_("risk of damage to the environment"),
    Basis.PUBLIC_HEALTH: N_("a threat to public health"),
    Basis.OVERSIGHT_BODY: N_("cooperation with an oversight body or tribunal"),
}


class LogSignatureError(chained.SealError):
    """A consent-log entry carries a signature that does not verify."""


class ConsentEntry(SQLModel, table=True):
    """One referral outside the office that has taken effect."""

    __tablename__ = "consent_log"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    recorded_on: date = Field(default_factory=today, index=True)
    case_id: str = Field(foreign_key="case.id", max_length=32, index=True)
    recipient: str = Field(max_length=64, index=True)
    basis: str = Field(max_length=32, index=True)
    referral_id: str = Field(default="", max_length=32)
    recorded_by: str = Field(foreign_key="principal.id", max_length=32)
    approved_by: str | None = Field(default=None, foreign_key="principal.id", max_length=32)
    body_ct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    export_sha256: str | None = Field(default=None, max_length=64)
    consent_request_id: str | None = Field(default=None, max_length=32)
    consent_mac: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    consent_signature: bytes | None = Field(
        default=None, sa_column=Column(LargeBinary, nullable=True)
    )
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    approval_signature: bytes | None = Field(
        default=None, sa_column=Column(LargeBinary, nullable=True)
    )
    seal: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    prev_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    entry_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))

    def statement(self) -> bytes:
        """What the recording officer signs: the referral, independent of its position."""
        return referral_statement(
            referral_id=self.referral_id,
            case_id=self.case_id,
            recipient=self.recipient,
            basis=self.basis,
            recorded_by=self.recorded_by,
            body_ct=self.body_ct,
            export_sha256=self.export_sha256,
            consent_request_id=self.consent_request_id,
            consent_mac=self.consent_mac,
            consent_signature=self.consent_signature,
        )

    def chain_fields(self) -> Mapping[str, ChainValue]:
        """The fields the hash covers (everything but the hashes)."""
        return {
            "id": self.id,
            "recorded_on": self.recorded_on.isoformat(),
            "statement": self.statement(),
            "approved_by": self.approved_by,
            "signature": self.signature,
            "approval_signature": self.approval_signature,
            "seal": self.seal,
        }

    @property
    def sealed_by(self) -> str | None:
        """Who seals the entry: whoever made it take effect."""
        return self.recorded_by if self.basis == Basis.CONSENT else self.approved_by


def seal_message(entry: ConsentEntry) -> bytes:
    """What the sealing officer signs: the entry and its place in the log.

    Covers the id (position), the date, the previous entry's hash, the statement, the
    approver and both signatures; only the entry's own hash (which covers the seal) is left
    out.
    """
    return canonical_encoding(
        {
            "v": SEAL_VERSION,
            "id": entry.id,
            "recorded_on": entry.recorded_on.isoformat(),
            "prev_hash": entry.prev_hash,
            "statement": entry.statement(),
            "approved_by": entry.approved_by,
            "signature": entry.signature,
            "approval_signature": entry.approval_signature,
        }
    )


def referral_statement(
    *,
    referral_id: str,
    case_id: str,
    recipient: str,
    basis: str,
    recorded_by: str,
    body_ct: bytes,
    export_sha256: str | None,
    consent_request_id: str | None,
    consent_mac: bytes | None,
    consent_signature: bytes | None,
) -> bytes:
    """The canonical bytes signed for a referral (recorder) and its approval (approver)."""
    return canonical_encoding(
        {
            "v": STATEMENT_VERSION,
            STATEMENT_ID_KEY: referral_id,
            "case_id": case_id,
            "recipient": recipient,
            "basis": basis,
            "recorded_by": recorded_by,
            "body_ct": body_ct,
            "export_sha256": export_sha256,
            "consent_request_id": consent_request_id,
            "consent_mac": consent_mac,
            "consent_signature": consent_signature,
        }
    )


def approval_message(statement: bytes, approver_id: str) -> bytes:
    """What an approving officer signs."""
    return canonical_encoding(
        {"v": "confide-approval-1", "statement": statement, "by": approver_id}
    )


def append_entry(
    *, session: Session, entry: ConsentEntry, sealer_keys: PrincipalKeys
) -> ConsentEntry:
    """Chain, seal and insert an entry (the only write path to the consent log).

    Args:
        session: the open transaction.
        entry: the new entry.
        sealer_keys: the keys of :attr:`ConsentEntry.sealed_by` (who makes it take effect).
    """
    entry.prev_hash = b""
    entry.entry_hash = b""

    def seal(row: ConsentEntry) -> None:
        row.seal = sign(sealer_keys, seal_message(row))

    result: ConsentEntry = chained.append(session=session, row=entry, model=ConsentEntry, seal=seal)
    return result


def _check(verify_key: bytes | None, message: bytes, signature: bytes | None) -> bool:
    if verify_key is None or signature is None:
        return False
    try:
        verify_signature(verify_key, message, signature)
    except SignatureError:
        return False
    return True


def verify_entry_signatures(*, session: Session, entry: ConsentEntry) -> None:
    """Check the officer, approver and consent signatures of one entry.

    Raises:
        LogSignatureError: naming the entry and the signature that failed.
    """
    recorder = session.get(Principal, entry.recorded_by)
    statement = entry.statement()
    if not _check(recorder.verify_key if recorder else None, statement, entry.signature):
        raise LogSignatureError(entry.id, "the recording officer's signature")
    sealer = session.get(Principal, entry.sealed_by) if entry.sealed_by else None
    if not _check(sealer.verify_key if sealer else None, seal_message(entry), entry.seal):
        raise LogSignatureError(entry.id, "the seal over its position, date and previous hash")
    if entry.basis != Basis.CONSENT:
        approver = session.get(Principal, entry.approved_by) if entry.approved_by else None
        if approver is None or entry.approved_by == entry.recorded_by:
            raise LogSignatureError(entry.id, "the second officer's approval")
        message = approval_message(statement, approver.id)
        if not _check(approver.verify_key, message, entry.approval_signature):
            raise LogSignatureError(entry.id, "the second officer's approval")
        return
    case = session.get(Case, entry.case_id)
    if case is None or entry.consent_request_id is None or entry.consent_mac is None:
        raise LogSignatureError(entry.id, "the consent signature")
    try:
        signer = signer_verify_key(session=session, case=case)
    except ConsentError as exc:
        raise LogSignatureError(entry.id, "the consent signature") from exc
    consent = signed_message(
        case_id=entry.case_id,
        request_id=entry.consent_request_id,
        mac=entry.consent_mac,
        answer=Answer.GIVEN,
    )
    if not _check(signer, consent, entry.consent_signature):
        raise LogSignatureError(entry.id, "the consent signature")


def verify_consent_log(*, session: Session) -> chained.LogHead:
    """Verify the chain, then every entry's signatures.

    Returns:
        The head: the number of entries verified and the newest one's hash.

    Raises:
        crypto.ChainError: naming the first entry that breaks the chain.
        LogSignatureError: naming the first entry with a bad signature.
    """
    head = chained.verify(session=session, model=ConsentEntry)
    for entry in chained.rows_in_order(session=session, model=ConsentEntry):
        verify_entry_signatures(session=session, entry=entry)
    return head
