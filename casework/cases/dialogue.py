"""Writing and reading the messages of a case under its key.

A message written by a reporter or a filer carries the language they wrote it in, so the
officer can answer in it. The language is inside the ciphertext, never a clear column: a
rare language could point to a person. The sealed plaintext is then ``NUL language NUL
body`` (a body is cleaned text and never starts with NUL); a message without that prefix
(every message written before, and the office's) has no language and reads as English.
"""

from dataclasses import dataclass

from sqlmodel import Session

from casework.cases.messages import Author, Message, messages_of, next_seq
from casework.store.clock import today
from casework.store.ids import new_id
from casework.store.sealing import open_field, seal_field
from crypto import padded_size

BODY_FIELD = "body"
_TAG = b"\x00"
DEFAULT_LANGUAGE = "en"


def message_plaintext(body: str, language: str | None) -> bytes:
    """What is sealed for ``body``: tagged with ``language`` when one is given."""
    if not language:
        return body.encode()
    return _TAG + language.encode() + _TAG + body.encode()


def split_plaintext(plaintext: bytes) -> tuple[str, str]:
    """The language and the body of an opened message (English when it names none)."""
    if plaintext.startswith(_TAG):
        language, separator, body = plaintext[1:].partition(_TAG)
        if separator and len(language) <= 16:
            return language.decode(), body.decode()
    return DEFAULT_LANGUAGE, plaintext.decode()


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
    language: str = DEFAULT_LANGUAGE


def post_message(
    *,
    session: Session,
    case_id: str,
    case_key: bytes,
    author: Author,
    body: str,
    author_id: str | None = None,
    internal: bool = False,
    language: str | None = None,
) -> Message:
    """Encrypt and add a message (or an internal note) to the case.

    ``language`` is the language the message was written in (a reporter's or a filer's),
    sealed with the body.
    """
    if internal and author is Author.REPORTER:
        raise ValueError("reporters cannot write internal notes")
    message_id = new_id()
    plaintext = message_plaintext(body, language)
    ciphertext = seal_field(case_key, Message, message_id, BODY_FIELD, plaintext)
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
    read = []
    for m in messages_of(session=session, case_id=case_id, include_internal=include_internal):
        plaintext = open_field(case_key, Message, m.id, BODY_FIELD, m.ciphertext)
        language, body = split_plaintext(plaintext)
        read.append(
            ReadMessage(
                id=m.id,
                seq=m.seq,
                author=m.author,
                author_id=m.author_id,
                internal=m.internal,
                body=body,
                created_on=m.created_on.isoformat(),
                language=language,
            )
        )
    return read
