"""Consent requests and the reporter's signed answers (G4).

An officer asks a reporter (or an identified requester) for consent to share named
information with a named recipient for a stated reason. The request text, every answer and
every signature are ciphertext under the case key; nothing about consent is clear metadata.

**What is signed.** The person signs, with the Ed25519 key derived from their receipt (or
their own principal key), the canonical encoding of::

    {"v": "confide-consent-1", "case_id", "request_id", "text_mac", "answer"}

where ``text_mac`` is BLAKE2b of the exact request text keyed with the case key. Binding the
case id and the request id means a signature cannot be replayed onto another request or
another case; binding the text through a MAC keyed by the case key means ``confide
verify-logs`` can check the signature stored in the consent log with public data only,
while the log reveals nothing about the text to someone without the case key. Withdrawals
are signed the same way with ``answer = "withdrawn"``.
"""

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, Session, SQLModel, col, select

from casework.cases.access_log import AccessAction, record_access
from casework.cases.envelope import Case, ReporterKey
from casework.people.principals import Principal
from casework.store.clock import today
from casework.store.ids import new_id
from casework.store.sealing import open_field, seal_field
from crypto import (
    DecryptionError,
    PrincipalKeys,
    SignatureError,
    canonical_encoding,
    keyed_hash,
    sign,
    verify_signature,
)
from intake_forms.languages import N_, ExplainedError

CONSENT_VERSION = "confide-consent-1"
MAC_PERSON = b"confide-consent"
REQUEST_FIELD = "request"
ANSWER_FIELD = "answer"


class Recipient(enum.StrEnum):
    """Bodies outside the ethics office that may receive information."""

    INVESTIGATIONS = "investigations"
    PEOPLE_AND_CULTURE = "people_and_culture"
    LEGAL = "legal"
    SECURITY = "security"
    ETHICS_PANEL_CHAIR = "ethics_panel_chair"
    OVERSIGHT_BODY = "oversight_body"
    SUPERVISOR = "supervisor"
    OTHER = "other"


RECIPIENT_LABELS = {
    Recipient.INVESTIGATIONS: N_("the Office of Investigations"),
    Recipient.PEOPLE_AND_CULTURE: N_("People and Culture (human resources)"),
    Recipient.LEGAL: N_("the Legal Office"),
    Recipient.SECURITY: N_("the Security Office"),
    Recipient.ETHICS_PANEL_CHAIR: N_("the Chair of the Ethics Panel"),
    Recipient.OVERSIGHT_BODY: N_("an oversight body or tribunal"),
    Recipient.SUPERVISOR: N_("the person's supervisor"),
    Recipient.OTHER: N_("another body"),
}
NAMED_RECIPIENTS = frozenset({Recipient.SUPERVISOR, Recipient.OTHER})
"""Recipients that mean nothing without a name (which supervisor, which body)."""


class Answer(enum.StrEnum):
    """What a person answered."""

    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class ConsentError(ExplainedError):
    """A consent cannot be used or changed (with a reason fit to show an officer)."""


class ConsentRequest(SQLModel, table=True):
    """A request for consent; its content is ciphertext."""

    __tablename__ = "consent_request"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    created_by: str = Field(foreign_key="principal.id", max_length=32)
    created_on: date = Field(default_factory=today)
    request_ct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class ConsentAnswer(SQLModel, table=True):
    """One signed answer (given, refused, withdrawn); append-only, content is ciphertext."""

    __tablename__ = "consent_answer"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    request_id: str = Field(foreign_key="consent_request.id", index=True, max_length=32)
    seq: int
    created_on: date = Field(default_factory=today)
    answer_ct: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


