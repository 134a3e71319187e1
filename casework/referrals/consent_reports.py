"""Listing the consent log for the audit committee: metadata only, filtered, paged."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from casework.people.principals import list_principals
from casework.referrals.consent import RECIPIENT_LABELS
from casework.referrals.consent_log import BASIS_LABELS, ConsentEntry
from casework.store.chained import rows_in_order
from casework.store.ids import case_reference


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
    "case_reference",
    "recipient_label",
    "basis_label",
    "recorded_by_username",
    "approved_by_username",
)
"""The ids and codes first (what scripts join on), then the same facts as people read them."""


def csv_rows(*, session: Session, where: ConsentFilter) -> Iterator[tuple[str, ...]]:
    """Every matching entry, oldest first, as CSV cells (clear metadata only)."""
    names = {p.id: p.username for p in list_principals(session=session)}
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
                case_reference(entry.case_id),
                _label(RECIPIENT_LABELS, entry.recipient),
                _label(BASIS_LABELS, entry.basis),
                names.get(entry.recorded_by, ""),
                names.get(entry.approved_by or "", ""),
            )


def _label(labels: Mapping[Any, str], code: str) -> str:
    return next((label for key, label in labels.items() if key == code), code)
