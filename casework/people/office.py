"""The office: its salt, its recovery public key, who receives each channel by default, and
the office-wide settings the director changes in the console (the small-numbers threshold of
the annual report)."""

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, Session, SQLModel, col, delete, select

from casework.store.clock import utcnow
from intake_forms.languages import N_, ExplainedError

OFFICE_ROW_ID = 1


class Office(SQLModel, table=True):
    """The single row of office-wide public parameters (nothing here is secret)."""

    __tablename__ = "office"

    id: int = Field(default=OFFICE_ROW_ID, primary_key=True)
    name: str = Field(max_length=200)
    office_salt: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    recovery_public: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    small_count_threshold: int = Field(default=0)
    """Counts under this are shown as "fewer than N" in the annual report (0: off)."""


class ChannelRecipient(SQLModel, table=True):
    """An officer who receives a grant on every new case of a channel."""

    __tablename__ = "channel_recipient"

    channel: str = Field(primary_key=True, max_length=64)
    principal_id: str = Field(primary_key=True, foreign_key="principal.id", max_length=32)


class OfficeNotInitialisedError(LookupError):
    """`confide init` has not been run on this database."""


def get_office(*, session: Session) -> Office:
    """The office row.

    Raises:
        OfficeNotInitialisedError: before `confide init`.
    """
    office = session.get(Office, OFFICE_ROW_ID)
    if office is None:
        raise OfficeNotInitialisedError("run `confide init` first")
    return office


def create_office(
    *, session: Session, name: str, office_salt: bytes, recovery_public: bytes
) -> Office:
    """Create the office row (once, at `confide init`)."""
    office = Office(name=name, office_salt=office_salt, recovery_public=recovery_public)
    session.add(office)
    session.flush()
    return office


MAX_SMALL_COUNT_THRESHOLD = 100


class ThresholdError(ExplainedError):
    """A small-numbers threshold outside 0 to :data:`MAX_SMALL_COUNT_THRESHOLD`."""


def small_count_threshold(*, session: Session) -> int:
    """The office's small-numbers threshold for the annual report (0: off; no office: 0)."""
    office = session.get(Office, OFFICE_ROW_ID)
    return office.small_count_threshold if office is not None else 0


def set_small_count_threshold(*, session: Session, threshold: int) -> None:
    """Set the small-numbers threshold (0 turns it off).

    Raises:
        ThresholdError: below 0 or above :data:`MAX_SMALL_COUNT_THRESHOLD`.
        OfficeNotInitialisedError: before `confide init`.
    """
    if not 0 <= threshold <= MAX_SMALL_COUNT_THRESHOLD:
        raise ThresholdError(
            N_("choose a threshold from 0 (off) to %(most)s"), most=MAX_SMALL_COUNT_THRESHOLD
        )
    office = get_office(session=session)
    office.small_count_threshold = threshold
    session.add(office)
    session.flush()


def channel_recipients(*, session: Session, channel: str) -> list[str]:
    """Principal ids that receive new cases of ``channel``."""
    rows = session.exec(
        select(ChannelRecipient.principal_id).where(ChannelRecipient.channel == channel)
    )
    return sorted(rows)


def set_channel_recipients(*, session: Session, channel: str, principal_ids: list[str]) -> None:
    """Replace the default recipients of ``channel``."""
    session.exec(delete(ChannelRecipient).where(col(ChannelRecipient.channel) == channel))
    for principal_id in sorted(set(principal_ids)):
        session.add(ChannelRecipient(channel=channel, principal_id=principal_id))
    session.flush()