@dataclass(frozen=True, slots=True)
class RequestContent:
    """The decrypted request."""

    what: str
    recipient: Recipient
    recipient_name: str
    why: str

    def text(self) -> str:
        """The exact sentence the consent log records and the answer's MAC binds (English)."""
        return self.sentence(lambda message: message)

    def sentence(self, gettext: Callable[[str], str]) -> str:
        """The sentence in the reader's language, through ``gettext``.

        Only the frame around the officer's own words is translated: what is shared, with
        whom and why are the same fields the signed MAC binds in :meth:`text`, so a person
        reading it in Arabic agrees to exactly what the English record says.
        """
        to = gettext(RECIPIENT_LABELS[self.recipient])
        if self.recipient_name:
            to = f"{to}: {self.recipient_name}"
        return gettext(
            "I agree that the Ethics Office may share %(what)s with %(to)s, "
            "for this reason: %(why)s"
        ) % {"what": self.what, "to": to, "why": self.why}


@dataclass(frozen=True, slots=True)
class SignedAnswer:
    """A decrypted answer with its signature."""

    answer: Answer
    signature: bytes
    created_on: date


@dataclass(frozen=True, slots=True)
class ConsentView:
    """A request with its answers, for display and for checks."""

    request: ConsentRequest
    content: RequestContent
    answers: list[SignedAnswer]

    @property
    def state(self) -> Answer | None:
        """The latest answer, or None while the person has not answered."""
        return self.answers[-1].answer if self.answers else None


def text_mac(case_key: bytes, text: str) -> bytes:
    """The request text bound through a MAC under the case key."""
    return keyed_hash(case_key, text.encode(), person=MAC_PERSON)


def signed_message(*, case_id: str, request_id: str, mac: bytes, answer: Answer) -> bytes:
    """The exact bytes a consent answer signs."""
    return canonical_encoding(
        {
            "v": CONSENT_VERSION,
            "case_id": case_id,
            "request_id": request_id,
            "text_mac": mac,
            "answer": str(answer),
        }
    )


def signer_verify_key(*, session: Session, case: Case) -> bytes:
    """The key consents on this case must be signed with: the submitter's, else the receipt's."""
    if case.submitter_id is not None:
        principal = session.get(Principal, case.submitter_id)
        if principal is not None:
            return principal.verify_key
    reporter = session.get(ReporterKey, case.id)
    if reporter is None:
        raise ConsentError(N_("this case has nobody who can consent"))
    return reporter.verify_key


def ask(
    *, session: Session, case_id: str, case_key: bytes, officer_id: str, content: RequestContent
) -> ConsentRequest:
    """Store a new consent request on the case."""
    if not content.what.strip() or not content.why.strip():
        raise ConsentError(N_("say what would be shared and why"))
    if content.recipient in NAMED_RECIPIENTS and not content.recipient_name.strip():
        raise ConsentError(N_("name the recipient"))
    request_id = new_id()
    payload = json.dumps(
        {
            "what": content.what.strip(),
            "recipient": str(content.recipient),
            "recipient_name": content.recipient_name.strip(),
            "why": content.why.strip(),
        }
    ).encode()
    request = ConsentRequest(
        id=request_id,
        case_id=case_id,
        created_by=officer_id,
        request_ct=seal_field(case_key, ConsentRequest, request_id, REQUEST_FIELD, payload),
    )
    session.add(request)
    session.flush()
    record_access(
        session=session, actor_id=officer_id, action=AccessAction.CONSENT_REQUEST, case_id=case_id
    )
    return request


def _content(case_key: bytes, request: ConsentRequest) -> RequestContent:
    data = json.loads(
        open_field(case_key, ConsentRequest, request.id, REQUEST_FIELD, request.request_ct)
    )
    return RequestContent(
        what=data["what"],
        recipient=Recipient(data["recipient"]),
        recipient_name=data["recipient_name"],
        why=data["why"],
    )


def _answers(session: Session, case_key: bytes, request_id: str) -> list[SignedAnswer]:
    rows = session.exec(
        select(ConsentAnswer)
        .where(ConsentAnswer.request_id == request_id)
        .order_by(col(ConsentAnswer.seq))
    )
    answers = []
    for row in rows:
        data = json.loads(open_field(case_key, ConsentAnswer, row.id, ANSWER_FIELD, row.answer_ct))
        answers.append(
            SignedAnswer(Answer(data["answer"]), bytes.fromhex(data["signature"]), row.created_on)
        )
    return answers


