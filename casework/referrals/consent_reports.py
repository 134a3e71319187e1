"""Listing the consent log for the audit committee: metadata only, filtered, paged."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from casework.referrals.consent_log import ConsentEntry
from casework.store.chained import rows_in_order


@dataclass(frozen=True, slots=True)
class ConsentFilter:
    """What the consent-log page and its CSV are narrowed to."""

    case_id: str = ""
    recipient: str = ""
    basis: str = ""
    since: date | None = None
    until: date | None = None

    def matches(self, entry: ConsentEntry) -> bool:
        """Whether an entry passes the filter."""
        return (
            (not self.case_id or entry.case_id == self.case_id)
            and (not self.recipient or entry.recipient == self.recipient)
            and (not self.basis or entry.basis == self.basis)
            and (self.since is None or entry.recorded_on >= self.since)
            and (self.until is None or entry.recorded_on <= self.until)
        )


def list_consent_entries(
    *, session: Session, where: ConsentFilter, limit: int, before_id: int | None = None
) -> list[ConsentEntry]:
    """Newest entries first, filtered, keyset-paged by id."""
    query = select(ConsentEntry)
    if where.case_id:
        query = query.where(ConsentEntry.case_id == where.case_id)
    if where.recipient:
        query = query.where(ConsentEntry.recipient == where.recipient)
    if where.basis:
        query = query.where(ConsentEntry.basis == where.basis)
    if where.since is not None:
        query = query.where(col(ConsentEntry.recorded_on) >= where.since)
    if where.until is not None:
        query = query.where(col(ConsentEntry.recorded_on) <= where.until)
    if before_id is not None:
        query = query.where(col(ConsentEntry.id) < before_id)
    return list(session.exec(query.order_by(col(ConsentEntry.id).desc()).limit(limit)))


CSV_COLUMNS = (
    "entry",
    "recorded_on",
    "case_id",
    "recipient",
    "basis",
    "recorded_by",
    "approved_by",
    "export_sha256",
)


def csv_rows(*, session: Session, where: ConsentFilter) -> Iterator[tuple[str, ...]]:
    """Every matching entry, oldest first, as CSV cells (clear metadata only)."""
    for entry in rows_in_order(session=session, model=ConsentEntry):
        if where.matches(entry):
            yield (
                str(entry.id),
                entry.recorded_on.isoformat(),
                entry.case_id,
                entry.recipient,
                entry.basis,
                entry.recorded_by,
                entry.approved_by or "",
                entry.export_sha256 or "",
            )
