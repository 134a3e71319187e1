"""Reading the uploaded roster into memory only: never a temporary file (G1).

Starlette's ``request.form()`` spools files into ``SpooledTemporaryFile`` objects that roll
over to the temp folder past 1 MiB, and a roster is names and email addresses in the clear.
So the body (bounded: at most :data:`MAX_BODY_BYTES`) is read into memory and given to
python-multipart's low-level parser, whose callbacks keep the one file part asked for.
"""

from __future__ import annotations

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024


class UploadError(ValueError):
    """The body is too large, not multipart, or malformed (the message says which)."""


class _Part:
    """Callbacks that keep the data of the part called ``wanted``."""

    def __init__(self, wanted: bytes) -> None:
        self.wanted = wanted
        self.header_name = self.header_value = self.disposition = b""
        self.current: bytearray | None = None
        self.found: bytes | None = None

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.begin,
            "on_header_field": lambda d, s, e: setattr(
                self, "header_name", self.header_name + d[s:e]
            ),
            "on_header_value": lambda d, s, e: setattr(
                self, "header_value", self.header_value + d[s:e]
            ),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.data,
            "on_part_end": self.end,
        }

    def begin(self) -> None:
        self.disposition, self.current = b"", None

    def header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name = self.header_value = b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        if options.get(b"name") == self.wanted:
            self.current = bytearray()

    def data(self, data: bytes, start: int, end: int) -> None:
        if self.current is not None:
            self.current += data[start:end]

    def end(self) -> None:
        if self.current is not None and self.found is None:
            self.found = bytes(self.current)
        self.current = None


async def read_file_part(request: Request, name: str) -> bytes:
    """The content of the file part ``name`` of a multipart body, held in memory only.

    Raises:
        UploadError: too large, not multipart, malformed, or no such part.
    """
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in options:
        raise UploadError("send the file as a form upload")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise UploadError(f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB")
    part = _Part(name.encode())
    try:
        parser = MultipartParser(options[b"boundary"], part.callbacks())  # type: ignore[arg-type]
        parser.write(bytes(body))
        parser.finalize()
    except MultipartParseError as exc:
        raise UploadError("the upload is malformed") from exc
    if part.found is None:
        raise UploadError("choose a file to import")
    return part.found
