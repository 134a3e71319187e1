"""The workflow of a request for protection against retaliation.

Its rules (statuses, reasons, deadlines) are plain data in
``casework/channels/retaliation/policy.py``; this module is the steps.

Each step checks everything it needs before it writes anything, so a refused step changes
nothing; callers own the transaction, as everywhere in casework. Every step writes an
access-log entry with codes only.

- :func:`information_complete`: all requested information is in; the preliminary review
  is due :data:`~.policy.PRELIMINARY_REVIEW_DAYS` days later.
- :func:`determine`: the preliminary review's determination, with its reason code, and
  the letter to the requester; after a negative one the letter tells them they may ask the
  Ethics Panel chair for a review within :data:`~.policy.PANEL_REQUEST_DAYS` days, by when.
- :func:`refer_for_investigation`: a prima facie case (or one the panel overturned) goes to
  the Office of Investigations; the step names the referral whose consent-log entry is
  its basis, and is refused without one.
- :func:`recommend_interim_measure`: at any time while the case is open; when anyone
  outside the office is contacted, the step names the consent-based referral that
  records the person's consent in the consent log.
- :func:`record_panel_request` and :func:`record_panel_result`: whether the requester asked
  the Ethics Panel chair for a review (inside the 30 days, or refused), and the result.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from casework.cases.determinations import CaseDetermination, determinations_of, record_determination
from casework.cases.envelope import Case
from casework.cases.records import seal_record
from casework.cases.workflow import (
    MAX_BODY_CHARS,
    WorkflowError,
    change_status,
    log_change,
    record_milestone,
    write,
)
from casework.channels.policy import CLOSED
from casework.channels.retaliation.policy import (
    INFORMATION_COMPLETE,
    NEGATIVE_REASONS,
    PANEL_REQUEST_DAYS,
    PANEL_REVIEW,
    PRELIMINARY_REVIEW,
    PRIMA_FACIE,
    PROTECTION_POLICY,
    REFERRED,
    UNDER_REVIEW,
)
from casework.protection.steps import PanelResult, ProtectionStep, StepKind, steps_of
from casework.referrals.consent import RECIPIENT_LABELS, Recipient
from casework.referrals.consent_log import Basis
from casework.referrals.recording import Referral
from casework.store.clock import today

INTERIM_MEASURE_RECORD = "interim_measure"


def _protection(case: Case) -> None:
    if case.channel != PROTECTION_POLICY.id:
        raise WorkflowError("this step belongs to requests for protection against retaliation")


def information_complete(
    *, session: Session, case: Case, actor_id: str, day: date | None = None
) -> None:
    """All requested information is received: the preliminary review is due 30 days later.

    Raises:
        WorkflowError: not a protection case, already recorded, or not at that stage.
    """
    _protection(case)
    day = day or today()
    if day > today():
        raise WorkflowError("the information cannot be received in the future")
    if UNDER_REVIEW not in {
        s.code for s in PROTECTION_POLICY.next_statuses(case.status, step="information")
    }:
        raise WorkflowError(
            "record that all information is received once the request is acknowledged"
        )
    change_status(
        session=session, case=case, actor_id=actor_id, to=UNDER_REVIEW, step="information"
    )
    record_milestone(
        session=session, case=case, actor_id=actor_id, name=INFORMATION_COMPLETE, day=day
    )


def panel_deadline(determination: CaseDetermination) -> date:
    """The last day the requester may ask the Ethics Panel chair for a review."""
    return determination.decided_on + timedelta(days=PANEL_REQUEST_DAYS)


def latest_determination(*, session: Session, case_id: str) -> CaseDetermination | None:
    """The case's last determination, or None."""
    found = determinations_of(session=session, case_id=case_id)
    return found[-1] if found else None


def determine(
    *, session: Session, case: Case, case_key: bytes, actor_id: str, reason: str | None, letter: str
) -> CaseDetermination:
    """Record the preliminary review's determination and send the requester the letter.

    Raises:
        WorkflowError: no reason code, an unknown one, no letter, or not under review.
    """
    _protection(case)
    letter = letter.strip()
    if not letter:
        raise WorkflowError("write the determination to the requester")
    determination = record_determination(
        session=session, case=case, actor_id=actor_id, code=PRELIMINARY_REVIEW, reason=reason
    )
    if determination.reason in NEGATIVE_REASONS:
        letter += (
            "\n\nIf you disagree with this determination, you may ask the Chair of the Ethics"
            f" Panel to review it within {PANEL_REQUEST_DAYS} days, that is by"
            f" {panel_deadline(determination).isoformat()}. Tell the office if you do."
        )
    if len(letter) > MAX_BODY_CHARS:
        raise WorkflowError(f"write at most {MAX_BODY_CHARS} characters")
    write(
        session=session,
        case=case,
        case_key=case_key,
        actor_id=actor_id,
        body=letter,
        internal=False,
    )
    return determination


def logged_referral(
    *,
    session: Session,
    case: Case,
    referral_id: str | None,
    recipient: Recipient | None = None,
    consent_only: bool = False,
) -> Referral:
    """The referral of this case that has its entry in the consent log.

    Raises:
        WorkflowError: none given, not this case's, not yet in the log, or not to
            ``recipient`` / not on the person's consent when that is required.
    """
    referral = session.get(Referral, referral_id) if referral_id else None
    whom = RECIPIENT_LABELS[recipient] if recipient else "the body contacted"
    basis = " on the person's consent" if consent_only else " with its basis"
    missing = f"record the referral to {whom}{basis} in the consent log first"
    if referral is None or referral.case_id != case.id or referral.entry_id is None:
        raise WorkflowError(missing)
    if recipient is not None and referral.recipient != recipient:
        raise WorkflowError(missing)
    if consent_only and referral.basis != Basis.CONSENT:
        raise WorkflowError(missing)
    return referral


