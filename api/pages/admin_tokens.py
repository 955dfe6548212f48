"""Machine tokens: make one for an account with chosen scopes, list them, revoke one.

A token's secret is shown exactly once. The form's POST cannot show it (a reload would post again and
make a second token), and the server keeps no copy (only a keyed hash), so the POST hands the secret to
the page that follows in a short-lived cookie: encrypted under a key of its own, bound to this browser's
session, limited to /admin/tokens, and deleted by the very answer that shows it. A reload, another tab
or another administrator finds no cookie and is told the secret cannot be shown again.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from api.auth import service as auth_service
from api.auth import tokens
from api.config import Settings
from api.database import utcnow
from api.deps import SessionDep, SettingsDep, client_ip
from api.errors import InvalidInput, NotFound, SuaraError
from api.kernel import SCOPES
from api.keys import derive_key
from api.pages.admin_kit import AdminViewer, Field, redirect, refusal_message, zone
from api.pages.render import render
from api.pages.viewer import Viewer

router = APIRouter(include_in_schema=False)
REVEAL_COOKIE = "suara_new_token"
REVEAL_PATH = "/admin/tokens"
REVEAL_SECONDS = 120
ALL_SCOPES = "all"  # the form's choice for "no scope limit: everything the account's role allows"


def _fernet(settings: Settings) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derive_key(settings, "token-reveal")))


def _sealed(settings: Settings, session_id: int, secret: str) -> str:
    return _fernet(settings).encrypt(json.dumps({"session": session_id, "token": secret}).encode()).decode()


def _opened(settings: Settings, sealed: str | None, session_id: int | None, prefix: str) -> str | None:
    """The secret in the cookie, if it was sealed for this session and this token less than
    REVEAL_SECONDS ago; otherwise nothing."""
    if not sealed or session_id is None:
        return None
    try:
        content = json.loads(_fernet(settings).decrypt(sealed.encode(), ttl=REVEAL_SECONDS))
    except (InvalidToken, ValueError):
        return None
    secret = str(content.get("token", ""))
    if content.get("session") != session_id or not secret.startswith(f"suara_{prefix}_"):
        return None
    return secret


def _session_id(request: Request) -> int | None:
    web_session = getattr(request.state, "web_session", None)
    return web_session.id if web_session is not None else None


def _page(
    request: Request,
    viewer: Viewer,
    db_session: SessionDep,
    *,
    status_code: int = 200,
    error: str | None = None,
    values: dict | None = None,
    created: str = "",
    secret: str | None = None,
    done: str = "",
    user: str = "",
) -> Response:
    owner_id = None
    if user:
        try:
            owner_id = auth_service.by_username(db_session=db_session, username=user).id
        except NotFound as refusal:
            error = error or refusal_message(viewer, refusal)
            owner_id = -1  # nobody's tokens
    rows = tokens.listed(db_session=db_session, user_id=owner_id)
    values = values or {"username": viewer.principal.username, "name": "", "scopes": [], "expires_days": ""}
    notice = viewer.t("The token was revoked: it no longer opens anything.") if done == "revoked" else None
    return render(
        request,
        viewer,
        "admin/tokens.html",
        status_code=status_code,
        rows=rows,
        now=utcnow(),
        zone=zone(viewer),
        error=error,
        values=values,
        scopes=SCOPES,
        created=created,
        secret=secret,
        notice=notice,
        user=user,
        all_scopes=ALL_SCOPES,
    )


@router.get("/admin/tokens")
def token_list(
    request: Request,
    viewer: AdminViewer,
    db_session: SessionDep,
    settings: SettingsDep,
    created: str = "",
    done: str = "",
    user: str = "",
) -> Response:
    secret = None
    if created:
        if tokens.PREFIX_RE.fullmatch(created) is None:
            raise InvalidInput("created: a token prefix is 8 lowercase letters or digits")
        secret = _opened(settings, request.cookies.get(REVEAL_COOKIE), _session_id(request), created)
    response = _page(request, viewer, db_session, created=created, secret=secret, done=done, user=user)
    if request.cookies.get(REVEAL_COOKIE) is not None:
        response.delete_cookie(REVEAL_COOKIE, path=REVEAL_PATH)  # shown once: never again
    return response


def _expiry_days(raw: str) -> int | None:
    if not raw.strip():
        return None
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 3650:
        raise InvalidInput("expires_days: a whole number of days from 1 to 3650, or empty for never")
    return int(raw)


@router.post("/admin/tokens")
def create_token(
    request: Request,
    viewer: AdminViewer,
    db_session: SessionDep,
    settings: SettingsDep,
    username: Field = "",
    name: Field = "",
    expires_days: Field = "",
    scopes: list[str] = Form(default_factory=list),  # noqa: B008
) -> Response:
    values = {"username": username, "name": name, "scopes": scopes, "expires_days": expires_days}
    try:
        if not scopes:
            raise InvalidInput("Choose the scopes this token may use, or allow everything the role allows.")
        wanted = None if ALL_SCOPES in scopes else scopes
        days = _expiry_days(expires_days)
        owner = auth_service.by_username(
            db_session=db_session, username=username or viewer.principal.username
        )
        token, secret = auth_service.issue_token(
            db_session=db_session,
            settings=settings,
            owner=owner,
            issuer=viewer.principal,
            name=name,
            scopes=wanted,
            expires_at=utcnow() + timedelta(days=days) if days else None,
            ip=client_ip(request),
        )
    except SuaraError as refusal:
        message = refusal_message(viewer, refusal, db_session)
        return _page(request, viewer, db_session, status_code=refusal.status, error=message, values=values)
    session_id = _session_id(request)
    if session_id is None:  # signed in by a bearer token, not a browser session: no reload to fear
        return _page(request, viewer, db_session, status_code=201, created=token.prefix, secret=secret)
    response = redirect(REVEAL_PATH, created=token.prefix)
    response.set_cookie(
        REVEAL_COOKIE,
        _sealed(settings, session_id, secret),
        max_age=REVEAL_SECONDS,
        path=REVEAL_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/admin/tokens/{prefix}/revoke")
def revoke(prefix: str, request: Request, viewer: AdminViewer, db_session: SessionDep) -> Response:
    token = tokens.by_prefix(db_session=db_session, prefix=prefix)
    auth_service.revoke_token(
        db_session=db_session, token=token, actor=viewer.principal.username, ip=client_ip(request)
    )
    return redirect(REVEAL_PATH, done="revoked")
