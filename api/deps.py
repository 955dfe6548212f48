"""Named FastAPI dependencies: settings, the database session, the acting principal and loaders that 404.

`get_principal` is also installed as an application-wide dependency (api/main.py), so that every route
— including routers and pages added later, and WebSocket handshakes — authenticates and checks CSRF
before anything else runs, and before the request's own database session is opened.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, Request, WebSocketException
from fastapi.concurrency import run_in_threadpool
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection
from starlette.types import Message

from api.access import policy
from api.auth import service as auth_service
from api.auth import sessions, tokens
from api.auth.guards import require_role
from api.config import Settings
from api.database import end_session, open_session, session_scope, utcnow
from api.errors import Forbidden, Unauthorized
from api.kernel import PUBLIC, Principal, Role
from api.limits import SIGN_IN_MARK
from api.validation import DB_ID_MAX, IdPath  # noqa: F401 — re-exported: the views' one id type

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WS_POLICY_VIOLATION = 1008


async def get_settings_dep(connection: HTTPConnection) -> Settings:
    """Async, like every dependency here that does no I/O: FastAPI runs a plain `def` dependency in the
    thread pool, and each such hand-off costs more than the work itself."""
    return connection.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def get_db(request: Request, settings: SettingsDep) -> AsyncIterator[Session]:
    """One session per request, committed when the endpoint returns (before the response is sent).

    Async on purpose: opening a session does no I/O (it connects, and a writer takes SQLite's write
    lock, at its first statement, in the endpoint's thread), so only the commit needs a thread-pool
    hand-off (none when the endpoint committed already); it is shielded so that a client hanging up
    cannot leave the session open.
    """
    writes = request.method not in ("GET", "HEAD", "OPTIONS")
    session = open_session(settings.sqlalchemy_url, write=writes)
    ok = False
    try:
        yield session
        ok = True
    finally:
        if not session.in_transaction():  # committed by the endpoint, or never used: no I/O left
            end_session(session, ok=ok)
        else:
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(end_session, session, ok=ok)


SessionDep = Annotated[Session, Depends(get_db, scope="function")]


F = TypeVar("F", bound=Callable[..., object])


def sign_in_endpoint(endpoint: F) -> F:
    """Mark a route that signs in: it ignores any session cookie already sent (a stale one must not
    refuse the sign-in, and no CSRF token exists before it)."""
    setattr(endpoint, SIGN_IN_MARK, True)
    return endpoint


def _ignores_cookie(connection: HTTPConnection) -> bool:
    route = connection.scope.get("route")
    return bool(getattr(getattr(route, "endpoint", None), "__suara_sign_in__", False))


def _authenticate(
    settings: Settings, authorization: str | None, cookie: str | None, now: datetime
) -> auth_service.Authenticated:
    """Read the credential in a read-only session; refresh its last use, at most once a minute, in a
    short write session of its own (so a GET never upgrades a read snapshot to a write)."""
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        found = auth_service.authenticate(
            db_session=db_session, settings=settings, authorization=authorization, cookie=cookie, now=now
        )
    if auth_service.needs_touch(found, now):
        with session_scope(settings.sqlalchemy_url) as db_session:
            auth_service.touch(db_session=db_session, authenticated=found, now=now)
    return found


async def _presented_csrf(request: Request) -> str | None:
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


def client_ip(request: Request) -> str | None:
    """The client's address, as the auth events and the per-address sign-in limit record it."""
    return request.client.host if request.client else None


def _same_origin(connection: HTTPConnection) -> bool:
    """A WebSocket handshake carries the page's Origin; browsers send cookies with cross-site ones too."""
    origin, host = connection.headers.get("origin"), connection.headers.get("host")
    return origin is not None and host is not None and origin.split("://", 1)[-1] == host


def foreign_origin(connection: HTTPConnection) -> bool:
    """True when a browser says the request comes from another site's page (non-browser clients send
    no Origin). Used where no CSRF token can exist yet: the sign-in form (login CSRF)."""
    origin = connection.headers.get("origin")
    return origin is not None and (origin == "null" or not _same_origin(connection))


async def authenticate_connection(connection: HTTPConnection, settings: Settings) -> Principal:
    """The principal of an HTTP request or WebSocket handshake (raises Unauthorized / Forbidden).

    Bearer token first (exempt from CSRF: no ambient credential; answered from the app's TokenCache when
    the database confirmed it moments ago), else the `suara_session` cookie, whose unsafe requests must
    carry the session's CSRF token, else the public. An invalid cookie is refused
    on /api/ paths and WebSockets; on pages it is treated as not signed in, so the page can offer sign-in.
    """
    authorization = connection.headers.get("authorization")
    if (
        authorization is None
        and connection.scope["type"] == "websocket"
        and "token" in connection.query_params
    ):
        # Browsers and most vosk-server clients cannot set headers on a WebSocket handshake.
        authorization = f"Bearer {connection.query_params['token']}"
    cookie = None if _ignores_cookie(connection) else connection.cookies.get(sessions.COOKIE)
    connection.state.web_session = None
    if not authorization and cookie is None:
        return PUBLIC
    now = utcnow()
    cache: tokens.TokenCache | None = getattr(connection.app.state, "token_cache", None)
    found = cache.get(authorization, now) if cache is not None and authorization else None
    if found is None:
        generation = cache.generation if cache is not None else 0
        try:
            found = await run_in_threadpool(_authenticate, settings, authorization, cookie, now)
        except Unauthorized:
            is_page = connection.scope["type"] == "http" and not connection.url.path.startswith("/api/")
            if authorization or not is_page:
                raise
            return PUBLIC
        if cache is not None and authorization and found.token is not None:
            cache.put(authorization, found, generation)
    if found.web_session is not None:
        if connection.scope["type"] == "websocket":
            if not _same_origin(connection):
                raise Forbidden("a WebSocket signed in by cookie must come from this site's own pages")
        elif connection.scope["method"] in UNSAFE_METHODS:
            assert isinstance(connection, Request)
            presented = await _presented_csrf(connection)
            if not sessions.csrf_matches(found.web_session, presented):
                raise Forbidden(
                    f"missing or wrong CSRF token: send the session's token in the {sessions.CSRF_HEADER} "
                    f"header or the {sessions.CSRF_FIELD} form field"
                )
        connection.state.web_session = found.web_session
    return found.principal


async def get_principal(connection: HTTPConnection, settings: SettingsDep) -> Principal:
    """Who acts in this request (cached per request, so the app-wide run and views share one result)."""
    try:
        principal = await authenticate_connection(connection, settings)
    except (Unauthorized, Forbidden) as exc:
        if connection.scope["type"] == "websocket":
            raise WebSocketException(code=WS_POLICY_VIOLATION, reason=exc.detail) from exc
        raise
    connection.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def signed_in(principal: PrincipalDep) -> None:
    """Router-wide gate: no credentials → 401 before the body is even validated (the services decide
    everything else, and check this again). Async: no I/O, so no thread-pool hand-off."""
    policy.require_signed_in(principal)


# `APIRouter(dependencies=[SignedIn])`: every route of the router needs a signed-in principal.
SignedIn = Depends(signed_in)


def role_required(*roles: Role, scope: str | None = None) -> Callable[[Principal], Principal]:
    """A dependency admitting only `roles` (and, for a token, `scope`): 401 for the public, else 403.

    Use: `Depends(role_required(Role.SYSADMIN, scope="admin"))`.
    """

    async def dependency(principal: PrincipalDep) -> Principal:
        return require_role(principal, *roles, scope=scope)

    return dependency


AdminDep = Annotated[Principal, Depends(role_required(Role.SYSADMIN, scope="admin"))]
