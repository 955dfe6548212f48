"""Plain helpers of the scoping tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from api.complaint.models import Complaint, Event
from api.recording.models import Recording

V1 = "/api/v1"


def word() -> str:
    """A word no other complaint contains, to find exactly one's own rows in shared lists. Letters only:
    a run of digits in it would be masked as a phone number when a text is redacted."""
    return "kata" + uuid.uuid4().hex[:10].translate(str.maketrans("0123456789", "ghijklmnop"))


def snapshot(db: Any, complaint_id: int) -> tuple[Any, ...]:
    """What an attack must not change: the complaint row's state and its whole event log."""
    db.rollback()  # a fresh snapshot of what the app committed
    complaint = db.get(Complaint, complaint_id)
    db.refresh(complaint)
    events = db.scalar(select(func.count(Event.id)).where(Event.complaint_id == complaint_id))
    return (
        complaint.status, complaint.agency_id, complaint.text, complaint.region_code, complaint.updated_at,
        complaint.duplicate_of_id, complaint.reporter_name, complaint.anonymous, events,
    )  # fmt: skip


def events_of(db: Any, complaint_id: int, action: str | None = None) -> list[Event]:
    db.rollback()
    stmt = select(Event).where(Event.complaint_id == complaint_id).order_by(Event.id)
    if action is not None:
        stmt = stmt.where(Event.action == action)
    return list(db.scalars(stmt))


def recordings_count(db: Any) -> int:
    db.rollback()
    return db.scalar(select(func.count(Recording.id))) or 0
