"""The access log: who opened, revealed, downloaded, granted or changed what, and when.

Entries name the actor, the action, the case and a short code; never content. The log is
hash-chained (:mod:`casework.store.chained`) and checked by ``confide verify-logs``.

Each entry is also **sealed** with a keyed BLAKE2b MAC over its id, date, previous hash and
fields, under a key derived from the pepper (:func:`casework.store.db.log_key`). Entries are
written by processes that hold no officer key (the gateway, failed sign-ins), so they cannot
be signed as consent-log entries are; but the pepper is kept outside the database and its
backups, so someone who can only write to the database cannot edit, back-date, insert,
renumber or re-chain an entry without the seal failing. With the pepper too they can: a
head recorded outside the server (``verify-logs --expect-head``) is then the remaining
check. Writing an entry through a session whose engine has no log key is refused.
"""

import enum
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Column, Integer, LargeBinary
from sqlmodel import Field, Session, SQLModel, col, select

from casework.store import chained
from casework.store.clock import utcnow
from casework.store.db import session_log_key
from crypto import ChainValue, canonical_encoding, constant_time_equal, keyed_hash
from intake_forms.languages import N_


class AccessAction(enum.StrEnum):
    """What was done."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    OPEN_CASE = "open_case"
    REVEAL_IDENTITY = "reveal_identity"
    DOWNLOAD_FILE = "download_file"
    GRANT = "grant"
    ASSIGN = "assign"
    STATUS_CHANGE = "status_change"
    REPLY = "reply"
    NOTE = "note"
    PASSWORD_CHANGE = "password_change"  # noqa: S105 - an action name, not a password  # nosec B105
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an action name, not a password  # nosec B105
    INVITE = "invite"
    DISABLE = "disable"
    ROUTING_CHANGE = "routing_change"
    CONSENT_REQUEST = "consent_request"
    REFERRAL = "referral"
    REFERRAL_APPROVAL = "referral_approval"
    EXPORT = "export"
    SHRED = "shred"
    ROSTER_EXPORT = "roster_export"


LEGACY_ACTIONS = {
    "disclosure": AccessAction.REFERRAL,
    "disclosure_approval": AccessAction.REFERRAL_APPROVAL,
}
"""Action names written before referrals were renamed; hash-chained entries keep them."""


ACTION_LABELS: dict[str, str] = {
    AccessAction.SIGN_IN: N_("signed in"),
    AccessAction.SIGN_IN_FAILED: N_("failed to sign in"),
    AccessAction.SIGN_OUT: N_("signed out"),
    AccessAction.OPEN_CASE: N_("opened the case"),
    AccessAction.REVEAL_IDENTITY: N_("opened the reporter's identity"),
    AccessAction.DOWNLOAD_FILE: N_("downloaded a file"),
    AccessAction.GRANT: N_("granted access"),
    AccessAction.ASSIGN: N_("assigned the case"),
    AccessAction.STATUS_CHANGE: N_("changed the status"),
    AccessAction.REPLY: N_("replied to the reporter"),
    AccessAction.NOTE: N_("added an internal note"),
    AccessAction.PASSWORD_CHANGE: N_("changed their password"),
    AccessAction.PASSWORD_RESET: N_("reset a lost password"),
    AccessAction.INVITE: N_("invited someone"),
    AccessAction.DISABLE: N_("disabled an account"),
    AccessAction.ROUTING_CHANGE: N_("changed who receives a channel"),
    AccessAction.CONSENT_REQUEST: N_("asked the reporter for consent"),
    AccessAction.REFERRAL: N_("recorded a referral outside the office"),
    AccessAction.REFERRAL_APPROVAL: N_("approved a referral"),
    AccessAction.EXPORT: N_("downloaded a referral export"),
    AccessAction.SHRED: N_("shredded a case"),
    AccessAction.ROSTER_EXPORT: N_("exported the list of filers who have not filed"),
}
"""What each action is called on the access log page (the log itself keeps the codes)."""


class AccessEntry(SQLModel, table=True):
    """One line of the access log."""

    __tablename__ = "access_log"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: str | None = Field(default=None, max_length=32, index=True)
    action: str = Field(max_length=32, index=True)
    case_id: str | None = Field(default=None, max_length=32, index=True)
    detail: str = Field(default="", max_length=200)
    mac: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    prev_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    entry_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))

    def chain_fields(self) -> Mapping[str, ChainValue]:
        """The fields the hash covers (all of them but the hashes)."""
        return {**self._sealed_fields(), "mac": self.mac}

    def _sealed_fields(self) -> dict[str, ChainValue]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "action": self.action,
            "case_id": self.case_id,
            "detail": self.detail,
        }

    def seal_with(self, key: bytes) -> bytes:
        """The MAC of this entry, its position and its previous hash under the log key."""
        message = canonical_encoding(
            {"v": MAC_VERSION, "prev_hash": self.prev_hash, **self._sealed_fields()}
        )
        return keyed_hash(key, message, person=MAC_PERSON)


MAC_VERSION = "confide-access-mac-1"
MAC_PERSON = b"confide-access"


class MissingLogKeyError(RuntimeError):
    """An access-log entry was about to be written without the log key (a wiring error)."""


def record_access(
    *,
    session: Session,
    actor_id: str | None,
    action: AccessAction,
    case_id: str | None = None,
    detail: str = "",
) -> AccessEntry:
    """Append an entry to the access log in the caller's transaction."""
    key = session_log_key(session)
    if key is None:
        raise MissingLogKeyError("make the engine with the office's pepper to write the log")
    entry = AccessEntry(
        actor_id=actor_id,
        action=action,
        case_id=case_id,
        detail=detail,
        prev_hash=b"",
        entry_hash=b"",
    )

    def seal(row: AccessEntry) -> None:
        row.mac = row.seal_with(key)

    result: AccessEntry = chained.append(session=session, row=entry, model=AccessEntry, seal=seal)
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


def recent_cases(*, session: Session, scan: int = 500) -> list[str]:
    """Distinct case ids among the newest ``scan`` entries that name a case, newest first."""
    query = (
        select(AccessEntry.case_id)
        .where(col(AccessEntry.case_id).is_not(None))
        .order_by(col(AccessEntry.id).desc())
        .limit(scan)
    )
    return [c for c in dict.fromkeys(session.exec(query)) if c]


def verify_access_log(*, session: Session, key: bytes | None = None) -> chained.LogHead:
    """Verify the chain, and with the log ``key`` every entry's seal.

    Raises:
        crypto.ChainError: naming the first entry that breaks the chain.
        casework.store.chained.SealError: naming the first entry whose seal fails.
    """
    head = chained.verify(session=session, model=AccessEntry)
    if key is not None:
        for entry in chained.rows_in_order(session=session, model=AccessEntry):
            expected = entry.seal_with(key)
            if entry.mac is None or not constant_time_equal(bytes(entry.mac), expected):
                raise chained.SealError(entry.id, "the seal over its position, date and hash")
    return head
