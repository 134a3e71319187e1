"""Referral exports: a deterministic ZIP of the chosen decrypted material, streamed.

The archive is produced chunk by chunk (attachments are decrypted as they are written) and
never touches the disk. It is deterministic: fixed entry order, fixed timestamps, stored
(uncompressed) entries, so building it twice from the same immutable records gives the same
bytes and the same SHA-256. That is how a download proves it is exactly the export the
consent log names (:mod:`casework.referrals.recording`).
"""

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from casework.cases.attachments import decrypt_stream, file_meta
from casework.cases.dialogue import read_messages
from casework.cases.envelope import RecordKind, records_of
from casework.cases.messages import Attachment, attachments_of
from casework.cases.records import open_record
from casework.store.blobs import BlobStore
from crypto import Sha256

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
WRITE_CHUNK_BYTES = 64 * 1024


class ExportIntegrityError(RuntimeError):
    """A rebuilt export does not hash to the SHA-256 recorded in the consent log."""


@dataclass(frozen=True, slots=True)
class ExportSelection:
    """Which decrypted material goes into an export."""

    answers: bool = True
    identity: bool = False
    messages: bool = False
    attachment_ids: tuple[str, ...] = field(default_factory=tuple)
    message_ids: tuple[str, ...] = field(default_factory=tuple)
    """Single messages (the advice given to a filer, say) instead of the whole dialogue."""

    def to_json(self) -> dict[str, Any]:
        """As stored (encrypted) in the referral body (``message_ids`` only when chosen, so
        that bodies stored before it existed read back the same)."""
        stored: dict[str, Any] = {
            "answers": self.answers,
            "identity": self.identity,
            "messages": self.messages,
            "attachment_ids": list(self.attachment_ids),
        }
        if self.message_ids:
            stored["message_ids"] = list(self.message_ids)
        return stored

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ExportSelection":
        """Back from the stored form."""
        return cls(
            answers=bool(data["answers"]),
            identity=bool(data["identity"]),
            messages=bool(data["messages"]),
            attachment_ids=tuple(data["attachment_ids"]),
            message_ids=tuple(data.get("message_ids", ())),
        )


class _Sink:
    """A write-only file object that hands what is written to a generator."""

    def __init__(self) -> None:
        self.pending: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.pending.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        return None

    def drain(self) -> Iterator[bytes]:
        chunks, self.pending = self.pending, []
        yield from chunks


def _text(lines: list[str]) -> bytes:
    return ("\n".join(lines).rstrip() + "\n").encode()


def _id_line(summary: dict[str, Any]) -> str:
    """The referral's id line; bodies recorded before the rename keep their exact words.

    An export is rebuilt and checked against the SHA-256 logged when it was recorded, so a
    body stored under the old key ("disclosure_id") must produce the old line again.
    """
    if "referral_id" in summary:
        return f"Referral: {summary['referral_id']}"
    return f"Disclosure: {summary['disclosure_id']}"


def _summary_text(summary: dict[str, Any], files: list[str]) -> bytes:
    lines = [
        "Referral from the Ethics Office",
        "",
        _id_line(summary),
        f"Case: {summary['case_id']}",
        f"Recipient: {summary['recipient']}",
        f"Basis: {summary['basis']}",
        f"What is disclosed: {summary['what']}",
    ]
    if summary.get("justification"):
        lines.append(f"Justification: {summary['justification']}")
    lines += ["", "Contents:", *[f"  {name}" for name in files], ""]
    lines.append(
        "This material is confidential. It is shared under the basis above, recorded in the"
        " Ethics Office's consent log with this file's SHA-256 fingerprint."
    )
    return _text(lines)


