"""The filers of a cycle: who must file, by when, and how to reach them.

A filer row is someone on a cycle's roster. Their name and email are personal data, so they
are stored only encrypted (XChaCha20-Poly1305, bound to ``("disclosure_filer", row id,
field)``) under the *roster key*, which is derived from the pepper: like the pepper, it is
never in the database or its backups, so a copy of the database reveals no name and no
address (G1). The trade-off, stated in SECURITY.md: invitations and reminders go out without
an officer signed in, so whoever holds both the database and the pepper can read the roster
(names and emails, never a statement).

The staff id is found by a keyed hash (BLAKE2b keyed with the pepper, as a receipt's lookup
id), so that the same person is recognised on a re-import without storing the id itself.

A filer becomes a principal (role ``filer``, their own keys) when they accept their
invitation; ``principal_id`` is empty until then.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select, update

from casework.disclosure.tables import DisclosureFiler
from casework.store.ids import new_id
from casework.store.sealing import open_field, seal_field
from crypto import keyed_hash

ROSTER_KEY_PERSON = b"confide-roster"
STAFF_LOOKUP_PERSON = b"confide-staffid"


class SealedField(enum.StrEnum):
    """The filer fields stored only encrypted."""

    NAME = "name"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class Contact:
    """A filer's name and email, decrypted for sending mail or showing the director."""

    name: str
    email: str


def roster_key(pepper: bytes) -> bytes:
    """The key names and emails are encrypted under (derived from the pepper, never stored)."""
    return keyed_hash(pepper, b"roster key v1", person=ROSTER_KEY_PERSON)


def staff_lookup(pepper: bytes, staff_id: str) -> bytes:
    """The keyed hash a staff id is found by (case and surrounding space do not matter)."""
    return keyed_hash(pepper, staff_id.strip().upper().encode(), person=STAFF_LOOKUP_PERSON)


def seal_personal(pepper: bytes, filer_id: str, field: SealedField, text: str) -> bytes:
    """Encrypt one personal field of a filer under the roster key, bound to its row and field."""
    return seal_field(roster_key(pepper), DisclosureFiler, filer_id, field, text.encode())


def _open_contact(key: bytes, filer: DisclosureFiler) -> Contact:
    def open_personal(field: SealedField, ciphertext: bytes) -> str:
        return open_field(key, DisclosureFiler, filer.id, field, ciphertext).decode()

    return Contact(
        name=open_personal(SealedField.NAME, filer.name_ct),
        email=open_personal(SealedField.EMAIL, filer.email_ct),
    )


def contact_of(pepper: bytes, filer: DisclosureFiler) -> Contact:
    """Decrypt a filer's name and email (raises crypto.DecryptionError if moved or altered)."""
    return _open_contact(roster_key(pepper), filer)


def contacts_of(pepper: bytes, filers: Sequence[DisclosureFiler]) -> list[Contact]:
    """Decrypt the names and emails of several filers at once (the roster key derived once).

    For a page of a list: only the rows shown are opened, never a whole cycle's roster.
    """
    key = roster_key(pepper)
    return [_open_contact(key, filer) for filer in filers]


def new_filer(
    *,
    pepper: bytes,
    cycle_id: str,
    staff_id: str,
    name: str,
    email: str,
    due_on: date,
    joined_late: bool,
    principal_id: str | None = None,
    language: str | None = None,
) -> DisclosureFiler:
    """A filer row with its personal fields sealed (the caller adds it to the session)."""
    filer_id = new_id()
    return DisclosureFiler(
        id=filer_id,
        cycle_id=cycle_id,
        staff_lookup=staff_lookup(pepper, staff_id),
        name_ct=seal_personal(pepper, filer_id, SealedField.NAME, name),
        email_ct=seal_personal(pepper, filer_id, SealedField.EMAIL, email),
        due_on=due_on,
        joined_late=joined_late,
        principal_id=principal_id,
        language=language or None,
    )


def filers_of(*, session: Session, cycle_id: str) -> list[DisclosureFiler]:
    """The filers of a cycle, in the order they were added."""
    query = select(DisclosureFiler).where(DisclosureFiler.cycle_id == cycle_id)
    return list(
        session.exec(query.order_by(col(DisclosureFiler.added_at), col(DisclosureFiler.id)))
    )


def find_filer(*, session: Session, cycle_id: str, lookup: bytes) -> DisclosureFiler | None:
    """The filer of a cycle with this staff-id lookup, or None."""
    return session.exec(
        select(DisclosureFiler).where(
            DisclosureFiler.cycle_id == cycle_id, DisclosureFiler.staff_lookup == lookup
        )
    ).first()


def filer_of_principal(*, session: Session, principal_id: str) -> list[DisclosureFiler]:
    """Every cycle's filer row of a signed-in filer (a person files once a year)."""
    return list(
        session.exec(select(DisclosureFiler).where(DisclosureFiler.principal_id == principal_id))
    )


def filers_with_lookup(*, session: Session, lookup: bytes) -> list[DisclosureFiler]:
    """Every cycle's roster row of one person (by the keyed hash of their staff id)."""
    return list(session.exec(select(DisclosureFiler).where(DisclosureFiler.staff_lookup == lookup)))


def remember_language(*, session: Session, principal_id: str, language: str) -> None:
    """Write a filer's emails in ``language`` from now on (every cycle they are on)."""
    session.exec(
        update(DisclosureFiler)
        .where(col(DisclosureFiler.principal_id) == principal_id)
        .values(language=language)
    )
