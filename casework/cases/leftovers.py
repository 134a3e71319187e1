"""Crash leftovers in the blob store: partial uploads and blobs no attachment names.

A process killed during an upload leaves its ``.part`` file (ciphertext, but it fills the
disk: three kills left 366 MB); one killed between a blob's rename and the database commit
leaves a whole blob that no attachment row names. Neither can ever be read again, so both
are removed: at the gateway's start-up and by ``confide maintenance`` (issue 16, point 10).

A file is a leftover only once it has not been written for :data:`LEFTOVER_GRACE`: an
upload in flight in another replica keeps appending to its ``.part`` file, and a blob is
renamed into place moments before its row commits, so a recent file is always left alone.
The rows are read after the files are listed, so a blob whose row committed in between is
seen as named.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from casework.cases.messages import Attachment
from casework.store.blobs import BlobStore

LEFTOVER_GRACE = timedelta(minutes=10)
"""How long a file must have been left untouched before it counts as a leftover."""


@dataclass(frozen=True, slots=True)
class BlobSweep:
    """What a sweep removed (counts and bytes; never names, which are of no use to anyone)."""

    partial_files: int = 0
    partial_bytes: int = 0
    orphan_blobs: int = 0
    orphan_bytes: int = 0

    def describe(self) -> str:
        """One line for the operator."""
        return (
            f"removed {self.partial_files} partial upload(s) ({self.partial_bytes} bytes) and "
            f"{self.orphan_blobs} orphan blob(s) ({self.orphan_bytes} bytes)"
        )


def sweep_blobs(
    *, session: Session, blobs: BlobStore, now: datetime, grace: timedelta = LEFTOVER_GRACE
) -> BlobSweep:
    """Remove partial uploads and unnamed blobs older than ``grace``.

    Args:
        session: for reading which blobs the attachments name (nothing is written).
        blobs: the store.
        now: the current time (from the caller's clock).
        grace: files written more recently are left alone.

    Returns:
        What was removed.
    """
    cutoff = (now - grace).timestamp()
    entries = list(blobs.entries(older_than=cutoff))
    named = set(session.exec(select(Attachment.blob_name)))
    partial = [e for e in entries if e.partial]
    orphans = [e for e in entries if not e.partial and e.name not in named]
    for entry in (*partial, *orphans):
        entry.remove()
    return BlobSweep(
        partial_files=len(partial),
        partial_bytes=sum(e.size for e in partial),
        orphan_blobs=len(orphans),
        orphan_bytes=sum(e.size for e in orphans),
    )
