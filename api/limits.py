"""Request bodies are admitted before they are read, and counted while they are.

FastAPI reads and parses a JSON body before any dependency runs, so without this an anonymous client could
make the server hold a 100 MB body in memory only to be told 401. `BodyLimits` wraps the ASGI `receive`
channel: at the first read of a body it decides, without reading a byte, whether the request may send
one at all (a signed-in principal, or the sign-in endpoint) and whether its declared Content-Length fits;
then it counts the bytes of every `http.request` message and stops a chunked body as soon as it passes
the limit. Recording uploads (`upload_endpoint`) may send `SUARA_MAX_UPLOAD_BYTES` plus room for the form
fields; every other body `SUARA_MAX_JSON_BYTES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import sessions
from api.config import Settings
from api.errors import SuaraError, Unauthorized, problem

UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries, part headers and the few metadata fields of an upload
_UPLOAD_MARK = "__suara_upload__"
SIGN_IN_MARK = "__suara_sign_in__"  # set by api.deps.sign_in_endpoint

F = TypeVar("F", bound=Callable[..., object])


def upload_endpoint(endpoint: F) -> F:
    """Mark a route that receives a recording: its body may be as large as SUARA_MAX_UPLOAD_BYTES."""
    setattr(endpoint, _UPLOAD_MARK, True)
    return endpoint


class BodyRefused(HTTPException):
    """A body refused before or while it was read (401, 413).

    An HTTPException, so that FastAPI passes it on untouched when it arises while the body is read;
    `install` renders it as problem details with its headers.
    """

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=detail, headers=headers)
        self.title = title


def _too_large(limit: int, what: str) -> BodyRefused:
    return BodyRefused(413, "Content too large", f"{what} is larger than the limit of {limit} bytes")


def _declared_length(headers: Headers) -> int | None:
    value = headers.get("content-length", "")
    return int(value) if value.isdigit() else None


class _Gate:
    """The `receive` of one request: admits the body at its first read, then counts it."""

    def __init__(self, scope: Scope, receive: Receive, settings: Settings) -> None:
        self.scope, self.inner, self.settings = scope, receive, settings
        self.limit: int | None = None  # set once the body is admitted
        self.received = 0
        self.refused: BodyRefused | None = None

    async def receive(self) -> Message:
        if self.refused is not None:
            raise self.refused
        try:
            if self.limit is None:
                self.limit = await self._admit()
            message = await self.inner()
            if message["type"] == "http.request":
                self.received += len(message.get("body", b""))
                if self.received > self.limit:
                    raise _too_large(self.limit, "the request body")
            return message
        except BodyRefused as exc:
            self.refused = exc
            raise

    async def _admit(self) -> int:
        """The byte limit of this request's body; raises BodyRefused before a byte is read."""
        declared = _declared_length(Headers(scope=self.scope))
        if self.scope["method"] in ("GET", "HEAD") and not declared:
            return 0  # a read carries no body (a file response reads only to hear a disconnect)
        endpoint = getattr(self.scope.get("route"), "endpoint", None)
        if not getattr(endpoint, SIGN_IN_MARK, False):
            await self._require_signed_in()
        upload = getattr(endpoint, _UPLOAD_MARK, False)
        limit = self.settings.max_upload_bytes + UPLOAD_OVERHEAD if upload else self.settings.max_json_bytes
        if declared is not None and declared > limit:
            raise _too_large(limit, f"a request body of {declared} bytes")
        return limit

    async def _require_signed_in(self) -> None:
        """Only a signed-in principal may send a body (the sign-in form aside)."""
        principal = (self.scope.get("state") or {}).get("principal")
        if principal is not None:  # authenticated already: the endpoint reads its body itself
            if principal.is_public:
                raise _refusal(Unauthorized("sign in or send an API token"))
            return
        request = Request(self.scope)
        if request.cookies.get(sessions.COOKIE) is not None:
            return  # a session's CSRF token may be in the form itself; the body is capped meanwhile
        if "authorization" not in request.headers:
            raise _refusal(Unauthorized("sign in or send an API token"))
        # FastAPI reads a JSON body before authenticating: check the token first (the app's token cache
        # answers the second check, the one every request makes).
        from api.deps import authenticate_connection

        try:
            await authenticate_connection(request, self.settings)
        except SuaraError as exc:
            raise _refusal(exc) from None


def _refusal(exc: SuaraError) -> BodyRefused:
    return BodyRefused(exc.status, exc.title, exc.detail, exc.headers)


class BodyLimits:
    """ASGI middleware: every HTTP request's body goes through a `_Gate`."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        gate = _Gate(scope, receive, self.settings)
        await self.app(scope, gate.receive, send)


async def _refused(request: Request, exc: Exception) -> Any:
    assert isinstance(exc, BodyRefused)
    return problem(exc.status_code, exc.title, exc.detail, request.url.path, headers=exc.headers)


def install(app: Any, settings: Settings) -> None:
    """Add the middleware and the handler that answers its refusals as problem details."""
    app.add_middleware(BodyLimits, settings=settings)
    app.add_exception_handler(BodyRefused, _refused)
