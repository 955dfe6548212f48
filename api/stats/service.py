"""The four indicators leaders judge complaint handling by: fast, easy, cheap and complete.

`indicators` serves officials over the complaints they may reach; `public_indicators` serves everyone
over published, non-confidential reports, with every cell under the configured size withheld.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from enum import StrEnum
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.complaint.models import Complaint, Event, Status
from api.complaint.schemas import ComplaintFilter
from api.complaint.service import filtered
from api.errors import InvalidInput
from api.kernel import Principal
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
    db_session: Session, principal: Principal, flt: ComplaintFilter
) -> tuple[dict[int, float], dict[int, float]]:
    ids = filtered(select(Complaint.id), flt, db_session=db_session, principal=principal).subquery()
    operator = dict(
        db_session.execute(
            select(Event.complaint_id, func.sum(Event.minutes))
            .where(Event.complaint_id.in_(select(ids.c.id)), Event.minutes.is_not(None))
            .group_by(Event.complaint_id)
        ).all()
    )
    recs = filtered(
        select(Complaint.recording_id, func.count()), flt, db_session=db_session, principal=principal
    )
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


_COLUMNS = (
    Complaint.id, Complaint.status, Complaint.channel, Complaint.agency_id, Complaint.topic,
    Complaint.region_code, Complaint.recording_id, Complaint.created_at, Complaint.verified_at,
    Complaint.dispatched_at, Complaint.responded_at, Complaint.closed_at, Complaint.ever_overdue,
)  # fmt: skip


def indicators(
    *, db_session: Session, principal: Principal, flt: ComplaintFilter, group_by: GroupBy = GroupBy.NONE
) -> list[dict]:
    """Per group: time to verification, first response and closure; intake by channel; minutes; closure.

    Over the complaints the principal may reach (a regency's leader sees the regency).
    """
    policy.require(principal, Action.STATS)
    stmt = filtered(select(*_COLUMNS), flt, db_session=db_session, principal=principal)
    rows = db_session.execute(stmt).all()
    operator, processing = _minutes_by_complaint(db_session, principal, flt)
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


PUBLIC_GROUPS = (GroupBy.NONE, GroupBy.TOPIC, GroupBy.REGION, GroupBy.PERIOD)


def withheld(counts: dict[str, int], min_cell: int) -> set[str]:
    """Cells to withhold from a one-way table: every count under `min_cell`, then the smallest others
    until the withheld cells add up to at least `min_cell`.

    The second step matters because the table's total is public too (group_by=none): with a single
    small cell withheld, total minus the shown cells would give it back.
    """
    hidden = {key for key, n in counts.items() if n < min_cell}
    hidden_total = sum(counts[key] for key in hidden)
    shown = sorted((n, key) for key, n in counts.items() if key not in hidden)
    while hidden and hidden_total < min_cell and shown:
        n, key = shown.pop(0)
        hidden.add(key)
        hidden_total += n
    return hidden


_NO_SPREAD = {"count": None, "median_hours": None, "p90_hours": None}


def _public_cell(key: str, rows: list[Any], min_cell: int) -> dict[str, Any]:
    """An official cell cut down for the public: no minutes, and no figure resting on few reports."""
    cell = _group(key, rows, {}, {})
    fast = {
        name: spread if (spread["count"] or 0) >= min_cell else _NO_SPREAD
        for name, spread in cell["fast"].items()
    }
    channels = cell["easy"]["by_channel"]
    hidden = withheld(channels, min_cell)
    complete = dict(cell["complete"])
    if sum(r.status == Status.CLOSED for r in rows) < min_cell:
        complete["closed_within_sla"] = None
    return {
        "group": cell["group"],
        "complaints": cell["complaints"],
        "fast": fast,
        "easy": {"by_channel": {k: v for k, v in channels.items() if k not in hidden}},
        "complete": complete,
    }


def public_indicators(*, db_session: Session, group_by: GroupBy, min_cell: int) -> dict[str, Any]:
    """The indicators over published, non-confidential reports, for anyone, with small cells withheld.

    No filters besides the grouping: each filter would be another table whose differences with the
    others could give a withheld cell back.
    """
    if group_by not in PUBLIC_GROUPS:
        raise InvalidInput(f"public statistics group by {', '.join(g.value for g in PUBLIC_GROUPS)}")
    stmt = select(*_COLUMNS).where(policy.public_complaints(), Complaint.status != Status.DUPLICATE)
    groups: dict[str, list[Any]] = defaultdict(list)
    for row in db_session.execute(stmt).all():
        groups[_key(row, group_by)].append(row)
    hidden = withheld({key: len(rows) for key, rows in groups.items()}, min_cell)
    cells = [_public_cell(key, rows, min_cell) for key, rows in sorted(groups.items()) if key not in hidden]
    return {"group_by": group_by.value, "min_cell": min_cell, "groups": cells, "withheld_groups": len(hidden)}
