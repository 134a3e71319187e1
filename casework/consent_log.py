"""The consent log (G4): every disclosure outside the office, with its basis.

Clear fields are the case, the recipient body, the basis code and the day; what was
disclosed and the justification are ciphertext under the case key. Entries are hash-chained
and signed by the recording officer; the workflows that write them arrive with consent
requests and referrals.
"""

import enum
from collections.abc import Mapping
from datetime import date

from sqlalchemy import Column, Integer, LargeBinary
from sqlmodel import Field, Session, SQLModel

from crypto import ChainValue

from . import chained
from .clock import today


class Basis(enum.StrEnum):
    """Why something may leave the office: consent or one enumerated exception."""

    CONSENT = "consent"
    DANGER_TO_PERSON = "danger_to_person"
    DANGER_TO_ENVIRONMENT = "danger_to_environment"
    PUBLIC_HEALTH = "public_health"
    OVERSIGHT_BODY = "oversight_body"


class ConsentEntry(SQLModel, table=True):
    """One disclosure outside the office."""

    __tablename__ = "consent_log"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    recorded_on: date = Field(default_factory=today, index=True)
    case_id: str = Field(foreign_key="case.id", max_length=32, index=True)
    recipient: str = Field(max_length=64)
    basis: str = Field(max_length=32)
    recorded_by: str = Field(foreign_key="principal.id", max_length=32)
    body_ct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    export_sha256: str | None = Field(default=None, max_length=64)
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    prev_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    entry_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))

    def chain_fields(self) -> Mapping[str, ChainValue]:
        """The fields the hash covers."""
        return {
            "id": self.id,
            "recorded_on": self.recorded_on.isoformat(),
            "case_id": self.case_id,
            "recipient": self.recipient,
            "basis": self.basis,
            "recorded_by": self.recorded_by,
            "body_ct": self.body_ct,
            "export_sha256": self.export_sha256,
            "signature": self.signature,
        }


def verify_consent_log(*, session: Session) -> int:
    """Verify the chain; see :func:`casework.chained.verify`."""
    return chained.verify(session=session, model=ConsentEntry)
