"""Attachment downloads: decrypted as they stream out, never offered to the browser to render.

The blob is read and decrypted block by block (:func:`casework.cases.attachments.decrypt_stream`,
about 1 MiB each) straight into a :class:`~starlette.responses.StreamingResponse`, so the
plaintext never touches the disk and never sits whole in memory. Reading and decrypting
are blocking, so each block is made in a worker thread; the next block is already being
made while the event loop sends the current one (:func:`read_ahead`), so the disk, the
cipher and the socket work at the same time, with at most two blocks in memory.

The response is always a download of ``application/octet-stream`` with
``X-Content-Type-Options: nosniff`` and ``Content-Security-Policy: sandbox; default-src
'none'``: whatever a reporter uploaded (HTML, SVG, a PDF with script) is never interpreted
in the console's origin. The decrypted name is
reduced to safe ASCII for ``filename=`` and given in full, percent-encoded, as
``filename*`` (RFC 6266 / RFC 5987), so no name can break the header.
"""

import asyncio
import unicodedata
from collections.abc import AsyncIterator, Iterator
from urllib.parse import quote

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from casework.cases.attachments import FileMeta, decrypt_stream, open_attachment
from casework.cases.messages import Attachment
from casework.store.blobs import BlobStore
from reviewer_console.i18n import _
from reviewer_console.permissions import staff_of
from reviewer_console.web import db

DOWNLOAD_CSP = "sandbox; default-src 'none'"
MAX_NAME_CHARS = 150


def content_disposition(name: str) -> str:
    """An ``attachment`` disposition that no file name can break out of."""
    cleaned = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
    )
    cleaned = (
        cleaned.replace("/", "_").replace("\\", "_").strip(" .")[:MAX_NAME_CHARS] or "attachment"
    )
    ascii_name = "".join(
        c if c.isascii() and (c.isalnum() or c in " ._-()") else "_" for c in cleaned
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(cleaned, safe='')}"


async def read_ahead(blocks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """Yield ``blocks``, each made in a worker thread while the one before is being sent.

    If the response stops early (the client went away), the block being made is awaited
    before the iterator is closed, so no thread is left using it.
    """
    end = object()

    def make() -> bytes | object:
        return next(blocks, end)

    pending: asyncio.Future[bytes | object] = asyncio.ensure_future(run_in_threadpool(make))
    try:
        while (block := await pending) is not end:
            pending = asyncio.ensure_future(run_in_threadpool(make))
            assert isinstance(block, bytes)
            yield block
    finally:
        if not pending.done():
            await asyncio.wait([pending])
        if not pending.cancelled():
            pending.exception()  # retrieved; an error was already raised by the await
        close = getattr(blocks, "close", None)
        if close is not None:
            close()  # a generator: closes the blob file


async def download(request: Request) -> Response:
    """Stream one attachment of a granted case, decrypting as it goes (logged)."""
    staff = staff_of(request)
    case_id = request.path_params["case_id"]
    attachment_id = request.path_params["attachment_id"]
    blobs = BlobStore(request.app.state.settings.blob_dir)

    def work(session: Session) -> tuple[bytes, Attachment, FileMeta] | None:
        return open_attachment(
            session=session,
            case_id=case_id,
            attachment_id=attachment_id,
            principal_id=staff.principal_id,
            keys=staff.keys,
        )

    found = await db(request, work)
    if found is None:
        return PlainTextResponse(_("No such file."), status_code=404)
    case_key, attachment, meta = found
    name = meta.name
    return StreamingResponse(
        read_ahead(decrypt_stream(blobs=blobs, case_key=case_key, attachment=attachment)),
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": content_disposition(name),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": DOWNLOAD_CSP,
        },
    )
