"""Machine tokens `suara_<prefix>_<secret>`: issued once, stored as a keyed hash, scoped and revocable.

The prefix is public (shown in lists, used to find the row); the secret is compared as an
HMAC-SHA256 under a key derived from the one secret, in constant time, so a copy of the database
cannot be replayed as tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.keys import derive_key
from api.auth.models import ApiToken, User
from api.auth.principal import SCOPES, Principal, Role
from api.config import Settings
from api.errors import Forbidden, InvalidInput, NotFound, Unauthorized

TOKEN_RE = re.compile(r"suara_([a-z0-9]{8})_([A-Za-z0-9_-]{43})")
PREFIX_RE = re.compile(r"[a-z0-9]{8}")
MAX_EXPIRES_DAYS = 3650
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at precision: one write a minute at most, not per request


def secret_hash(settings: Settings, secret: str) -> str:
    return hmac.new(derive_key(settings, "token-hash"), secret.encode(), hashlib.sha256).hexdigest()


def check_scopes(scopes: list[str] | None, *, user: User, issuer: Principal) -> list[str] | None:
    """Scopes must be known names; only a sysadmin's token may hold "admin"; a token-authenticated issuer
    may not mint a token broader than its own (no escalation by re-issuing)."""
    if scopes is None:
        wanted = None
    else:
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown:
            raise InvalidInput(f"scopes: unknown scope(s) {', '.join(unknown)}; known: {', '.join(SCOPES)}")
        wanted = sorted(set(scopes))
    if wanted is not None and "admin" in wanted and user.role != Role.SYSADMIN:
        raise InvalidInput("scopes: only a sysadmin's token may have the admin scope")
    if issuer.scopes is not None and (wanted is None or not set(wanted) <= issuer.scopes):
        raise Forbidden("a token can only create tokens with a subset of its own scopes")
    return wanted


def issue(
    *,
    db_session: Session,
    settings: Settings,
    user: User,
    name: str,
    scopes: list[str] | None,
    expires_at: datetime | None,
    created_by: str,
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the full token, which is never shown again."""
    while True:  # 8 random base-36 characters: a clash is rare, and the unique index would catch it
        prefix = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8))
        if db_session.scalar(select(ApiToken.id).where(ApiToken.prefix == prefix)) is None:
            break
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=prefix,
        secret_hash=secret_hash(settings, secret),
        scopes=scopes,
        created_by=created_by,
        expires_at=expires_at,
    )
    db_session.add(token)
    db_session.flush()
    return token, f"suara_{prefix}_{secret}"


def find(*, db_session: Session, settings: Settings, raw: str, now: datetime) -> tuple[ApiToken, User]:
    """The live token and its enabled user for a presented token, else Unauthorized (one message for
    every reason, so that a prober learns nothing about which prefixes exist)."""
    refused = Unauthorized("invalid, expired or revoked token")
    match = TOKEN_RE.fullmatch(raw)
    if match is None:
        raise refused
    prefix, secret = match.groups()
    row = db_session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(ApiToken.prefix == prefix)
    ).first()
    presented = secret_hash(settings, secret)
    if row is None:
        hmac.compare_digest(presented, presented)  # same work as a found prefix
        raise refused
    token, user = row
    if not hmac.compare_digest(presented, token.secret_hash):
        raise refused
    if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
        raise refused
    if user.disabled:
        raise refused
    return token, user


def needs_touch(token: ApiToken, now: datetime) -> bool:
    return token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY


def by_prefix(*, db_session: Session, prefix: str) -> ApiToken:
    if PREFIX_RE.fullmatch(prefix) is None:
        raise InvalidInput("prefix: a token prefix is 8 lowercase letters or digits")
    token = db_session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))
    if token is None:
        raise NotFound(f"no token with prefix {prefix}")
    return token


def listed(*, db_session: Session, user_id: int | None) -> list[tuple[ApiToken, str]]:
    """Tokens (with their user's name), newest first; all users' when `user_id` is None."""
    query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    return [(t, u) for t, u in db_session.execute(query.order_by(ApiToken.id.desc()))]
