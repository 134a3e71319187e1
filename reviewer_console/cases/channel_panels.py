"""What a channel adds to the case page beyond the shared parts (its own steps and records).

The case page asks :func:`channel_panel` for the case's channel; a channel without its own
steps gets None and the page shows only the shared parts. A request for protection gets
its determination, the Ethics Panel window, its referral for investigation and interim
measures (decrypted with the key the grant opened), and the referrals in the consent log
its steps may name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from casework.cases.determinations import CaseDetermination
from casework.cases.envelope import Case, CaseRecord
from casework.cases.records import open_record
from casework.channels.retaliation.policy import (
    NEGATIVE_REASONS,
    PRELIMINARY_REVIEW,
    PROTECTION_POLICY,
)
from casework.protection.steps import ProtectionStep, StepKind, steps_of
from casework.protection.workflow import latest_determination, panel_deadline
from casework.referrals.consent import RECIPIENT_LABELS, Recipient
from casework.referrals.consent_log import BASIS_LABELS, Basis
from casework.referrals.recording import referrals_of
from reviewer_console.i18n import _


@dataclass(frozen=True, slots=True)
class Measure:
    """An interim measure as the page shows it."""

    step: ProtectionStep
    text: str


@dataclass(frozen=True, slots=True)
class LoggedReferral:
    """A referral of the case that has its consent-log entry (a step may name it)."""

    id: str
    label: str
    recipient: str
    basis: str


def _measures(session: Session, case_id: str, case_key: bytes) -> list[Measure]:
    found = []
    for step in steps_of(session=session, case_id=case_id, kind=StepKind.INTERIM_MEASURE):
        record = session.get(CaseRecord, step.record_id) if step.record_id else None
        text = open_record(case_key=case_key, record=record).decode() if record else ""
        found.append(Measure(step, text))
    return found


def _logged_referrals(session: Session, case_id: str) -> list[LoggedReferral]:
    found = []
    for referral in referrals_of(session=session, case_id=case_id):
        if referral.entry_id is None:
            continue
        recipient = RECIPIENT_LABELS.get(Recipient(referral.recipient), referral.recipient)
        basis = BASIS_LABELS.get(Basis(referral.basis), referral.basis)
        label = _(
            "to %(recipient)s, on %(basis)s (entry %(entry)s)",
            recipient=_(recipient),
            basis=_(basis),
            entry=referral.entry_id,
        )
        found.append(LoggedReferral(referral.id, label, referral.recipient, referral.basis))
    return found


def _window(determination: CaseDetermination | None) -> date | None:
    if determination is None or determination.reason not in NEGATIVE_REASONS:
        return None
    return panel_deadline(determination)


def protection_panel(session: Session, case: Case, case_key: bytes) -> dict[str, Any]:
    """The protection steps of a case, for the page."""
    determination = latest_determination(session=session, case_id=case.id)
    declared = PROTECTION_POLICY.determination(PRELIMINARY_REVIEW)
    assert declared is not None
    panel = steps_of(session=session, case_id=case.id, kind=StepKind.PANEL_REQUEST)
    return {
        "template": "_protection.html",
        "determination": determination,
        "reasons": declared.reasons,
        "reason_label": {r.code: r.label for r in declared.reasons},
        "panel_deadline": _window(determination),
        "panel": panel[-1] if panel else None,
        "referral": next(
            iter(steps_of(session=session, case_id=case.id, kind=StepKind.REFERRAL)), None
        ),
        "measures": _measures(session, case.id, case_key),
        "logged_referrals": _logged_referrals(session, case.id),
    }


def channel_panel(session: Session, case: Case, case_key: bytes) -> dict[str, Any] | None:
    """The channel's own part of the case page, or None."""
    if case.channel == PROTECTION_POLICY.id:
        return protection_panel(session, case, case_key)
    return None
