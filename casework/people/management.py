"""The director's people work: invitations, disabling accounts, recovery resets.

Invitations are one-time links: a random 256-bit token travels only in the link; the table
keeps a keyed BLAKE2b of it (keyed with the pepper, so a database copy cannot confirm a
guessed token), an expiry 72 hours later, and the moment it was used. The invitee chooses a
password and enrols TOTP; only then is the principal created, with its own fresh seed.

Disabling an account ends its sessions at once. A reset with the office recovery code
re-wraps the same seed (grants made before still open) under a new password, issues a new
TOTP enrolment and ends the old sessions.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from casework.cases.access_log import AccessAction, record_access
from casework.people.office import get_office
from casework.people.principals import (
    Invitation,
    Principal,
    PrincipalStatus,
    Role,
    find_by_username,
    normalise_username,
    set_status,
    token_hash,
)
from casework.people.principals_auth import enrol, reset_with_recovery
from casework.people.second_factor import new_totp_secret
from casework.people.sessions import end_sessions_of
from casework.store.clock import utcnow
from crypto import KdfParams, token_urlsafe

INVITATION_LIFETIME = timedelta(hours=72)
INVITABLE_ROLES = (Role.OFFICER, Role.REVIEWER, Role.DIRECTOR)
MAX_USERNAME_CHARS = 64


class PeopleError(ValueError):
    """A request about people that cannot be honoured (taken username, bad token...)."""


def invite(
    *, session: Session, pepper: bytes, username: str, role: Role, invited_by: str
) -> tuple[Invitation, str]:
    """Create an invitation; returns it and the token for the link (shown once).

    Raises:
        PeopleError: the username is malformed, taken, or already invited.
    """
    username = normalise_username(username)
    if (
        not username
        or len(username) > MAX_USERNAME_CHARS
        or not username.replace("-", "").replace(".", "").replace("_", "").isalnum()
    ):
        raise PeopleError("use letters, digits, dots, dashes or underscores")
    if role not in INVITABLE_ROLES:
        raise PeopleError("that role cannot be invited")
    if find_by_username(session=session, username=username) is not None or _open_invitation(
        session, username
    ):
        raise PeopleError("that username is taken")
    token = token_urlsafe(32)
    invitation = Invitation(
        token_hash=token_hash(pepper, token),
        username=username,
        role=role,
        invited_by=invited_by,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    session.add(invitation)
    record_access(
        session=session, actor_id=invited_by, action=AccessAction.INVITE, detail=f"role:{role}"
    )
    session.flush()
    return invitation, token


def _open_invitations() -> SelectOfScalar[Invitation]:
    return select(Invitation).where(
        col(Invitation.used_at).is_(None), col(Invitation.expires_at) > utcnow()
    )


def _open_invitation(session: Session, username: str) -> bool:
    query = _open_invitations().where(col(Invitation.username) == username)
    return session.exec(query).first() is not None


def pending_invitations(*, session: Session) -> list[Invitation]:
    """Invitations not yet accepted and not expired, oldest first (the people page)."""
    return list(session.exec(_open_invitations().order_by(col(Invitation.created_at))))


def accept(
    *,
    session: Session,
    invitation: Invitation,
    password: str,
    totp_secret: str,
    params: KdfParams,
) -> Principal:
    """Create the invited principal and spend the invitation.

    Raises:
        PeopleError: the username was taken meanwhile.
        casework.people.principals_auth.PasswordPolicyError: the password is too weak.
    """
    if find_by_username(session=session, username=invitation.username) is not None:
        raise PeopleError("that username is taken")
    office = get_office(session=session)
    principal = enrol(
        session=session,
        username=invitation.username,
        role=Role(invitation.role),
        password=password,
        params=params,
        recovery_public=office.recovery_public,
        totp_secret=totp_secret,
    )
    invitation.used_at = utcnow()
    session.add(invitation)
    session.flush()
    return principal


def disable(*, session: Session, principal_id: str, actor_id: str) -> None:
    """Disable an account and end its sessions.

    Raises:
        PeopleError: a director trying to disable themself.
        LookupError: no such principal.
    """
    if principal_id == actor_id:
        raise PeopleError("you cannot disable your own account")
    set_status(session=session, principal_id=principal_id, status=PrincipalStatus.DISABLED)
    end_sessions_of(session=session, principal_id=principal_id)
    record_access(
        session=session,
        actor_id=actor_id,
        action=AccessAction.DISABLE,
        detail=f"principal:{principal_id}",
    )


@dataclass(frozen=True, slots=True)
class Reset:
    """A completed reset: the new TOTP secret to hand over (shown once)."""

    principal: Principal
    totp_secret: str


def reset(
    *,
    session: Session,
    principal: Principal,
    recovery_code: str,
    new_password: str,
    params: KdfParams,
    actor_id: str,
) -> Reset:
    """Re-wrap the principal's seed through the recovery key; new TOTP; old sessions end.

    Raises:
        crypto.CryptoError: the recovery code is malformed or does not open the seed.
        casework.people.principals_auth.PasswordPolicyError: the password is too weak.
    """
    secret = new_totp_secret()
    reset_with_recovery(
        session=session,
        principal=principal,
        recovery_code=recovery_code,
        new_password=new_password,
        params=params,
        new_totp_secret=secret,
    )
    end_sessions_of(session=session, principal_id=principal.id)
    record_access(
        session=session,
        actor_id=actor_id,
        action=AccessAction.PASSWORD_RESET,
        detail=f"principal:{principal.id}",
    )
    return Reset(principal=principal, totp_secret=secret)
