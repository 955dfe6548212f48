"""The CSRF token a browser request presents: the header, or the `csrf_token` field of a plain HTML form.

A form posted without JavaScript carries the token in its body — urlencoded, or multipart when it
uploads a recording. Checking it before the endpoint runs (api/deps.py) means reading the body
before the endpoint does; for a multipart upload, which its endpoint streams to disk, only the head
of the body is read and handed back (see `_multipart_csrf`).
"""

from __future__ import annotations

import contextlib

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request
from starlette.types import Message

from api.auth import sessions


async def presented_token(request: Request) -> str | None:
    """The CSRF token from the header, or from a plain HTML form's `csrf_token` field: urlencoded, or
    multipart (an upload with JavaScript off; see `_multipart_csrf`)."""
    presented = request.headers.get(sessions.CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if presented is None and content_type.startswith("application/x-www-form-urlencoded"):
        with contextlib.suppress(RuntimeError):  # "stream consumed": FastAPI parsed the form already
            await request.body()  # cache the bytes: the form parser and later readers replay them
        value = (await request.form()).get(sessions.CSRF_FIELD)
        presented = value if isinstance(value, str) else None
    elif presented is None and content_type.startswith("multipart/form-data"):
        presented = await _multipart_csrf(request)
    return presented


CSRF_PEEK_LIMIT = 64 * 1024  # bytes of a multipart body read in search of the token, at most
CSRF_TOKEN_LIMIT = 256
CSRF_FIELD_BYTES = sessions.CSRF_FIELD.encode()


class _TokenFinder:
    """python-multipart callbacks that keep the `csrf_token` field's value and stop at the first file."""

    def __init__(self) -> None:
        self.header_field, self.header_value = b"", b""
        self.disposition = b""
        self.name: bytes | None = None
        self.value = bytearray()
        self.token: str | None = None
        self.done = False

    def on_part_begin(self) -> None:
        self.disposition, self.name, self.value = b"", None, bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.header_field.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_field, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        self.name = options.get(b"name")
        if b"filename" in options:  # a file part: a token after it would be read too late
            self.done = True

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if not self.done and self.name == CSRF_FIELD_BYTES:
            self.value += data[start:end]
            if len(self.value) > CSRF_TOKEN_LIMIT:
                self.done = True

    def on_part_end(self) -> None:
        if not self.done and self.name == CSRF_FIELD_BYTES:
            self.token = self.value.decode("utf-8", "replace")
            self.done = True

    def on_end(self) -> None:
        self.done = True


async def _multipart_csrf(request: Request) -> str | None:
    """The `csrf_token` field of a multipart body, read from the fields before its first file.

    Why this way: an upload is streamed to disk by its endpoint (api/recording/upload.py), so the body
    cannot be parsed here and again there. Only the head of the body is read — up to the token, the
    first file part or CSRF_PEEK_LIMIT bytes, whichever comes first — and those chunks are handed back
    to the request, so the endpoint reads the whole body once, from its first byte. The page's form puts
    the hidden token before its file input (browsers send fields in document order); a token after a
    file, or none, is none. Where FastAPI parsed the form already (a route with Form/File parameters),
    its parsed fields are read.
    """
    # Starlette keeps the request's ASGI channel and whether it was read in these two attributes; no
    # public API hands read bytes back. Pinned behaviour, checked by tests/api/pages/test_upload_no_js.py.
    if request._stream_consumed:
        value = (await request.form()).get(sessions.CSRF_FIELD)
        return value if isinstance(value, str) else None
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        return None
    finder = _TokenFinder()
    callbacks = {name: getattr(finder, name) for name in dir(finder) if name.startswith("on_")}
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    receive = request._receive
    read: list[Message] = []
    size = 0
    while not finder.done and size <= CSRF_PEEK_LIMIT:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":
            break
        body = message.get("body", b"")
        size += len(body)
        try:
            parser.write(body)
        except MultipartParseError:  # a malformed body: no token in it (the endpoint says what is wrong)
            break
        if not message.get("more_body", False):
            break

    async def replay() -> Message:
        return read.pop(0) if read else await receive()

    request._receive = replay
    return finder.token
