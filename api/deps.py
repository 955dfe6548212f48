"""Named FastAPI dependencies: settings, the database session, the acting principal and loaders that 404.

`get_principal` is also installed as an application-wide dependency (api/main.py), so that every route
— including routers and pages added later, and WebSocket handshakes — authenticates and checks CSRF
before anything else runs, and before the request's own database session is opened.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, Request, WebSocketException
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from api import csrf
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
            presented = await csrf.presented_token(connection)
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
