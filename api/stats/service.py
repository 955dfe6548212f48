"""The four indicators leaders judge complaint handling by: fast, easy, cheap and complete."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from enum import StrEnum
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.complaint.models import Complaint, Event, Status
from api.complaint.schemas import ComplaintFilter
from api.complaint.service import filtered
from api.recording.models import Job


class GroupBy(StrEnum):
    NONE = "none"
    AGENCY = "agency"
    TOPIC = "topic"
    REGION = "region"  # province
    PERIOD = "period"  # calendar month, UTC


def _hours(start: datetime | None, end: datetime | None) -> float | None:
    return (end - start).total_seconds() / 3600 if start and end and end >= start else None


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _spread(values: list[float | None]) -> dict[str, float | int | None]:
    present = [v for v in values if v is not None]
    if not present:
        return {"count": 0, "median_hours": None, "p90_hours": None}
    return {
        "count": len(present),
        "median_hours": round(median(present), 2),
        "p90_hours": round(_p90(present), 2),
    }


def _key(row: Any, group_by: GroupBy) -> str:
    if group_by == GroupBy.AGENCY:
        return str(row.agency_id) if row.agency_id else "unassigned"
    if group_by == GroupBy.TOPIC:
        return row.topic or "unclassified"
    if group_by == GroupBy.REGION:
        return (row.region_code or "")[:2] or "unknown"
    if group_by == GroupBy.PERIOD:
        return f"{row.created_at:%Y-%m}"
    return "all"


def _minutes_by_complaint(
    db_session: Session, flt: ComplaintFilter
) -> tuple[dict[int, float], dict[int, float]]:
    dialect = db_session.get_bind().dialect.name
    ids = filtered(select(Complaint.id), flt, dialect=dialect).subquery()
    operator = dict(
        db_session.execute(
            select(Event.complaint_id, func.sum(Event.minutes))
            .where(Event.complaint_id.in_(select(ids.c.id)), Event.minutes.is_not(None))
            .group_by(Event.complaint_id)
        ).all()
    )
    recs = filtered(select(Complaint.recording_id, func.count()), flt, dialect=dialect)
    recs = recs.group_by(Complaint.recording_id)
    per_recording = {r: n for r, n in db_session.execute(recs).all() if r is not None}
    jobs = db_session.execute(
        select(Job.recording_id, Job.started_at, Job.finished_at).where(
            Job.recording_id.in_(list(per_recording)), Job.finished_at.is_not(None)
        )
    ).all()
    processing: dict[int, float] = defaultdict(float)
    for recording_id, started, finished in jobs:
        if started and finished:
            processing[recording_id] += (
                (finished - started).total_seconds() / 60 / per_recording[recording_id]
            )
    return operator, processing


def indicators(*, db_session: Session, flt: ComplaintFilter, group_by: GroupBy = GroupBy.NONE) -> list[dict]:
    """Per group: time to verification, first response and closure; intake by channel; minutes; closure."""
    columns = (
        Complaint.id, Complaint.status, Complaint.channel, Complaint.agency_id, Complaint.topic,
        Complaint.region_code, Complaint.recording_id, Complaint.created_at, Complaint.verified_at,
        Complaint.dispatched_at, Complaint.responded_at, Complaint.closed_at, Complaint.ever_overdue,
    )  # fmt: skip
    dialect = db_session.get_bind().dialect.name
    rows = db_session.execute(filtered(select(*columns), flt, dialect=dialect)).all()
    operator, processing = _minutes_by_complaint(db_session, flt)
    groups: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        groups[_key(row, group_by)].append(row)
    return [_group(key, members, operator, processing) for key, members in sorted(groups.items())]


def _group(key: str, rows: list[Any], operator: dict[int, float], processing: dict[int, float]) -> dict:
    counted = [r for r in rows if r.status != Status.DUPLICATE]
    closed = [r for r in counted if r.status == Status.CLOSED]
    channels: dict[str, int] = defaultdict(int)
    for r in rows:
        channels[r.channel] += 1
    n = len(counted) or 1
    return {
        "group": key,
        "complaints": len(rows),
        "fast": {
            "to_verification": _spread([_hours(r.created_at, r.verified_at) for r in counted]),
            "to_first_response": _spread([_hours(r.dispatched_at, r.responded_at) for r in counted]),
            "to_closure": _spread([_hours(r.created_at, r.closed_at) for r in counted]),
        },
        "easy": {"by_channel": dict(sorted(channels.items()))},
        "cheap": {
            "processing_minutes_per_complaint": round(
                sum(processing.get(r.recording_id, 0.0) for r in counted if r.recording_id) / n, 3
            ),
            "operator_minutes_per_complaint": round(sum(operator.get(r.id, 0.0) for r in counted) / n, 3),
        },
        "complete": {
            "closure_rate": round(len(closed) / n, 4) if counted else None,
            "closed_within_sla": round(sum(not r.ever_overdue for r in closed) / len(closed), 4)
            if closed
            else None,
        },
    }
