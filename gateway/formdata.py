"""Reading form bodies without ever writing plaintext to disk.

Starlette's ``request.form()`` spools uploaded files into ``SpooledTemporaryFile`` objects,
which roll over to the temp folder past 1 MiB: plaintext evidence on disk (DESIGN.md, G1).
This module never calls it. It feeds ``request.stream()`` to python-multipart's low-level
:class:`python_multipart.MultipartParser`, whose callbacks hand each slice of a file part
to an :class:`casework.cases.uploads.EncryptedUpload` (secretstream into a blob writer), so
memory stays constant whatever the file size. Text parts are small (bounded per field and
in number) and stay in memory only. Url-encoded bodies (forms without files) are read up
to a bound and parsed with :func:`urllib.parse.parse_qs`.

Large bodies are parsed in a pipeline. The server hands the body over in pieces of a few
tens of KiB; the event loop gathers them into batches of :data:`BATCH_BYTES` and hands each
batch to a worker thread, which runs the parser and, through its callbacks, the encryption
(the ciphertext goes on to the blob's own appender thread,
:class:`casework.store.blobs.BlobWriter`),
while the loop goes on receiving the next batch. At most one batch is
being parsed and one being gathered, so memory stays about two batches whatever the file
size; libsodium and file writes release the GIL, so the two halves use two cores. A body
smaller than one batch (every form without files) is parsed on the loop, with no thread.

On any failure (malformed body, a limit passed, a client that disconnects) every upload
opened so far is aborted, so nothing of the request is left behind.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from casework.cases.uploads import EncryptedUpload

MAX_FIELD_BYTES = 128 * 1024
MAX_FIELDS = 200
MAX_FILES = 20
MAX_URLENCODED_BYTES = 1024 * 1024
BATCH_BYTES = 1024 * 1024

OpenFile = Callable[[str, str, str], EncryptedUpload | None]
"""``(field name, file name, content type)`` to an upload, or None to discard the part."""


class FormTooLargeError(ValueError):
    """A text field, the number of fields or files, or the body went past its bound."""


class MalformedFormError(ValueError):
    """The body could not be parsed."""


@dataclass
class ParsedForm:
    """The text fields (name to values, in order) and the uploads of a request."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    uploads: list[EncryptedUpload] = field(default_factory=list)

    def first(self, name: str) -> str:
        """The first value sent under ``name``, or ""."""
        values = self.fields.get(name)
        return values[0] if values else ""

    def abort(self) -> None:
        """Discard every upload of this request."""
        for upload in self.uploads:
            upload.abort()


def _decode(data: bytes | bytearray) -> str:
    return bytes(data).decode("utf-8", errors="replace")


def _base_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip()


class _Collector:
    """python-multipart callbacks that route each part to memory or to an upload."""

    def __init__(self, form: ParsedForm, open_file: OpenFile) -> None:
        self.form = form
        self.open_file = open_file
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.content_type = b""
        self.text: bytearray | None = None
        self.upload: EncryptedUpload | None = None
        self.is_file = False
        self.name = ""
        self.count = 0

    def callbacks(self) -> dict[str, Callable[..., None]]:
        return {
            "on_part_begin": self.on_part_begin,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
        }

    def on_part_begin(self) -> None:
        self.disposition = self.content_type = b""
        self.text, self.upload, self.is_file = None, None, False
        self.count += 1
        if self.count > MAX_FIELDS:
            raise FormTooLargeError("too many fields")

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        name = self.header_name.lower()
        if name == b"content-disposition":
            self.disposition = self.header_value
        elif name == b"content-type":
            self.content_type = self.header_value
        self.header_name = self.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        if b"name" not in options:
            raise MalformedFormError("a part has no name")
        self.name = _decode(options[b"name"])
        if b"filename" not in options:
            self.text = bytearray()
            return
        self.is_file = True
        file_name = _base_name(_decode(options[b"filename"]))
        if not file_name:
            return  # an empty file input: nothing chosen
        if len(self.form.uploads) >= MAX_FILES:
            raise FormTooLargeError("too many files")
        content_type = _decode(self.content_type).strip() or "application/octet-stream"
        self.upload = self.open_file(self.name, file_name, content_type)
        if self.upload is not None:
            self.form.uploads.append(self.upload)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.text is not None:
            if len(self.text) + (end - start) > MAX_FIELD_BYTES:
                raise FormTooLargeError("a field is too long")
            self.text += data[start:end]
        elif self.upload is not None:
            self.upload.write(memoryview(data)[start:end])  # no copy of a 1 MiB batch

    def on_part_end(self) -> None:
        if self.text is not None:
            self.form.fields.setdefault(self.name, []).append(_decode(self.text))
        elif self.upload is not None:
            self.upload.finish()
            if self.upload.size == 0:
                self.upload.abort()
                self.form.uploads.remove(self.upload)
        self.text, self.upload = None, None


async def _read_urlencoded(request: Request, form: ParsedForm) -> None:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_URLENCODED_BYTES:
            raise FormTooLargeError("the form is too large")
    pairs = parse_qs(_decode(body), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    form.fields.update(pairs)


async def read_form(request: Request, open_file: OpenFile, *, max_body: int) -> ParsedForm:
    """Parse the request body; file parts are streamed through ``open_file``'s uploads.

    Args:
        request: the request (its body is consumed).
        open_file: makes the upload for a file part, or returns None to discard it.
        max_body: refuse bodies that announce more bytes than this.

    Returns:
        The fields and the (finished, not yet committed) uploads.

    Raises:
        FormTooLargeError: a bound was passed.
        UploadTooLargeError: a file passed the per-file limit.
        MalformedFormError: the body is not a well-formed form.
    """
    form = ParsedForm()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        raise FormTooLargeError("the request is too large")
    try:
        await _parse(request, form, open_file, max_body)
    except MultipartParseError as error:
        form.abort()
        raise MalformedFormError("the form could not be read") from error
    except BaseException:
        form.abort()
        raise
    return form


async def _parse(request: Request, form: ParsedForm, open_file: OpenFile, max_body: int) -> None:
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type == b"application/x-www-form-urlencoded":
        await _read_urlencoded(request, form)
        return
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise MalformedFormError("not a form")
    collector = _Collector(form, open_file)
    parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]
    received = 0
    batch: list[bytes] = []
    batched = 0
    parsing: asyncio.Task[None] | None = None
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_body:
                raise FormTooLargeError("the request is too large")
            batch.append(chunk)
            batched += len(chunk)
            if batched >= BATCH_BYTES:
                if parsing is not None:
                    await parsing
                parsing = asyncio.ensure_future(run_in_threadpool(_write, parser, batch))
                batch, batched = [], 0
        if parsing is None:
            parser.write(b"".join(batch))  # a small body: no thread
            parser.finalize()
        else:
            await parsing
            parsing = asyncio.ensure_future(run_in_threadpool(_write, parser, batch, final=True))
            await parsing
    finally:
        if parsing is not None:
            await _settle(parsing)


def _write(parser: MultipartParser, batch: list[bytes], *, final: bool = False) -> None:
    """Parse one batch in a worker thread (joined there, not on the event loop)."""
    parser.write(b"".join(batch))
    if final:
        parser.finalize()


async def _settle(parsing: asyncio.Task[None]) -> None:
    """Wait until the worker thread has let go of the parser (the caller then aborts)."""
    if not parsing.done():
        await asyncio.wait([parsing])
    if not parsing.cancelled():
        parsing.exception()  # retrieved: the error, if any, is already being raised
