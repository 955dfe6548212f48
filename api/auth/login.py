"""Signing in with a password, slowed down and locked against guessing.

Per username: after `login_free_failures` consecutive failures each further attempt waits a doubling
delay (1 s, 2 s, 4 s …); at `login_lock_failures` the account locks for `login_lock_minutes`. Per
address: more than `login_ip_failures` failures within `login_ip_window_minutes` refuse that address.
Unknown usernames are slowed exactly like known ones (counted from the auth events, where they appear
only as a keyed hash), answer the same message and cost the same Argon2 verification, so that nobody
learns which usernames exist.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.audit.models import AuthEvent
from api.audit.service import record
from api.auth import passwords, sessions
from api.auth.models import User, WebSession
from api.config import Settings
from api.database import session_scope
from api.errors import RateLimited, SuaraError, Unauthorized
from api.keys import derive_key

WRONG = "wrong username or password"
MAX_DELAY_SECONDS = 15 * 60


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt: a new session and its cookie value, or the refusal to raise.

    Returned rather than raised so that the caller commits the failure count and the auth event before
    answering (a raised error would roll them back).
    """

    user: User | None = None
    web_session: WebSession | None = None
    cookie: str | None = None
    refusal: SuaraError | None = None


def _delay(settings: Settings, failures: int) -> timedelta:
    if failures < settings.login_free_failures:
        return timedelta(0)
    if failures >= settings.login_lock_failures:
        return timedelta(minutes=settings.login_lock_minutes)
    return timedelta(seconds=min(MAX_DELAY_SECONDS, 2 ** (failures - settings.login_free_failures)))


def _wait(until: datetime | None, now: datetime) -> RateLimited | None:
    if until is None or until <= now:
        return None
    seconds = max(1, math.ceil((until - now).total_seconds()))
    return RateLimited(f"too many failed sign-ins; try again in {seconds} s", retry_after=seconds)


def _ip_refusal(db_session: Session, settings: Settings, ip: str | None, now: datetime) -> RateLimited | None:
    if not ip:
        return None
    since = now - timedelta(minutes=settings.login_ip_window_minutes)
    count, oldest = db_session.execute(
        select(func.count(AuthEvent.id), func.min(AuthEvent.at)).where(
            AuthEvent.ip == ip[:64], AuthEvent.action == "login_failed", AuthEvent.at > since
        )
    ).one()
    if count < settings.login_ip_failures or oldest is None:
        return None
    return _wait(oldest + timedelta(minutes=settings.login_ip_window_minutes), now)


def unknown_subject(settings: Settings, username: str) -> str:
    """How an unknown username is logged: a keyed hash, since people type passwords into that field."""
    digest = hmac.new(derive_key(settings, "login-subject"), username.encode(), hashlib.sha256).hexdigest()
    return f"unknown:{digest[:24]}"


def _unknown_user_refusal(
    db_session: Session, settings: Settings, subject: str, now: datetime
) -> RateLimited | None:
    """The wait a known user with the same recent failures would get."""
    since = now - timedelta(minutes=settings.login_lock_minutes)
    count, last = db_session.execute(
        select(func.count(AuthEvent.id), func.max(AuthEvent.at)).where(
            AuthEvent.subject == subject, AuthEvent.action == "login_failed", AuthEvent.at > since
        )
    ).one()
    if not count or last is None:
        return None
    return _wait(last + _delay(settings, count), now)


def _known_user_refusal(settings: Settings, user: User, now: datetime) -> RateLimited | None:
    if user.locked_until is not None:
        if user.locked_until > now:
            return _wait(user.locked_until, now)
        user.failed_logins, user.locked_until = 0, None  # the lock has run out: start afresh
    if user.last_failed_at is None:
        return None
    return _wait(user.last_failed_at + _delay(settings, user.failed_logins), now)


def _fail(db_session: Session, settings: Settings, user: User, *, ip: str | None, now: datetime, note: str):
    user.failed_logins += 1
    user.last_failed_at = now
    record(
        db_session, actor="anonymous", action="login_failed", subject=user.username, ip=ip, note=note, now=now
    )
    if user.failed_logins >= settings.login_lock_failures:
        user.locked_until = now + timedelta(minutes=settings.login_lock_minutes)
        record(
            db_session, actor="system", action="locked", subject=user.username, ip=ip, now=now,
            note=f"{user.failed_logins} failed sign-ins; locked for {settings.login_lock_minutes} min",
        )  # fmt: skip
    return SignIn(refusal=Unauthorized(WRONG))


