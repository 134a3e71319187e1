"""Attachments: an encrypted blob, with its key, name and type as records under the case key.

The blob is a secretstream under a random per-file key (:mod:`crypto._streams`). The file
key is encrypted under the case key as ``("attachment", id, "key")`` and the name and type
as a small JSON object ``{"name": ..., "type": ...}`` as ``("attachment", id, "meta")``, so
neither can be moved to another attachment or case. Reading streams: the caller iterates
:func:`decrypt_stream` and never holds the whole file. The blob is read in blocks of
:data:`DECRYPT_BLOCK_CHUNKS` whole ciphertext chunks after the stream header, so each
block decrypts to about 1 MiB of plaintext with no chunk split across reads: few, large
pieces are what a streaming response (one thread hop per piece) sends fastest.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlmodel import Session

from casework.cases.access import case_key_for
from casework.cases.access_log import AccessAction, record_access
from casework.cases.messages import Attachment, Author
from casework.store.blobs import BlobStore
from casework.store.clock import today
from casework.store.ids import new_id
from casework.store.sealing import open_field, seal_field
from crypto import (
    FILE_CHUNK_BYTES,
    STREAM_HEADER_BYTES,
    STREAM_OVERHEAD_BYTES,
    PrincipalKeys,
    decrypt_chunks,
    encrypt_chunks,
    generate_file_key,
    padded_size,
)

KEY_FIELD = "key"
META_FIELD = "meta"
DECRYPT_BLOCK_CHUNKS = 16
"""Ciphertext chunks per read: 16 x (64 KiB + 17) bytes, about 1 MiB of plaintext."""


@dataclass(frozen=True, slots=True)
class FileMeta:
    """The decrypted name and declared type of an attachment."""

    name: str
    content_type: str


def record_attachment(
    *,
    session: Session,
    case_id: str,
    case_key: bytes,
    author: Author,
    blob_name: str,
    size: int,
    file_key: bytes,
    name: str,
    content_type: str,
    message_id: str | None = None,
) -> Attachment:
    """Seal a stored blob's key, name and type under the case key and add its row."""
    attachment_id = new_id()
    meta = json.dumps({"name": name, "type": content_type}).encode()
    attachment = Attachment(
        id=attachment_id,
        case_id=case_id,
        message_id=message_id,
        author=author,
        blob_name=blob_name,
        key_ct=seal_field(case_key, Attachment, attachment_id, KEY_FIELD, file_key),
        meta_ct=seal_field(case_key, Attachment, attachment_id, META_FIELD, meta),
        padded_size=padded_size(size),
        created_on=today(),
    )
    session.add(attachment)
    return attachment


def store_attachment(
    *,
    session: Session,
    blobs: BlobStore,
    case_id: str,
    case_key: bytes,
    author: Author,
    name: str,
    content_type: str,
    chunks: Iterable[bytes],
    message_id: str | None = None,
) -> Attachment:
    """Encrypt a stream of plaintext into the blob store and record it on the case."""
    file_key = generate_file_key()
    blob_name, size = blobs.write(encrypt_chunks(file_key, chunks))
    attachment = record_attachment(
        session=session,
        case_id=case_id,
        case_key=case_key,
        author=author,
        blob_name=blob_name,
        size=size,
        file_key=file_key,
        name=name,
        content_type=content_type,
        message_id=message_id,
    )
    session.flush()
    return attachment


def file_meta(*, case_key: bytes, attachment: Attachment) -> FileMeta:
    """Decrypt the name and type (raises crypto.DecryptionError if moved or altered)."""
    raw = open_field(case_key, Attachment, attachment.id, META_FIELD, attachment.meta_ct)
    value = json.loads(raw)
    return FileMeta(name=str(value.get("name", "")), content_type=str(value.get("type", "")))


def decrypt_stream(*, blobs: BlobStore, case_key: bytes, attachment: Attachment) -> Iterator[bytes]:
    """The plaintext, chunk by chunk; a StreamError at the end means it was truncated or altered."""
    file_key = open_field(case_key, Attachment, attachment.id, KEY_FIELD, attachment.key_ct)
    ciphertext = blobs.read(
        attachment.blob_name,
        first=STREAM_HEADER_BYTES,
        block=DECRYPT_BLOCK_CHUNKS * (FILE_CHUNK_BYTES + STREAM_OVERHEAD_BYTES),
    )
    return decrypt_chunks(file_key, ciphertext)


def open_attachment(
    *, session: Session, case_id: str, attachment_id: str, principal_id: str, keys: PrincipalKeys
) -> tuple[bytes, Attachment, FileMeta] | None:
    """A grant holder opens one file of the case for download (logged); None if not found.

    Raises:
        casework.cases.access.NoGrantError: the principal holds no grant.
    """
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.case_id != case_id:
        return None
    case_key = case_key_for(session=session, case_id=case_id, principal_id=principal_id, keys=keys)
    meta = file_meta(case_key=case_key, attachment=attachment)
    record_access(
        session=session,
        actor_id=principal_id,
        action=AccessAction.DOWNLOAD_FILE,
        case_id=case_id,
        detail=f"file:{attachment_id}",
    )
    return case_key, attachment, meta