class Export:
    """One export being built: iterate for the bytes, or call :meth:`digest`."""

    def __init__(
        self,
        *,
        session: Session,
        case_id: str,
        case_key: bytes,
        blobs: BlobStore,
        summary: dict[str, Any],
        selection: ExportSelection,
        expected_sha256: str | None,
    ) -> None:
        """Prepare (nothing is decrypted until iteration)."""
        self.session, self.case_id, self.case_key, self.blobs = session, case_id, case_key, blobs
        self.summary, self.selection, self.expected = summary, selection, expected_sha256

    def _documents(self) -> list[tuple[str, bytes]]:
        documents: list[tuple[str, bytes]] = []
        kinds = [(RecordKind.ANSWERS, self.selection.answers, "answers.json")]
        kinds.append((RecordKind.IDENTITY, self.selection.identity, "identity.json"))
        for kind, wanted, name in kinds:
            if not wanted:
                continue
            for record in records_of(session=self.session, case_id=self.case_id, kind=kind):
                value = json.loads(open_record(case_key=self.case_key, record=record))
                documents.append((name, json.dumps(value, indent=2, ensure_ascii=False).encode()))
        if self.selection.messages or self.selection.message_ids:
            documents.append(self._messages())
        return documents

    def _messages(self) -> tuple[str, bytes]:
        """The dialogue (never internal notes), or only the messages chosen by id."""
        chosen = set() if self.selection.messages else set(self.selection.message_ids)
        messages = read_messages(
            session=self.session,
            case_id=self.case_id,
            case_key=self.case_key,
            include_internal=False,
        )
        if chosen:
            messages = [m for m in messages if m.id in chosen]
            if len(messages) != len(chosen):
                raise ExportIntegrityError("a message chosen for the export is not on this case")
        lines = []
        for message in messages:
            lines += [f"[{message.created_on}] {message.author}:", message.body, ""]
        return ("messages.txt" if not chosen else "chosen-messages.txt", _text(lines))

    def _attachments(self) -> list[tuple[str, Attachment]]:
        wanted = set(self.selection.attachment_ids)
        chosen = [
            a for a in attachments_of(session=self.session, case_id=self.case_id) if a.id in wanted
        ]
        if len(chosen) != len(wanted):
            raise ExportIntegrityError("an attachment chosen for the export is not on this case")
        named = []
        for index, attachment in enumerate(chosen, start=1):
            name = file_meta(case_key=self.case_key, attachment=attachment).name or "file"
            safe = "".join(c if c.isalnum() or c in "._- " else "_" for c in name)[:120]
            named.append((f"files/{index:02d}-{safe}", attachment))
        return named

    def __iter__(self) -> Iterator[bytes]:
        """The archive's bytes; raises ExportIntegrityError at the end if the hash differs."""
        digest = Sha256()
        for chunk in self._build():
            digest.update(chunk)
            yield chunk
        if self.expected is not None and digest.hexdigest() != self.expected:
            raise ExportIntegrityError("the export differs from the one recorded in the log")

    def digest(self) -> str:
        """Build the whole archive, keeping only its SHA-256."""
        digest = Sha256()
        for chunk in self._build():
            digest.update(chunk)
        return digest.hexdigest()

    def _build(self) -> Iterator[bytes]:
        documents = self._documents()
        attachments = self._attachments()
        names = [name for name, _ in documents] + [name for name, _ in attachments]
        sink = _Sink()
        stored = zipfile.ZIP_STORED
        with zipfile.ZipFile(sink, "w", compression=stored) as archive:  # type: ignore[call-overload]
            for name, content in [("summary.txt", _summary_text(self.summary, names)), *documents]:
                archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), content)
                yield from sink.drain()
            for name, attachment in attachments:
                with archive.open(zipfile.ZipInfo(name, FIXED_TIME), "w", force_zip64=True) as out:
                    for piece in decrypt_stream(
                        blobs=self.blobs, case_key=self.case_key, attachment=attachment
                    ):
                        out.write(piece)
                        yield from sink.drain()
                yield from sink.drain()
        yield from sink.drain()


def build_export(
    *,
    session: Session,
    case_id: str,
    case_key: bytes,
    blobs: BlobStore,
    summary: dict[str, Any],
    selection: ExportSelection,
    expected_sha256: str | None = None,
) -> Export:
    """An export of ``selection`` from the case, described by ``summary``."""
    return Export(
        session=session,
        case_id=case_id,
        case_key=case_key,
        blobs=blobs,
        summary=summary,
        selection=selection,
        expected_sha256=expected_sha256,
    )