@dataclass(frozen=True)
class Attempt:
    """What the read-only first step found: whom to check, against which hash, or why not at all."""

    username: str
    subject: str  # the username, or the keyed hash of an unknown one
    known: bool
    stored_hash: str | None = None
    refusal: RateLimited | None = None


@dataclass(frozen=True)
class Verdict:
    matches: bool
    new_hash: str | None = None  # set when the stored hash was made with other parameters than today's


def check(
    *, db_session: Session, settings: Settings, username: str, ip: str | None, now: datetime
) -> Attempt:
    """First step, read-only: is this address or username slowed down, and which hash to verify."""
    username = username.strip().lower()
    refusal = _ip_refusal(db_session, settings, ip, now)
    user = db_session.scalar(select(User).where(User.username == username))
    if user is None:
        subject = unknown_subject(settings, username)
        refusal = refusal or _unknown_user_refusal(db_session, settings, subject, now)
        return Attempt(username, subject, known=False, refusal=refusal)
    refusal = refusal or _known_user_refusal(settings, user, now)
    return Attempt(username, username, known=True, stored_hash=user.password_hash, refusal=refusal)


def verify(attempt: Attempt, password: str, *, settings: Settings) -> Verdict:
    """Second step, Argon2 only: run with no transaction open, so it never holds SQLite's write lock."""
    profile = settings.password_hash_profile
    if not passwords.verify(attempt.stored_hash, password, profile=profile):  # a dummy hash when none
        return Verdict(matches=False)
    assert attempt.stored_hash is not None
    if passwords.needs_rehash(attempt.stored_hash, profile=profile):
        return Verdict(matches=True, new_hash=passwords.hash_password(password, profile=profile))
    return Verdict(matches=True)


def conclude(
    *,
    db_session: Session,
    settings: Settings,
    attempt: Attempt,
    verdict: Verdict,
    ip: str | None,
    user_agent: str | None,
    now: datetime,
) -> SignIn:
    """Third step, writing: count the failure (and lock), or open the session. The user's row is locked
    and the slowing re-checked, since other attempts may have failed since the first step."""
    if not attempt.known:
        record(db_session, actor="anonymous", action="login_failed", subject=attempt.subject, ip=ip,
               note="unknown user", now=now)  # fmt: skip
        return SignIn(refusal=Unauthorized(WRONG))
    user = db_session.scalar(select(User).where(User.username == attempt.username).with_for_update())
    if user is None or user.password_hash != attempt.stored_hash:
        return SignIn(refusal=Unauthorized(WRONG))  # the password changed meanwhile: the check is stale
    refusal = _known_user_refusal(settings, user, now)
    if refusal is not None:
        return SignIn(refusal=refusal)
    if not verdict.matches:
        note = "no password (token-only account)" if user.password_hash is None else "wrong password"
        return _fail(db_session, settings, user, ip=ip, now=now, note=note)
    if user.disabled:
        return _fail(db_session, settings, user, ip=ip, now=now, note="account disabled")
    if verdict.new_hash is not None:
        user.password_hash = verdict.new_hash
    user.failed_logins, user.last_failed_at, user.last_login_at = 0, None, now
    web_session, cookie = sessions.open_session(
        db_session=db_session, settings=settings, user=user, ip=ip, user_agent=user_agent, now=now
    )
    record(db_session, actor=user.username, action="login_ok", subject=user.username, ip=ip, now=now)
    return SignIn(user=user, web_session=web_session, cookie=cookie)


def sign_in(
    *, settings: Settings, username: str, password: str, ip: str | None, user_agent: str | None, now: datetime
) -> SignIn:
    """A whole sign-in attempt (for the API and the pages). It opens its own sessions, like a job: a
    read-only one, none during Argon2, then a short write that commits the failure count and the auth
    event even when the answer is a refusal."""
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        attempt = check(db_session=db_session, settings=settings, username=username, ip=ip, now=now)
    if attempt.refusal is not None:
        return SignIn(refusal=attempt.refusal)
    verdict = verify(attempt, password, settings=settings)
    with session_scope(settings.sqlalchemy_url) as db_session:
        return conclude(
            db_session=db_session, settings=settings, attempt=attempt, verdict=verdict, ip=ip,
            user_agent=user_agent, now=now,
        )  # fmt: skip


def sign_out(*, db_session: Session, web_session: WebSession, username: str, ip: str | None, now: datetime):
    row = db_session.get(WebSession, web_session.id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
    record(db_session, actor=username, action="logout", subject=username, ip=ip, now=now)
