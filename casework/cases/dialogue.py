"""Writing and reading the messages of a case under its key."""

from dataclasses import dataclass

from sqlmodel import Session

from casework.cases.messages import Author, Message, messages_of, next_seq
from casework.store.clock import today
from casework.store.ids import new_id
from casework.store.sealing import open_field, seal_field
from crypto import padded_size

BODY_FIELD = "body"


@dataclass(frozen=True, slots=True)
class ReadMessage:
    """A decrypted message, for display."""

    id: str
    seq: int
    author: str
    author_id: str | None
    internal: bool
    body: str
    created_on: str


def post_message(
    *,
    session: Session,
    case_id: str,
    case_key: bytes,
    author: Author,
    body: str,
    author_id: str | None = None,
    internal: bool = False,
) -> Message:
    """Encrypt and add a message (or an internal note) to the case."""
    if internal and author is Author.REPORTER:
        raise ValueError("reporters cannot write internal notes")
    message_id = new_id()
    ciphertext = seal_field(case_key, Message, message_id, BODY_FIELD, body.encode())
    message = Message(
        id=message_id,
        case_id=case_id,
        seq=next_seq(session=session, case_id=case_id),
        author=author,
        author_id=author_id,
        internal=internal,
        ciphertext=ciphertext,
        padded_size=padded_size(len(ciphertext)),
        created_on=today(),
    )
    session.add(message)
    session.flush()
    return message


def read_messages(
    *, session: Session, case_id: str, case_key: bytes, include_internal: bool
) -> list[ReadMessage]:
    """The decrypted conversation, in order."""
    return [
        ReadMessage(
            id=m.id,
            seq=m.seq,
            author=m.author,
            author_id=m.author_id,
            internal=m.internal,
            body=open_field(case_key, Message, m.id, BODY_FIELD, m.ciphertext).decode(),
            created_on=m.created_on.isoformat(),
        )
        for m in messages_of(session=session, case_id=case_id, include_internal=include_internal)
    ]
