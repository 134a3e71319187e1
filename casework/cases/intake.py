"""Creating a case: one transaction for the case, its reporter key, records and grants.

The submission workflow is the only writer of new cases. It takes already-derived receipt
secrets (the Argon2id run happens in the caller's bounded pool), generates the case key,
encrypts the answers and the optional identity section as separate records (so that opening
the identity can be logged on its own), and seals the case key to the reporter and to every
default recipient of the channel. Nothing is committed unless all of it is.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from casework.cases.deadlines import reschedule
from casework.cases.envelope import Case, CaseStatus, Grant, RecordKind, ReporterKey
from casework.cases.facts import add_facts
from casework.cases.records import seal_record
from casework.channels.policy import RECEIVED_MILESTONE, Identity
from casework.channels.registry import get_policy
from casework.people.office import channel_recipients
from casework.people.principals import Principal, PrincipalStatus
from casework.store.clock import today
from crypto import ReceiptSecrets, generate_case_key, seal_case_key


class IntakeError(ValueError):
    """A submission the channel's policy does not accept."""


@dataclass(frozen=True, slots=True)
class Submission:
    """What a reporter sends, already validated and serialised by the form."""

    channel: str
    form_version: int
    category: str
    answers: bytes
    identity: bytes | None = None
    facts: Mapping[str, str] = field(default_factory=dict)
    submitter_id: str | None = None


def submit_case(
    *,
    session: Session,
    submission: Submission,
    reporter: ReceiptSecrets | None,
    received_on: date | None = None,
    also_grant: Sequence[str] = (),
) -> tuple[Case, bytes]:
    """Store a new case with its grants and first records (the caller commits).

    Args:
        session: the open transaction.
        submission: the validated content.
        reporter: the secrets derived from the new receipt; None for a case with no
            receipt (a matter an officer logs, a filer's statement sealed to the filer).
        received_on: the day the matter reached the office (today unless an officer logs
            one that came earlier by phone or in person).
        also_grant: principals granted besides the channel's recipients (the officer
            who logs a matter).

    Raises:
        casework.channels.registry.UnknownChannelError: no channel has this id.
        IntakeError: the channel requires an identity and none was given.

    Returns:
        The case and its key (so the caller can encrypt attachments in the same request).
    """
    policy = get_policy(submission.channel)
    if policy.identity is Identity.REQUIRED and submission.identity is None:
        raise IntakeError("this channel needs to know who is asking")
    received = received_on or today()
    case = Case(
        channel=submission.channel,
        form_version=submission.form_version,
        category=submission.category,
        status=CaseStatus.RECEIVED,
        received_on=received,
        submitter_id=submission.submitter_id,
    )
    reschedule(case, {RECEIVED_MILESTONE: received})
    session.add(case)
    session.flush()
    add_facts(session=session, case_id=case.id, facts=submission.facts)
    case_key = generate_case_key()
    if reporter is not None:
        session.add(_reporter_key(case, case_key, reporter))
    for kind, plaintext in (
        (RecordKind.ANSWERS, submission.answers),
        (RecordKind.IDENTITY, submission.identity),
    ):
        if plaintext is not None:
            seal_record(
                session=session, case_id=case.id, case_key=case_key, kind=kind, plaintext=plaintext
            )
    grant_recipients(session, case, case_key, also_grant)
    session.flush()
    return case, case_key


def _reporter_key(case: Case, case_key: bytes, reporter: ReceiptSecrets) -> ReporterKey:
    """How the receipt opens the case: its lookup id, public keys and the sealed case key."""
    keys = reporter.keys
    return ReporterKey(
        case_id=case.id,
        lookup_id=reporter.lookup_id,
        box_public=keys.box_public,
        verify_key=keys.verify_key,
        sealed_case_key=seal_case_key(case_key, keys.box_public),
    )


def grant_recipients(
    session: Session, case: Case, case_key: bytes, also_grant: Sequence[str] = ()
) -> None:
    """Seal the case key to every active default recipient of the channel, and ``also_grant``.

    Also used when a filer files a financial disclosure statement
    (:mod:`casework.disclosure.statements`).
    """
    recipients = channel_recipients(session=session, channel=case.channel)
    for principal_id in dict.fromkeys([*recipients, *also_grant]):
        principal = session.get(Principal, principal_id)
        if principal is None or principal.status != PrincipalStatus.ACTIVE:
            continue
        session.add(
            Grant(
                case_id=case.id,
                principal_id=principal.id,
                sealed_key=seal_case_key(case_key, principal.box_public),
            )
        )
