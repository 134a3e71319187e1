"""Where a staff member's notices go: one e-mail address per principal, and sent digests.

A staff address is the one piece of a principal that is kept in the clear (the server must
read it to send mail); it belongs to an officer, never to a reporter, and the mail sent to
it holds ids and dates only (:mod:`casework.notifications.reminders`). A :class:`DigestSent`
row per principal and day is what makes the daily digest idempotent: it is written in the
same transaction as the sending, so a second run the same day finds it and sends nothing.
"""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Field, Session, SQLModel

MAX_ADDRESS_CHARS = 254  # RFC 5321's limit on a forward path
_ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+")


class AddressError(ValueError):
    """Not something Confide will send mail to."""


class StaffAddress(SQLModel, table=True):
    """A staff member's e-mail address for content-free notices."""

    __tablename__ = "staff_address"

    principal_id: str = Field(foreign_key="principal.id", primary_key=True, max_length=32)
    address: str = Field(max_length=MAX_ADDRESS_CHARS)


class DigestSent(SQLModel, table=True):
    """A reminders digest went to this principal on this day (at most one a day)."""

    __tablename__ = "digest_sent"

    principal_id: str = Field(foreign_key="principal.id", primary_key=True, max_length=32)
    day: date = Field(primary_key=True)
    cases: int = Field(default=0)


def check_address(text: str) -> str:
    """The address, trimmed, or an error for anything that is not one plain address.

    A line break or a second address could smuggle headers or recipients into a message,
    so only a single ``local@domain.tld`` is accepted.

    Raises:
        AddressError: it is not one plain address.
    """
    address = text.strip()
    if len(address) > MAX_ADDRESS_CHARS or not _ADDRESS.fullmatch(address):
        raise AddressError("enter one e-mail address, like name@example.org")
    return address


def set_address(*, session: Session, principal_id: str, address: str | None) -> None:
    """Set (or, with None, remove) a principal's address.

    Raises:
        AddressError: ``address`` is not one plain address.
    """
    row = session.get(StaffAddress, principal_id)
    if address is None:
        if row is not None:
            session.delete(row)
        session.flush()
        return
    checked = check_address(address)
    if row is None:
        row = StaffAddress(principal_id=principal_id, address=checked)
    row.address = checked
    session.add(row)
    session.flush()


def address_of(*, session: Session, principal_id: str) -> str | None:
    """The principal's address, or None."""
    row = session.get(StaffAddress, principal_id)
    return row.address if row is not None else None
