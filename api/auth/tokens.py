"""Machine tokens `suara_<prefix>_<secret>`: issued once, stored as a keyed hash, scoped and revocable.

The prefix is public (shown in lists, used to find the row); the secret is compared as an
HMAC-SHA256 under a key derived from the one secret, in constant time, so a copy of the database
cannot be replayed as tokens.

`TokenCache` remembers, for a few seconds, tokens the database has just confirmed, so that a busy
machine client does not pay a transaction per request to prove who it is (see its docstring for the
staleness bound).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import weakref
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from cachetools import TTLCache
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from api.auth.models import ApiToken, User
from api.config import Settings
from api.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from api.kernel import SCOPES, Principal, Role
from api.keys import derive_key

if TYPE_CHECKING:
    from api.auth.service import Authenticated

TOKEN_RE = re.compile(r"suara_([a-z0-9]{8})_([A-Za-z0-9_-]{43})")
PREFIX_RE = re.compile(r"[a-z0-9]{8}")
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


# --- recently confirmed tokens ------------------------------------------------------------------------


class TokenCache:
    """Tokens the database confirmed less than `ttl` seconds ago, with who they act for.

    Why: an SMS gateway posts hundreds of messages a second with one token; checking it in a read
    transaction of its own (and a thread-pool hand-off) cost about a fifth of each request.

    Staleness bound: an entry is trusted for `ttl` seconds after the database confirmed it, then checked
    again. In this process every committed change to a user or a token (revoke, disable, role, agency or
    password change, through the ORM) empties every cache once the change is committed, so it applies
    from the next request. A change made by another process (the `suara users` CLI, a second server)
    or around the ORM (raw SQL) applies within `ttl` seconds. An entry is keyed by a keyed hash of the
    whole presented credential, so a wrong secret never matches, and a token whose expiry passes is
    checked again at once. Web sessions (cookies) are not cached.
    """

    def __init__(self, settings: Settings, ttl: float, maxsize: int = 4096) -> None:
        self._settings = settings
        self._key: bytes | None = None  # derived on first use, so creating the app writes no secret file
        self._entries: TTLCache[str, Authenticated] = TTLCache(maxsize=maxsize, ttl=ttl)
        self._lock = threading.Lock()  # the event loop reads while thread-pool workers store
        self.generation = 0
        _CACHES.add(self)

    def _digest(self, authorization: str) -> str:
        if self._key is None:
            self._key = derive_key(self._settings, "token-cache")
        return hmac.new(self._key, authorization.encode(), hashlib.sha256).hexdigest()

    def get(self, authorization: str, now: datetime) -> Authenticated | None:
        """The cached authentication of this exact credential, unless absent, too old or expired."""
        key = self._digest(authorization)
        with self._lock:
            found = self._entries.get(key)
            if found is None or found.token is None:
                return None
            if found.token.expires_at is not None and found.token.expires_at <= now:
                del self._entries[key]
                return None
            return found

    def put(self, authorization: str, found: Authenticated, generation: int) -> None:
        """Remember a token authentication read while the cache was at `generation`; a change committed
        since (the generation moved on) may make what was read stale, so it is then not kept."""
        key = self._digest(authorization)
        with self._lock:
            if found.token is not None and generation == self.generation:
                self._entries[key] = found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.generation += 1


_CACHES: weakref.WeakSet[TokenCache] = weakref.WeakSet()
_CHANGED = "suara.credentials_changed"


def forget_all() -> None:
    """Empty every token cache of this process (after users or tokens changed)."""
    for cache in list(_CACHES):
        cache.clear()


# Columns whose change alters nobody's rights: a token's last use and sign-in bookkeeping (failures and
# locks stop sign-ins, not tokens), so that neither empties the caches.
_BOOKKEEPING = frozenset({"last_used_at", "last_login_at", "failed_logins", "last_failed_at", "locked_until"})


def _changes_rights(row: object) -> bool:
    changed = {a.key for a in inspect(row).attrs if a.history.has_changes()}
    return not changed <= _BOOKKEEPING


@event.listens_for(Session, "before_flush")
def _note_changed_rows(session: Session, _context: Any, _instances: Any) -> None:
    added_or_gone = (*session.new, *session.deleted)
    if any(isinstance(o, (User, ApiToken)) for o in added_or_gone) or any(
        isinstance(o, (User, ApiToken)) and _changes_rights(o) for o in session.dirty
    ):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(m.class_ in (User, ApiToken) for m in state.all_mappers):
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_after_commit(session: Session, transaction: SessionTransaction) -> None:
    """Once the outermost transaction has ended (the change is visible to others), not before: a request
    reading in between would otherwise cache the old state again."""
    if transaction.parent is None and session.info.pop(_CHANGED, False):
        forget_all()
