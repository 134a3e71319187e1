"""Giving re-invited filers their withheld drafts back, with the office recovery code.

A filer who lost their password is invited again and gets new keys
(:mod:`casework.people.filer_auth`). Their filed statements come back through an officer's
grant (:func:`casework.disclosure.statements.regrant_to_filer`); a draft has no case and no
officer can read it, so it comes back through the one key that is sealed to every draft
besides the filer's: the office recovery key, whose private half is the director's recovery
code (it already opens every principal's seed, so this adds no reader). The draft key is
opened with the code and sealed again to the filer's current public key; the draft's text
is never decrypted.

The console only (the gateway never imports this module: it reaches :mod:`crypto.seedwrap`,
which G6 keeps out of the gateway's import graph).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from casework.disclosure.tables import DisclosureDraft, DisclosureFiler
from casework.people.office import get_office
from casework.people.principals import Principal
from crypto import WrongPasswordError, seal_case_key
from crypto.seedwrap import open_with_recovery, recovery_public_key


def _withheld(query: Any, cycle_id: str) -> Any:
    """``query`` over the cycle's drafts sealed to a key their filer no longer has."""
    return (
        query.select_from(DisclosureDraft)
        .join(DisclosureFiler, col(DisclosureFiler.id) == DisclosureDraft.filer_id)
        .join(Principal, col(Principal.id) == DisclosureFiler.principal_id)
        .where(
            DisclosureFiler.cycle_id == cycle_id,
            col(DisclosureDraft.sealed_to).is_not(None),
            col(DisclosureDraft.sealed_to) != col(Principal.box_public),
        )
    )


def count_withheld(*, session: Session, cycle_id: str) -> int:
    """How many drafts of the cycle are sealed to a filer's keys from before a new invitation."""
    return int(session.exec(_withheld(select(func.count()), cycle_id)).one())


def regrant_drafts(*, session: Session, cycle_id: str, recovery_code: str) -> int:
    """Seal every withheld draft of the cycle to its filer's current key; returns how many.

    Raises:
        crypto.FormatError: the recovery code is malformed.
        crypto.WrongPasswordError: it is not this office's recovery code.
    """
    if recovery_public_key(recovery_code) != get_office(session=session).recovery_public:
        raise WrongPasswordError("that is not this office's recovery code")
    rows = session.exec(_withheld(select(DisclosureDraft, Principal), cycle_id)).all()
    for draft, principal in rows:
        draft_key = open_with_recovery(draft.recovery_key, recovery_code)
        draft.filer_key = seal_case_key(draft_key, principal.box_public)
        draft.sealed_to = principal.box_public
        session.add(draft)
    session.flush()
    return len(rows)
