"""Accounts and authentication: users (their changes logged in api/audit/), sign-in with brute-force
slowing, and turning a request's credential into a `Principal`.

Plain keyword-only functions with the session passed in, usable from views, pages, jobs and the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.agency.models import Agency
from api.audit.service import record
from api.auth import passwords, sessions, tokens
from api.auth.models import AGENCY_ROLES, ApiToken, User, WebSession
from api.config import Settings
from api.errors import Conflict, InvalidInput, NotFound, Unauthorized
from api.kernel import PUBLIC, Principal, Role, Via

USERNAME_RE = re.compile(r"[a-z0-9._-]{3,64}")
BEARER_RE = re.compile(r"Bearer +(\S+)", re.IGNORECASE)


# --- users --------------------------------------------------------------------------------------------


def principal_for(user: User, *, via: Via, scopes: frozenset[str] | None = None) -> Principal:
    return Principal(
        username=user.username,
        role=Role(user.role),
        user_id=user.id,
        agency_id=user.agency_id,
        scopes=scopes,
        via=via,
    )


def get_user(*, db_session: Session, user_id: int) -> User:
    user = db_session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    return user


def by_username(*, db_session: Session, username: str) -> User:
    user = db_session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return user


def list_users(
    *,
    db_session: Session,
    role: Role | None = None,
    agency_id: int | None = None,
    disabled: bool | None = None,
    locked_at: datetime | None = None,
) -> list[User]:
    """Accounts by username; each filter given narrows the list (`locked_at`: locked at that moment)."""
    query = select(User).order_by(User.username)
    if role is not None:
        query = query.where(User.role == role)
    if agency_id is not None:
        query = query.where(User.agency_id == agency_id)
    if disabled is not None:
        query = query.where(User.disabled.is_(disabled))
    if locked_at is not None:
        query = query.where(User.locked_until > locked_at)
    return list(db_session.scalars(query))


def agency_code(*, db_session: Session, agency_id: int | None) -> str | None:
    return None if agency_id is None else db_session.scalar(select(Agency.code).where(Agency.id == agency_id))


def _agency_id(db_session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    agency_id = db_session.scalar(select(Agency.id).where(Agency.code == code))
    if agency_id is None:
        raise InvalidInput(f"agency_code: no agency with code {code!r}")
    return agency_id


def _check_agency_rule(role: Role, agency_id: int | None) -> None:
    if role in AGENCY_ROLES and agency_id is None:
        raise InvalidInput(f"agency_code: a {role.value} acts for an agency; give its code")


def create_user(
    *,
    db_session: Session,
    settings: Settings,
    username: str,
    role: Role | str,
    actor: str,
    agency_code: str | None = None,
    display_name: str | None = None,
    password: str | None = None,
    ip: str | None = None,
) -> User:
    """Create an account. Without a password it can only act through tokens (machines)."""
    username = username.strip()
    if USERNAME_RE.fullmatch(username) is None:
        raise InvalidInput("username: 3 to 64 lowercase letters, digits, '.', '_' or '-'")
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"role: one of {', '.join(r.value for r in Role)}") from None
    agency_id = _agency_id(db_session, agency_code)
    _check_agency_rule(role, agency_id)
    if db_session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"a user named {username!r} already exists")
    user = User(username=username, display_name=(display_name or username).strip()[:200], role=role)
    user.agency_id = agency_id
    if password is not None:
        passwords.check_new(password, username=username)
        user.password_hash = passwords.hash_password(password, profile=settings.password_hash_profile)
        user.password_changed_at = _now()
    db_session.add(user)
    db_session.flush()
    record(db_session, actor=actor, action="user_created", subject=username, ip=ip, note=f"role {role.value}")
    return user


def update_user(
    *,
    db_session: Session,
    settings: Settings,
    user: User,
    actor: str,
    changes: Mapping[str, Any],
    ip: str | None = None,
) -> User:
    """Apply an administrator's changes: display_name, role, agency_code, disabled, unlock, password.

    Keys left out change nothing; `agency_code: None` clears the agency. Every change is an auth event;
    disabling or a new password ends the user's sessions. An invalid change raises before the caller
    commits, so nothing of the edit is kept.
    """
    now = _now()
    role = Role(changes.get("role") or user.role)
    agency_id = user.agency_id
    if "agency_code" in changes:
        agency_id = _agency_id(db_session, changes["agency_code"])
    _check_agency_rule(role, agency_id)
    if (role != Role.SYSADMIN or changes.get("disabled") is True) and user.role == Role.SYSADMIN:
        _keep_one_sysadmin(db_session, user)
    name = changes.get("display_name")
    if name is not None and name.strip()[:200] != user.display_name:
        note = f"display name {user.display_name!r} → {name.strip()[:200]!r}"
        user.display_name = name.strip()[:200]
        record(db_session, actor=actor, action="user_renamed", subject=user.username, ip=ip, note=note)
    if role != user.role or agency_id != user.agency_id:
        note = f"role {user.role} → {role.value}, agency {user.agency_id} → {agency_id}"
        user.role, user.agency_id = role, agency_id
        record(db_session, actor=actor, action="role_changed", subject=user.username, ip=ip, note=note)
    disabled = changes.get("disabled")
    if disabled is not None and bool(disabled) != user.disabled:
        user.disabled = bool(disabled)
        if user.disabled:
            sessions.revoke_for_user(db_session=db_session, user_id=user.id, now=now)
        action = "user_disabled" if user.disabled else "user_enabled"
        record(db_session, actor=actor, action=action, subject=user.username, ip=ip)
    if changes.get("unlock"):
        user.failed_logins, user.locked_until, user.last_failed_at = 0, None, None
        record(db_session, actor=actor, action="user_unlocked", subject=user.username, ip=ip)
    if changes.get("password") is not None:
        set_password(db_session=db_session, settings=settings, user=user, password=changes["password"])
        sessions.revoke_for_user(db_session=db_session, user_id=user.id, now=now)
        record(db_session, actor=actor, action="password_reset", subject=user.username, ip=ip)
    db_session.flush()
    return user


def _keep_one_sysadmin(db_session: Session, user: User) -> None:
    """Refuse to demote or disable the last enabled sysadmin: nobody could administer accounts after."""
    others = db_session.scalar(
        select(func.count(User.id)).where(
            User.role == Role.SYSADMIN, User.disabled.is_(False), User.id != user.id
        )
    )
    if not others and not user.disabled:
        raise Conflict("this is the last enabled sysadmin; create another one first")


def set_password(*, db_session: Session, settings: Settings, user: User, password: str) -> None:
    passwords.check_new(password, username=user.username)
    user.password_hash = passwords.hash_password(password, profile=settings.password_hash_profile)
    user.password_changed_at = _now()
    user.failed_logins, user.locked_until, user.last_failed_at = 0, None, None


def change_password(
    *,
    db_session: Session,
    settings: Settings,
    user: User,
    current: str,
    new: str,
    keep_session_id: int | None,
    ip: str | None = None,
) -> int:
    """A user's own password change: the current password must match; every other session ends.

    Returns how many sessions ended.
    """
    if not passwords.verify(user.password_hash, current, profile=settings.password_hash_profile):
        raise Unauthorized("the current password is wrong")
    if current == new:
        raise InvalidInput("new_password: must differ from the current password")
    set_password(db_session=db_session, settings=settings, user=user, password=new)
    ended = sessions.revoke_for_user(
        db_session=db_session, user_id=user.id, now=_now(), keep_id=keep_session_id
    )
    record(
        db_session, actor=user.username, action="password_changed", subject=user.username, ip=ip,
        note=f"{ended} other session(s) ended",
    )  # fmt: skip
    return ended


def issue_token(
    *,
    db_session: Session,
    settings: Settings,
    owner: User,
    issuer: Principal,
    name: str,
    scopes: list[str] | None,
    expires_at: datetime | None,
    ip: str | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `owner` within the issuer's own scopes, logged; returns the row and the whole token
    (shown to its maker once, never stored)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("name: 1 to 100 characters")
    allowed = tokens.check_scopes(scopes, user=owner, issuer=issuer)
    token, secret = tokens.issue(
        db_session=db_session, settings=settings, user=owner, name=name, scopes=allowed,
        expires_at=expires_at, created_by=issuer.username,
    )  # fmt: skip
    record(
        db_session, actor=issuer.username, action="token_created", subject=owner.username, ip=ip,
        note=f"{token.prefix} {token.name!r} scopes={allowed}",
    )  # fmt: skip
    return token, secret


def revoke_token(*, db_session: Session, token: ApiToken, actor: str, ip: str | None) -> None:
    """Revoke once; revoking again changes nothing and is not an error (the outcome is the same)."""
    if token.revoked_at is None:
        token.revoked_at = _now()
        owner = get_user(db_session=db_session, user_id=token.user_id)
        record(
            db_session, actor=actor, action="token_revoked", subject=owner.username, ip=ip, note=token.prefix
        )


# --- authenticating a request -------------------------------------------------------------------------


@dataclass(frozen=True)
class Authenticated:
    """A request's principal and the credential row behind it (to refresh its last use, check CSRF)."""

    principal: Principal
    web_session: WebSession | None = None
    token: ApiToken | None = None


