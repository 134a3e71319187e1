"""The dialogue of a case, internal notes, and attachments.

Message bodies, file names, file types and per-file keys are ciphertext under the case
key. Dates are days (G2): the order of a conversation comes from a per-case sequence
number, not from a clock.
"""

import enum
from datetime import date

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, func, select

from casework.store.clock import today
from casework.store.ids import new_id


class Author(enum.StrEnum):
    """Who wrote a message."""

    REPORTER = "reporter"
    OFFICE = "office"


class Message(SQLModel, table=True):
    """A reply in the dialogue, or an internal note (``internal=True``) the reporter never sees."""

    __tablename__ = "message"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    seq: int
    author: str = Field(max_length=16)
    author_id: str | None = Field(default=None, foreign_key="principal.id", max_length=32)
    internal: bool = Field(default=False)
    ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    padded_size: int = Field(default=0)
    created_on: date = Field(default_factory=today)


class Attachment(SQLModel, table=True):
    """An encrypted file: the blob is in the blob store, its key and name are case records."""

    __tablename__ = "attachment"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    message_id: str | None = Field(default=None, foreign_key="message.id", max_length=32)
    author: str = Field(max_length=16)
    blob_name: str = Field(max_length=64)
    key_ct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    meta_ct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    padded_size: int = Field(default=0)
    created_on: date = Field(default_factory=today)


def next_seq(*, session: Session, case_id: str) -> int:
    """The next message number in the case."""
    current = session.exec(select(func.max(Message.seq)).where(Message.case_id == case_id)).one()
    return int(current or 0) + 1


def messages_of(*, session: Session, case_id: str, include_internal: bool) -> list[Message]:
    """The case's messages in order; internal notes only when asked for."""
    query = select(Message).where(Message.case_id == case_id)
    if not include_internal:
        query = query.where(col(Message.internal).is_(False))
    return list(session.exec(query.order_by(col(Message.seq))))


def attachments_of(*, session: Session, case_id: str) -> list[Attachment]:
    """The case's attachments, oldest first."""
    query = select(Attachment).where(Attachment.case_id == case_id)
    return list(session.exec(query.order_by(col(Attachment.created_on), col(Attachment.id))))


def case_bytes_stored(*, session: Session, case_id: str) -> int:
    """Total padded size of the case's attachments (for the per-case limit)."""
    total = session.exec(
        select(func.sum(Attachment.padded_size)).where(Attachment.case_id == case_id)
    ).one()
    return int(total or 0)