def _panel_request(session: Session, case_id: str) -> ProtectionStep | None:
    found = steps_of(session=session, case_id=case_id, kind=StepKind.PANEL_REQUEST)
    return found[-1] if found else None


def refer_for_investigation(
    *, session: Session, case: Case, actor_id: str, referral_id: str | None
) -> ProtectionStep:
    """Refer a prima facie case for investigation, on its consent-log entry.

    Raises:
        WorkflowError: no prima facie determination (nor an overturning panel review), or
            no referral to the Office of Investigations in the consent log.
    """
    _protection(case)
    determination = latest_determination(session=session, case_id=case.id)
    panel = _panel_request(session, case.id)
    overturned = panel is not None and panel.result == PanelResult.OVERTURNED
    if not overturned and (determination is None or determination.reason != PRIMA_FACIE):
        raise WorkflowError("only a prima facie case of retaliation is referred for investigation")
    referral = logged_referral(
        session=session, case=case, referral_id=referral_id, recipient=Recipient.INVESTIGATIONS
    )
    change_status(session=session, case=case, actor_id=actor_id, to=REFERRED, step="referral")
    step = ProtectionStep(
        case_id=case.id, kind=StepKind.REFERRAL, recorded_by=actor_id, referral_id=referral.id
    )
    session.add(step)
    session.flush()
    return step


def recommend_interim_measure(
    *,
    session: Session,
    case: Case,
    case_key: bytes,
    actor_id: str,
    measure: str,
    outside: bool,
    referral_id: str | None = None,
) -> ProtectionStep:
    """Record an interim protective measure (sealed), at any time while the case is open.

    Raises:
        WorkflowError: no description, a closed case, or someone outside the office is
            contacted without a consent-based referral in the consent log.
    """
    _protection(case)
    measure = measure.strip()
    if not measure or len(measure) > MAX_BODY_CHARS:
        raise WorkflowError(f"describe the measure in 1 to {MAX_BODY_CHARS} characters")
    if case.status == CLOSED:
        raise WorkflowError("the case is closed")
    referral = None
    if outside:
        referral = logged_referral(
            session=session, case=case, referral_id=referral_id, consent_only=True
        )
    record = seal_record(
        session=session,
        case_id=case.id,
        case_key=case_key,
        kind=INTERIM_MEASURE_RECORD,
        plaintext=measure.encode(),
    )
    step = ProtectionStep(
        case_id=case.id,
        kind=StepKind.INTERIM_MEASURE,
        recorded_by=actor_id,
        referral_id=referral.id if referral else None,
        record_id=record.id,
    )
    session.add(step)
    log_change(session, actor_id, case.id, "interim_measure" + (":outside" if outside else ""))
    return step


def record_panel_request(
    *, session: Session, case: Case, actor_id: str, requested_on: date
) -> ProtectionStep:
    """Record that the requester asked the Ethics Panel chair to review a negative determination.

    Raises:
        WorkflowError: no negative determination, already recorded, a date in the future or
            before the determination, or more than 30 days after the requester was told.
    """
    _protection(case)
    determination = latest_determination(session=session, case_id=case.id)
    if determination is None or determination.reason not in NEGATIVE_REASONS:
        raise WorkflowError(
            "only a negative determination can be reviewed by the Ethics Panel chair"
        )
    if _panel_request(session, case.id) is not None:
        raise WorkflowError("a request for review is already recorded")
    if requested_on > today() or requested_on < determination.decided_on:
        raise WorkflowError("the request date must lie between the determination and today")
    deadline = panel_deadline(determination)
    if requested_on > deadline:
        late = (requested_on - determination.decided_on).days
        raise WorkflowError(
            f"the request came {late} days after the determination: the Ethics Panel chair may"
            f" be asked within {PANEL_REQUEST_DAYS} days (by {deadline.isoformat()})"
        )
    change_status(
        session=session, case=case, actor_id=actor_id, to=PANEL_REVIEW, step="panel request"
    )
    step = ProtectionStep(
        case_id=case.id,
        kind=StepKind.PANEL_REQUEST,
        day=requested_on,
        recorded_by=actor_id,
        result=PanelResult.PENDING,
    )
    session.add(step)
    session.flush()
    return step


def record_panel_result(*, session: Session, case: Case, actor_id: str, result: str) -> None:
    """Record the Ethics Panel chair's result (upheld or overturned) of a pending review.

    Raises:
        WorkflowError: no pending review, or a result that is not upheld/overturned.
    """
    _protection(case)
    if result not in (PanelResult.UPHELD, PanelResult.OVERTURNED):
        raise WorkflowError("the panel's result is upheld or overturned")
    request = _panel_request(session, case.id)
    if request is None or request.result != PanelResult.PENDING:
        raise WorkflowError("there is no pending Ethics Panel review")
    request.result = result
    request.result_on = today()
    session.add(request)
    log_change(session, actor_id, case.id, f"panel:{result}")
