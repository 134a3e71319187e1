"""The access log: who opened, revealed, downloaded, granted or changed what, and when.

Entries name the actor, the action, the case and a short code; never content. The log is
hash-chained (:mod:`casework.store.chained`) and checked by ``confide verify-logs``.
"""

import enum
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Column, Integer, LargeBinary
from sqlmodel import Field, Session, SQLModel, col, select

from casework.store import chained
from casework.store.clock import utcnow
from crypto import ChainValue


class AccessAction(enum.StrEnum):
    """What was done."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    OPEN_CASE = "open_case"
    REVEAL_IDENTITY = "reveal_identity"
    DOWNLOAD_FILE = "download_file"
    GRANT = "grant"
    STATUS_CHANGE = "status_change"
    REPLY = "reply"
    NOTE = "note"
    PASSWORD_CHANGE = "password_change"  # noqa: S105 - an action name, not a password
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an action name, not a password
    INVITE = "invite"
    DISABLE = "disable"
    ROUTING_CHANGE = "routing_change"
    CONSENT_REQUEST = "consent_request"
    REFERRAL = "referral"
    REFERRAL_APPROVAL = "referral_approval"
    EXPORT = "export"
    ROSTER_EXPORT = "roster_export"


LEGACY_ACTIONS = {
    "disclosure": AccessAction.REFERRAL,
    "disclosure_approval": AccessAction.REFERRAL_APPROVAL,
}
"""Action names written before referrals were renamed; hash-chained entries keep them."""


class AccessEntry(SQLModel, table=True):
    """One line of the access log."""

    __tablename__ = "access_log"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: str | None = Field(default=None, max_length=32, index=True)
    action: str = Field(max_length=32, index=True)
    case_id: str | None = Field(default=None, max_length=32, index=True)
    detail: str = Field(default="", max_length=200)
    prev_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    entry_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))

    def chain_fields(self) -> Mapping[str, ChainValue]:
        """The fields the hash covers (all of them but the hashes)."""
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "action": self.action,
            "case_id": self.case_id,
            "detail": self.detail,
        }


def record_access(
    *,
    session: Session,
    actor_id: str | None,
    action: AccessAction,
    case_id: str | None = None,
    detail: str = "",
) -> AccessEntry:
    """Append an entry to the access log in the caller's transaction."""
    entry = AccessEntry(
        actor_id=actor_id,
        action=action,
        case_id=case_id,
        detail=detail,
        prev_hash=b"",
        entry_hash=b"",
    )
    result: AccessEntry = chained.append(session=session, row=entry, model=AccessEntry)
    return result


def list_access(
    *,
    session: Session,
    actor_id: str | None = None,
    case_id: str | None = None,
    action: str | None = None,
    limit: int = 50,
    before_id: int | None = None,
) -> list[AccessEntry]:
    """Newest entries first, filtered."""
    query = select(AccessEntry)
    if actor_id:
        query = query.where(AccessEntry.actor_id == actor_id)
    if case_id:
        query = query.where(AccessEntry.case_id == case_id)
    if action:
        names = [action, *(old for old, new in LEGACY_ACTIONS.items() if new == action)]
        query = query.where(col(AccessEntry.action).in_(names))
    if before_id:
        query = query.where(col(AccessEntry.id) < before_id)
    return list(session.exec(query.order_by(col(AccessEntry.id).desc()).limit(limit)))


def verify_access_log(*, session: Session) -> int:
    """Verify the chain; see :func:`casework.store.chained.verify`."""
    return chained.verify(session=session, model=AccessEntry)
