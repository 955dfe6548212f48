"""Writing and reading the audit log; rows are only ever inserted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.audit.models import AuthEvent


def record(
    db_session: Session,
    *,
    actor: str,
    action: str,
    subject: str | None = None,
    ip: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> AuthEvent:
    """Append one auth event (sign-ins, account and token changes); rows are never changed afterwards."""
    entry = AuthEvent(actor=actor[:120], action=action, subject=subject[:120] if subject else None, note=note)
    entry.ip = ip[:64] if ip else None
    if now is not None:
        entry.at = now
    db_session.add(entry)
    return entry


def events(*, db_session: Session, subject: str | None = None, limit: int = 200) -> list[AuthEvent]:
    query = select(AuthEvent).order_by(AuthEvent.id.desc()).limit(limit)
    if subject is not None:
        query = query.where(AuthEvent.subject == subject)
    return list(db_session.scalars(query))


def search(
    *,
    db_session: Session,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[AuthEvent]:
    """Events newest first (by their time, which the index on `at` serves), narrowed by actor, action and a
    [since, until) time range; one page of them."""
    query = select(AuthEvent).order_by(AuthEvent.at.desc(), AuthEvent.id.desc())
    if actor:
        query = query.where(AuthEvent.actor == actor)
    if action:
        query = query.where(AuthEvent.action == action)
    if since is not None:
        query = query.where(AuthEvent.at >= since)
    if until is not None:
        query = query.where(AuthEvent.at < until)
    return list(db_session.scalars(query.offset(offset).limit(limit)))
