"""Principals: officers, the director, external reviewers and filers.

A principal row holds only public keys and wrapped secrets: the seed wrapped under the
password (the unwrap is the password check), the seed sealed to the office recovery key,
and the TOTP secret encrypted under a key derived from the seed, so that it can be read only
after a successful password unwrap. Unwrapping lives in :mod:`casework.people.principals_auth`,
which the public gateway may not import (G6).
"""

import enum
from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, Session, SQLModel, col, select

from casework.store.clock import utcnow
from casework.store.ids import new_id
from crypto import keyed_hash
from intake_forms.languages import N_

_PERSON_INVITE = b"confide-invite"


class Role(enum.StrEnum):
    """What a principal may do (DESIGN.md, "Who uses it")."""

    DIRECTOR = "director"
    OFFICER = "officer"
    REVIEWER = "reviewer"
    FILER = "filer"


class PrincipalStatus(enum.StrEnum):
    """Life cycle of an account."""

    INVITED = "invited"
    ACTIVE = "active"
    DISABLED = "disabled"


ROLE_LABELS: dict[str, str] = {
    Role.DIRECTOR: N_("director"),
    Role.OFFICER: N_("officer"),
    Role.REVIEWER: N_("reviewer"),
    Role.FILER: N_("filer"),
}
"""What the console shows for a role (translated where shown)."""

STATUS_LABELS: dict[str, str] = {
    PrincipalStatus.INVITED: N_("invited"),
    PrincipalStatus.ACTIVE: N_("active"),
    PrincipalStatus.DISABLED: N_("disabled"),
}
"""What the console shows for an account's status (translated where shown)."""


STAFF_ROLES = frozenset({Role.DIRECTOR, Role.OFFICER, Role.REVIEWER})


class Principal(SQLModel, table=True):
    """An account with its own key pair."""

    __tablename__ = "principal"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    username: str = Field(unique=True, index=True, max_length=64)
    role: str = Field(max_length=16)
    status: str = Field(default=PrincipalStatus.ACTIVE, max_length=16)
    wrapped_seed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    recovery_sealed_seed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    box_public: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    verify_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    totp_ct: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    totp_last_step: int = Field(default=0)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)
    password_changed_at: datetime = Field(default_factory=utcnow)
    # The language chosen in the console (officers' emails are written in it); None: English.
    language: str | None = Field(default=None, max_length=16)


def add_principal(*, session: Session, principal: Principal) -> Principal:
    """Insert a principal built by :mod:`casework.people.principals_auth`."""
    session.add(principal)
    session.flush()
    return principal


def get_principal(*, session: Session, principal_id: str) -> Principal | None:
    """The principal with this id, or None."""
    return session.get(Principal, principal_id)


def find_by_username(*, session: Session, username: str) -> Principal | None:
    """The principal with this username (case-insensitive input is normalised by callers)."""
    return session.exec(select(Principal).where(Principal.username == username)).first()


def list_principals(*, session: Session, roles: frozenset[Role] | None = None) -> list[Principal]:
    """All principals, optionally of some roles, by username."""
    query = select(Principal).order_by(col(Principal.username))
    if roles is not None:
        query = query.where(col(Principal.role).in_([str(r) for r in roles]))
    return list(session.exec(query))


def set_status(*, session: Session, principal_id: str, status: PrincipalStatus) -> None:
    """Activate or disable an account."""
    principal = session.get(Principal, principal_id)
    if principal is None:
        raise LookupError(principal_id)
    principal.status = status
    session.add(principal)
    session.flush()


def normalise_username(text: str) -> str:
    """Usernames are compared in lower case without surrounding space."""
    return text.strip().lower()


class Invitation(SQLModel, table=True):
    """A one-time link for an invited principal to set a password and enrol TOTP.

    Only a keyed hash of the token is stored; the token itself travels in the link.
    """

    __tablename__ = "invitation"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    token_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False, unique=True))
    username: str = Field(max_length=64)
    role: str = Field(max_length=16)
    invited_by: str = Field(foreign_key="principal.id", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = Field(default=None)


def token_hash(pepper: bytes, token: str) -> bytes:
    """The keyed hash stored for an invitation token."""
    return keyed_hash(pepper, token.encode(), person=_PERSON_INVITE)


def find_invitation(*, session: Session, pepper: bytes, token: str) -> Invitation | None:
    """The unused, unexpired invitation for a token, or None."""
    if not token or len(token) > 100:
        return None
    invitation = session.exec(
        select(Invitation).where(col(Invitation.token_hash) == token_hash(pepper, token))
    ).first()
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        return None
    return invitation
