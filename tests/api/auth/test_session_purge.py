"""The hourly purge of web sessions: ended ones go, live ones and the auth event log stay."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from api import jobs
from api.audit.models import AuthEvent
from api.auth.models import WebSession
from api.database import utcnow

V1 = "/api/v1"
PASSWORD = "correct horse battery"


def _session_ids(db, user_id: int) -> list[int]:
    db.rollback()
    return list(
        db.scalars(select(WebSession.id).where(WebSession.user_id == user_id).order_by(WebSession.id))
    )


def test_ended_sessions_are_purged_and_live_ones_kept(settings, make_user, browser, sign_in, db):
    user = make_user("operator", password=PASSWORD)
    browsers = [browser() for _ in range(5)]
    for each in browsers:
        sign_in(each, user.username, PASSWORD)
    live, _signed_out, expired, idle, fresh_idle = _session_ids(db, user.id)
    assert (
        browsers[1].post(f"{V1}/auth/logout", headers={"X-CSRF-Token": _csrf(browsers[1])}).status_code < 300
    )
    db.rollback()  # a fresh snapshot: SQLite cannot turn a stale one into a write
    now = utcnow()
    idle_for = timedelta(minutes=settings.session_idle_minutes)
    db.execute(
        update(WebSession).where(WebSession.id == expired).values(expires_at=now - timedelta(seconds=1))
    )
    db.execute(update(WebSession).where(WebSession.id == idle).values(last_seen_at=now - idle_for))
    db.execute(
        update(WebSession)
        .where(WebSession.id == fresh_idle)
        .values(last_seen_at=now - idle_for + timedelta(minutes=5))
    )
    db.commit()
    events_before = db.scalar(select(func.count(AuthEvent.id)))

    assert jobs.purge_sessions() >= 3
    assert _session_ids(db, user.id) == [live, fresh_idle]
    assert db.scalar(select(func.count(AuthEvent.id))) == events_before  # the audit log is never purged
    assert browsers[0].get(f"{V1}/auth/me").json()["user"]["username"] == user.username
    assert browsers[2].get(f"{V1}/auth/me").status_code == 401


def test_the_purge_is_scheduled_hourly():
    due = jobs.hourly_purge_sessions.task_class().validate_datetime  # Huey asks this every minute
    runs = [m for m in range(60) if due(datetime(2026, 1, 1, 5, m))]
    assert runs == [23]


def _csrf(test_client) -> str:
    return test_client.get(f"{V1}/auth/me").json()["csrf_token"]
