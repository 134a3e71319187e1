"""Retention: after a channel's retention period, a closed case is crypto-shredded.

DESIGN.md, "A report's life", step 6. A case's content exists only as ciphertext under its
case key, and that key exists only sealed: to each grantee (``grant``) and to the reporter
(``reporter_key``). Shredding deletes every grant and blanks the reporter's sealed key, so no
key anywhere opens the case again, then deletes the ciphertext too (records, messages,
attachments and their blobs, consent requests and answers, recorded disclosures), so that
not even a copy made before the key was destroyed stays useful for long.

What is kept: the case row's clear metadata (channel, category, dates, status, outcome) for
the statistics, marked ``shredded``; the reporter's *public* keys, because consent-log
entries carry the reporter's signature and must keep verifying; and the consent log itself,
which is append-only (its copies of what was disclosed are ciphertext under the destroyed
key: unreadable now). Every shredding is one access-log entry (``shred``, no actor), in the
same transaction. Running it again finds nothing more to do (``shredded`` is set).

The period comes from :func:`retention_period`, the one place that decides it per channel:
today the office-wide ``CONFIDE_RETENTION_DAYS`` (0: never), later each channel's policy.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from casework.cases.access_log import AccessAction, record_access
from casework.cases.envelope import Case, CaseRecord, Grant, ReporterKey
from casework.cases.messages import Attachment, Message
from casework.channels.registry import UnknownChannelError, get_policy
from casework.referrals.consent import ConsentAnswer, ConsentRequest
from casework.referrals.recording import Referral
from casework.store.blobs import BlobStore
from casework.store.db import transaction


def retention_period(channel: str, *, office_default: timedelta | None) -> timedelta | None:
    """How long a closed case of ``channel`` is kept before it is shredded (None: forever).

    The single place the period is decided: the channel's policy
    (``casework/channels/<id>/policy.py``, its ``retention``) when it declares one, the
    office-wide setting (``CONFIDE_RETENTION_DAYS``) otherwise.
    """
    try:
        declared = get_policy(channel).retention
    except UnknownChannelError:
        declared = None
    return declared if declared is not None else office_default


@dataclass(frozen=True, slots=True)
class RetentionRun:
    """What one run did."""

    shredded: int
    blobs_removed: int

    def describe(self) -> str:
        """One line for the operator."""
        return f"shredded {self.shredded} case(s), removed {self.blobs_removed} blob(s)"


def shred_case(*, session: Session, case: Case, reason: str) -> list[str]:
    """Destroy a case's keys and ciphertext in the caller's transaction; log it.

    Returns:
        The names of its blobs, to delete once the transaction has committed.
    """
    blob_names = list(
        session.exec(select(Attachment.blob_name).where(Attachment.case_id == case.id))
    )
    for model in (Grant, Attachment, Message, CaseRecord, Referral):
        session.exec(delete(model).where(col(model.case_id) == case.id))
    requests = select(ConsentRequest.id).where(ConsentRequest.case_id == case.id)
    session.exec(delete(ConsentAnswer).where(col(ConsentAnswer.request_id).in_(requests)))
    session.exec(delete(ConsentRequest).where(col(ConsentRequest.case_id) == case.id))
    reporter = session.get(ReporterKey, case.id)
    if reporter is not None:
        reporter.sealed_case_key = b""
        session.add(reporter)
    case.shredded = True
    session.add(case)
    record_access(
        session=session, actor_id=None, action=AccessAction.SHRED, case_id=case.id, detail=reason
    )
    session.flush()
    return blob_names


def apply_retention(
    engine: Engine, blobs: BlobStore, *, today: date, office_default: timedelta | None
) -> RetentionRun:
    """Shred every closed case whose channel's retention period has passed.

    Each case is shredded in its own transaction, and its blobs are deleted only after that
    commits (a failure leaves the case whole, to be shredded next time).
    """
    with transaction(engine) as session:
        candidates = list(
            session.exec(
                select(Case).where(col(Case.closed_on).is_not(None), col(Case.shredded).is_(False))
            )
        )
    shredded = removed = 0
    for candidate in candidates:
        period = retention_period(candidate.channel, office_default=office_default)
        closed_on = candidate.closed_on
        if period is None or closed_on is None or closed_on + period > today:
            continue
        with transaction(engine) as session:
            case = session.get(Case, candidate.id)
            if case is None or case.shredded:
                continue
            names = shred_case(session=session, case=case, reason=f"retention:{period.days}d")
        for name in names:
            blobs.delete(name)
        shredded += 1
        removed += len(names)
    return RetentionRun(shredded, removed)