def authenticate(
    *, db_session: Session, settings: Settings, authorization: str | None, cookie: str | None, now: datetime
) -> Authenticated:
    """Bearer token first, else the session cookie, else the public.

    A credential that is present but wrong never falls back to public: Unauthorized.
    """
    if authorization:
        match = BEARER_RE.fullmatch(authorization.strip())
        if match is None:
            raise Unauthorized("Authorization must be 'Bearer suara_<prefix>_<secret>'")
        token, user = tokens.find(db_session=db_session, settings=settings, raw=match.group(1), now=now)
        scopes = None if token.scopes is None else frozenset(token.scopes)
        return Authenticated(principal_for(user, via="token", scopes=scopes), token=token)
    if cookie is not None:
        web_session, user = sessions.find(db_session=db_session, settings=settings, cookie=cookie, now=now)
        return Authenticated(principal_for(user, via="session"), web_session=web_session)
    return Authenticated(PUBLIC)


def touch(*, db_session: Session, authenticated: Authenticated, now: datetime) -> None:
    """Refresh last_used_at / last_seen_at, at most once a minute (callers check `needs_touch`)."""
    if authenticated.token is not None:
        row = db_session.get(ApiToken, authenticated.token.id)
        if row is not None:
            row.last_used_at = now
    if authenticated.web_session is not None:
        session_row = db_session.get(WebSession, authenticated.web_session.id)
        if session_row is not None:
            session_row.last_seen_at = now


def needs_touch(authenticated: Authenticated, now: datetime) -> bool:
    if authenticated.token is not None:
        return tokens.needs_touch(authenticated.token, now)
    return authenticated.web_session is not None and sessions.needs_touch(authenticated.web_session, now)


def _now() -> datetime:
    from api.database import utcnow

    return utcnow()
