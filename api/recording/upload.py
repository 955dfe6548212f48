"""Streaming multipart reception: the file part goes straight to a staging file, hashed on the way.

Starlette's form parser spools whole files before we can look at them; here the size limit is enforced
while bytes arrive, and any failure (too large, client gone, malformed body) removes the staging file.
Only the known fields are taken, each once and each short, so a body of countless small fields is
refused at its first stray part rather than read to the end.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from api.errors import InvalidInput, TooLarge, UnsupportedMedia
from api.limits import BodyRefused
from api.validation import refuse_nul

FIELD_LIMIT = 4096  # bytes for any non-file form field
HEADER_LIMIT = 8192  # bytes of the headers of one part
FILE_FIELD = "file"


@dataclass
class StagedUpload:
    path: Path
    sha256: str
    size: int
    filename: str | None
    fields: dict[str, str] = field(default_factory=dict)


class _Receiver:
    """Callbacks for python-multipart's parser; one instance per request."""

    def __init__(self, staging_dir: Path, max_bytes: int, names: frozenset[str]) -> None:
        self.staging_dir, self.max_bytes, self.names = staging_dir, max_bytes, names
        self.header_bytes = 0
        self.fields: dict[str, str] = {}
        self.headers: dict[bytes, bytes] = {}
        self.header_field = b""
        self.header_value = b""
        self.name: str | None = None
        self.filename: str | None = None
        self.file_name: str | None = None  # the file part's: `filename` is the current part's
        self.buffer = bytearray()
        self.file: tempfile._TemporaryFileWrapper[bytes] | None = None
        self.path: Path | None = None
        self.hash = hashlib.sha256()
        self.size = 0
        self.files = 0

    def on_part_begin(self) -> None:
        self.headers, self.name, self.filename, self.buffer = {}, None, None, bytearray()
        self.header_bytes = 0

    def _count_header(self, size: int) -> None:
        self.header_bytes += size
        if self.header_bytes > HEADER_LIMIT:
            raise InvalidInput(f"the headers of a form part are longer than {HEADER_LIMIT} bytes")

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        self.filename = (
            os.path.basename(filename.decode("utf-8", "replace")) if filename is not None else None
        )
        # A streamed body: the app-wide NUL check never reads it, so names are checked here.
        refuse_nul("form field name", self.name)
        refuse_nul("file name", self.filename)
        if self.name != FILE_FIELD and self.name not in self.names:
            expected = ", ".join(sorted({FILE_FIELD, *self.names}))
            raise InvalidInput(f"unknown form field {self.name[:40]!r}; expected {expected}")
        if self.name in self.fields:
            raise InvalidInput(f"form field {self.name!r} is sent twice")
        if self.name == FILE_FIELD:
            self.files += 1
            self.file_name = self.filename
            if self.files > 1:
                raise InvalidInput("send exactly one file")
            self.staging_dir.mkdir(parents=True, exist_ok=True)
            self.file = tempfile.NamedTemporaryFile(dir=self.staging_dir, prefix="upload-", delete=False)  # noqa: SIM115 — outlives the callback
            self.path = Path(self.file.name)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.name == FILE_FIELD and self.file is not None:
            self.size += len(chunk)
            if self.size > self.max_bytes:
                raise TooLarge(f"file is larger than the limit of {self.max_bytes} bytes")
            self.hash.update(chunk)
            self.file.write(chunk)
        else:
            self.buffer += chunk
            if len(self.buffer) > FIELD_LIMIT:
                raise InvalidInput(f"form field {self.name!r} is longer than {FIELD_LIMIT} bytes")

    def on_part_end(self) -> None:
        if self.name and self.name != FILE_FIELD:
            self.fields[self.name] = self.buffer.decode("utf-8", "replace")

    def discard(self) -> None:
        if self.file is not None:
            self.file.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


async def receive(
    request: Request, *, staging_dir: Path, max_bytes: int, fields: frozenset[str]
) -> StagedUpload:
    """Read a multipart/form-data body with one `file` part and at most one of each of `fields`.

    Raises before storing anything on bad input (InvalidInput, TooLarge, UnsupportedMedia).
    """
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in params:
        raise UnsupportedMedia("send the recording as multipart/form-data with a 'file' field")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + 64 * 1024:
        raise TooLarge(f"upload of {declared} bytes is larger than the limit of {max_bytes} bytes")
    receiver = _Receiver(staging_dir, max_bytes, fields)
    callbacks = {name: getattr(receiver, name) for name in dir(receiver) if name.startswith("on_")}
    parser = MultipartParser(params[b"boundary"], callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
        if receiver.file is None or receiver.path is None:
            raise InvalidInput("no 'file' field in the upload")
        receiver.file.close()
        if receiver.size == 0:
            raise UnsupportedMedia("the uploaded file is empty")
    except ClientDisconnect:
        receiver.discard()
        raise
    except (InvalidInput, TooLarge, UnsupportedMedia, BodyRefused):
        receiver.discard()
        raise
    except Exception as exc:
        receiver.discard()
        raise InvalidInput(f"malformed multipart body: {exc}") from exc
    except BaseException:  # cancelled (client gone mid-stream): leave nothing behind
        receiver.discard()
        raise
    return StagedUpload(
        receiver.path, receiver.hash.hexdigest(), receiver.size, receiver.file_name, receiver.fields
    )
