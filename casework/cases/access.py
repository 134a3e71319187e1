"""Opening cases and granting access (G3).

A case opens only through a grant sealed to the principal's public key; a grant is made only
by someone whose own grant opened the case key, and both grants and openings are written to
the access log in the same transaction.
"""

from sqlmodel import Session

from casework.cases.access_log import AccessAction, record_access
from casework.cases.envelope import Grant, add_grant, find_reporter_key, get_grant
from casework.people.principals import Principal, PrincipalStatus
from crypto import DecryptionError, PrincipalKeys, open_case_key, seal_case_key


class NoGrantError(PermissionError):
    """The principal holds no grant on this case."""


def case_key_for(
    *, session: Session, case_id: str, principal_id: str, keys: PrincipalKeys
) -> bytes:
    """Open the case key with the principal's grant (nothing is logged; see :func:`open_case`).

    Raises:
        NoGrantError: without a grant, or when the grant does not open with these keys.
    """
    grant = get_grant(session=session, case_id=case_id, principal_id=principal_id)
    if grant is None:
        raise NoGrantError(case_id)
    try:
        return open_case_key(grant.sealed_key, keys)
    except DecryptionError as exc:
        raise NoGrantError(case_id) from exc


def open_case(*, session: Session, case_id: str, principal_id: str, keys: PrincipalKeys) -> bytes:
    """Open the case key and write the opening to the access log."""
    case_key = case_key_for(session=session, case_id=case_id, principal_id=principal_id, keys=keys)
    record_access(
        session=session, actor_id=principal_id, action=AccessAction.OPEN_CASE, case_id=case_id
    )
    return case_key


def grant_case(
    *,
    session: Session,
    case_id: str,
    grantor_id: str,
    grantor_keys: PrincipalKeys,
    grantee_id: str,
) -> Grant:
    """Seal the case key to another principal; only a grant holder can do it.

    Raises:
        NoGrantError: the grantor holds no grant.
        LookupError: the grantee does not exist or is not active.
    """
    case_key = case_key_for(
        session=session, case_id=case_id, principal_id=grantor_id, keys=grantor_keys
    )
    grantee = session.get(Principal, grantee_id)
    if grantee is None or grantee.status != PrincipalStatus.ACTIVE:
        raise LookupError("no such active principal")
    existing = get_grant(session=session, case_id=case_id, principal_id=grantee_id)
    if existing is not None:
        return existing
    grant = add_grant(
        session=session,
        case_id=case_id,
        principal_id=grantee_id,
        sealed_key=seal_case_key(case_key, grantee.box_public),
        granted_by=grantor_id,
    )
    record_access(
        session=session,
        actor_id=grantor_id,
        action=AccessAction.GRANT,
        case_id=case_id,
        detail=f"to:{grantee_id}",
    )
    return grant


def reporter_case_key(
    *, session: Session, lookup_id: bytes, keys: PrincipalKeys
) -> tuple[str, bytes] | None:
    """The case id and key a receipt opens, or None (one indexed lookup, no KDF here)."""
    row = find_reporter_key(session=session, lookup_id=lookup_id)
    if row is None:
        return None
    try:
        return row.case_id, open_case_key(row.sealed_case_key, keys)
    except DecryptionError:
        return None
