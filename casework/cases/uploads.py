"""Streaming uploads: encrypt a file as it arrives, straight into the blob store.

An upload is encrypted before its case exists (a report's files arrive in the same request
body as its answers, and the case key is made only once the answers are valid). So each
file gets its own random key at once; its plaintext goes chunk by chunk through a
secretstream :class:`crypto.StreamEncryptor` into a :class:`casework.store.blobs.BlobWriter`,
in constant memory and never in plaintext on disk. Only the small file key, name and type
wait in memory until :func:`attach_uploads` seals them under the case key, as the same
records :mod:`casework.cases.attachments` writes and reads
(:func:`casework.cases.attachments.record_attachment`).

A size limit is checked on the plaintext as it streams; past it the writer is aborted
(the partial ciphertext file is deleted) and :class:`UploadTooLargeError` is raised.
"""

from dataclasses import dataclass, field

from sqlmodel import Session

from casework.cases.attachments import record_attachment
from casework.cases.messages import Attachment, Author, case_bytes_stored
from casework.store.blobs import BlobStore, BlobWriter
from crypto import (
    StreamEncryptor,
    generate_file_key,
    padded_size,
)

MAX_NAME_CHARS = 255
MAX_TYPE_CHARS = 127


class UploadTooLargeError(ValueError):
    """A file, or the files of a case together, went past the configured limit."""


@dataclass
class EncryptedUpload:
    """One file being encrypted into the blob store; :meth:`finish` before attaching it."""

    writer: BlobWriter
    name: str
    content_type: str
    limit: int
    size: int = 0
    _key: bytes = field(default_factory=generate_file_key, repr=False)
    _encryptor: StreamEncryptor | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        """Start the stream: its header is the first bytes of the blob."""
        self.name = self.name[:MAX_NAME_CHARS]
        self.content_type = self.content_type[:MAX_TYPE_CHARS]
        self._encryptor = StreamEncryptor(self._key)
        self.writer.write(self._encryptor.header)

    def write(self, plaintext: bytes | memoryview) -> None:
        """Encrypt and store the next piece.

        Raises:
            UploadTooLargeError: the file is now larger than :attr:`limit` (the blob is aborted).
        """
        assert self._encryptor is not None
        self.size += len(plaintext)
        if self.size > self.limit:
            self.abort()
            raise UploadTooLargeError(self.name)
        piece = self._encryptor.update(plaintext)
        if piece:
            self.writer.write(piece)

    def finish(self) -> None:
        """Write the final chunk (the blob stays a temporary file until committed)."""
        assert self._encryptor is not None
        self.writer.write(self._encryptor.finalize())

    def abort(self) -> None:
        """Delete whatever was written."""
        self.writer.abort()

    @property
    def key(self) -> bytes:
        """The file key (to be sealed under the case key)."""
        return self._key


def start_upload(*, blobs: BlobStore, name: str, content_type: str, limit: int) -> EncryptedUpload:
    """Open a blob and start encrypting a file into it."""
    return EncryptedUpload(
        writer=blobs.open_writer(), name=name, content_type=content_type, limit=limit
    )


def attach_uploads(
    *,
    session: Session,
    case_id: str,
    case_key: bytes,
    author: Author,
    uploads: list[EncryptedUpload],
    max_case_bytes: int,
    message_id: str | None = None,
) -> list[Attachment]:
    """Seal each finished upload's key and name under the case key and record it.

    The blobs are committed (renamed into place) here, inside the caller's transaction:
    if the transaction then fails, the caller deletes them (ciphertext only, either way).

    Raises:
        UploadTooLargeError: the case would hold more than ``max_case_bytes``.
    """
    new_bytes = sum(padded_size(u.writer.size) for u in uploads)
    if case_bytes_stored(session=session, case_id=case_id) + new_bytes > max_case_bytes:
        raise UploadTooLargeError("case")
    attachments: list[Attachment] = []
    for upload in uploads:
        upload.writer.commit()
        attachments.append(
            record_attachment(
                session=session,
                case_id=case_id,
                case_key=case_key,
                author=author,
                blob_name=upload.writer.name,
                size=upload.writer.size,
                file_key=upload.key,
                name=upload.name,
                content_type=upload.content_type,
                message_id=message_id,
            )
        )
    session.flush()
    return attachments


def discard_uploads(*, blobs: BlobStore, uploads: list[EncryptedUpload]) -> None:
    """Remove the blobs of uploads that will not be recorded (committed or not)."""
    for upload in uploads:
        upload.abort()
        blobs.delete(upload.writer.name)