def view(*, session: Session, request: ConsentRequest, case_key: bytes) -> ConsentView:
    """Decrypt a request and its answers."""
    return ConsentView(
        request, _content(case_key, request), _answers(session, case_key, request.id)
    )


def requests_of(*, session: Session, case_id: str, case_key: bytes) -> list[ConsentView]:
    """Every consent request of the case, oldest first, decrypted."""
    rows = session.exec(
        select(ConsentRequest)
        .where(ConsentRequest.case_id == case_id)
        .order_by(col(ConsentRequest.created_on), col(ConsentRequest.id))
    )
    return [view(session=session, request=row, case_key=case_key) for row in rows]


def answer(
    *,
    session: Session,
    request_id: str,
    case_id: str,
    case_key: bytes,
    keys: PrincipalKeys,
    choice: Answer,
    used: bool,
) -> SignedAnswer:
    """Record the person's signed answer.

    Args:
        session: the open transaction.
        request_id: the request answered.
        case_id: the case the person is signed in to (a request of another case is refused).
        case_key: the case key from the person's session.
        keys: the person's keys (receipt keys for a reporter).
        choice: given or refused, or withdrawn after giving.
        used: whether a referral already relies on this consent (then it cannot be withdrawn).

    Raises:
        ConsentError: the request is not on this case, or the change is not allowed.
    """
    request = session.get(ConsentRequest, request_id)
    if request is None or request.case_id != case_id:
        raise ConsentError(N_("no such request on this case"))
    current = view(session=session, request=request, case_key=case_key)
    if choice is Answer.WITHDRAWN:
        if current.state is not Answer.GIVEN:
            raise ConsentError(N_("only a consent that was given can be withdrawn"))
        if used:
            raise ConsentError(N_("this consent has already been used for a referral"))
    elif current.state is not None:
        raise ConsentError(N_("this request has already been answered"))
    mac = text_mac(case_key, current.content.text())
    signature = sign(
        keys, signed_message(case_id=case_id, request_id=request_id, mac=mac, answer=choice)
    )
    row_id = new_id()
    payload = json.dumps({"answer": str(choice), "signature": signature.hex()}).encode()
    session.add(
        ConsentAnswer(
            id=row_id,
            request_id=request_id,
            seq=len(current.answers) + 1,
            answer_ct=seal_field(case_key, ConsentAnswer, row_id, ANSWER_FIELD, payload),
        )
    )
    session.flush()
    return SignedAnswer(choice, signature, today())


@dataclass(frozen=True, slots=True)
class UsableConsent:
    """A consent checked for use: what the consent log stores about it."""

    request_id: str
    recipient: Recipient
    mac: bytes
    signature: bytes


def usable_consent(
    *, session: Session, request_id: str, case_id: str, case_key: bytes
) -> UsableConsent:
    """Check that a consent may back a referral on ``case_id`` now.

    The request must belong to this case, its latest answer must be "given", and that
    answer's signature must verify, with the case's signer key, over exactly this request.

    Raises:
        ConsentError: why it cannot be used.
    """
    request = session.get(ConsentRequest, request_id)
    case = session.get(Case, case_id)
    if request is None or case is None or request.case_id != case_id:
        raise ConsentError(N_("that consent does not belong to this case"))
    try:
        current = view(session=session, request=request, case_key=case_key)
    except DecryptionError as exc:
        raise ConsentError(N_("that consent does not belong to this case")) from exc
    if current.state is Answer.WITHDRAWN:
        raise ConsentError(N_("that consent was withdrawn"))
    if current.state is not Answer.GIVEN:
        raise ConsentError(N_("that consent has not been given"))
    mac = text_mac(case_key, current.content.text())
    given = current.answers[-1]
    message = signed_message(case_id=case_id, request_id=request_id, mac=mac, answer=Answer.GIVEN)
    try:
        verify_signature(signer_verify_key(session=session, case=case), message, given.signature)
    except SignatureError as exc:
        raise ConsentError(N_("the consent signature does not verify")) from exc
    return UsableConsent(request_id, current.content.recipient, mac, given.signature)
