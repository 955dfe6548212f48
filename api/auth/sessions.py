"""Server-side web sessions: the browser holds 32 random bytes, the database only their keyed hash.

A session ends when signed out, after `session_idle_minutes` without use, `session_max_hours` after
sign-in whatever the activity, or when its user changes password or is disabled.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session
from starlette.responses import Response

from api.auth.models import User, WebSession
from api.config import Settings
from api.errors import Unauthorized
from api.keys import derive_key

COOKIE = "suara_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
TOUCH_EVERY = timedelta(minutes=1)  # idle-timeout precision; avoids a write per request
MAX_COOKIE_CHARS = 100


def set_cookie(response: Response, settings: Settings, value: str, *, https: bool) -> None:
    """Hand the browser its session: HTTP-only, same-site lax, secure over HTTPS or when configured."""
    response.set_cookie(
        COOKIE,
        value,
        max_age=settings.session_max_hours * 3600,
        path="/",
        secure=settings.cookie_secure or https,
        httponly=True,
        samesite="lax",
    )


def clear_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")


def id_hash(settings: Settings, session_id: str) -> str:
    return hmac.new(derive_key(settings, "session-hash"), session_id.encode(), hashlib.sha256).hexdigest()


def open_session(
    *,
    db_session: Session,
    settings: Settings,
    user: User,
    ip: str | None,
    user_agent: str | None,
    now: datetime,
) -> tuple[WebSession, str]:
    """Start a session for `user`; returns the row and the cookie value (never stored)."""
    session_id = secrets.token_urlsafe(32)
    row = WebSession(
        id_hash=id_hash(settings, session_id),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=settings.session_max_hours),
        ip=ip[:64] if ip else None,
        user_agent=user_agent[:255] if user_agent else None,
    )
    db_session.add(row)
    db_session.flush()
    return row, session_id


def find(*, db_session: Session, settings: Settings, cookie: str, now: datetime) -> tuple[WebSession, User]:
    """The live session and its enabled user for a cookie value, else Unauthorized."""
    refused = Unauthorized("not signed in, or the session has ended; sign in again")
    if not cookie or len(cookie) > MAX_COOKIE_CHARS:
        raise refused
    row = db_session.execute(
        select(WebSession, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.id_hash == id_hash(settings, cookie))
    ).first()
    if row is None:
        raise refused
    web_session, user = row
    idle = timedelta(minutes=settings.session_idle_minutes)
    if web_session.revoked_at is not None or web_session.expires_at <= now or user.disabled:
        raise refused
    if web_session.last_seen_at + idle <= now:
        raise refused
    return web_session, user


def needs_touch(web_session: WebSession, now: datetime) -> bool:
    return now - web_session.last_seen_at >= TOUCH_EVERY


def revoke_for_user(*, db_session: Session, user_id: int, now: datetime, keep_id: int | None = None) -> int:
    """End every live session of a user except `keep_id`; returns how many ended."""
    query = update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
    if keep_id is not None:
        query = query.where(WebSession.id != keep_id)
    result = db_session.execute(query.values(revoked_at=now))
    return int(getattr(result, "rowcount", 0) or 0)


def csrf_matches(web_session: WebSession, presented: str | None) -> bool:
    """Constant-time comparison of the presented CSRF token with the session's."""
    return presented is not None and hmac.compare_digest(presented.encode(), web_session.csrf_token.encode())


def purge_ended(*, db_session: Session, settings: Settings, now: datetime) -> int:
    """Delete the rows of sessions that can never be used again: signed out or revoked, past their
    absolute end, or idle too long. Returns how many went.

    Why: one row per sign-in would otherwise pile up forever. Sign-ins and sign-outs stay in the
    auth_events log, which is never purged.
    """
    idle = timedelta(minutes=settings.session_idle_minutes)
    ended = or_(
        WebSession.revoked_at.is_not(None),
        WebSession.expires_at <= now,
        WebSession.last_seen_at <= now - idle,
    )
    result = db_session.execute(delete(WebSession).where(ended))
    return int(getattr(result, "rowcount", 0) or 0)
