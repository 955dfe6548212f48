"""The indicators' arithmetic done by the database: counts, medians and 90th percentiles per group.

Why: reading every complaint in reach into Python cost over a second per dashboard at 100,000
complaints. Here each figure is one grouped query; the percentiles use window functions
(`row_number` over each group ordered by the duration), which SQLite and PostgreSQL share, so only the
few rows at the median and 90th-percentile ranks leave the database. The two dialect-specific pieces —
hours between two timestamps, and a timestamp's UTC month — are compiled per dialect below.

Every function takes `narrow`, which adds the WHERE clauses of whose complaints are counted (the
official's scope and filter, or the public's published reports), so scoping stays the caller's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Float, String, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.sql.selectable import Select

from api.complaint.models import Complaint, Event, Status
from api.recording.models import Job

Narrow = Callable[[Select[Any]], Select[Any]]

# The three "fast" measures: from which timestamp to which, over complaints that are not duplicates.
DURATIONS: dict[str, tuple[Any, Any]] = {
    "to_verification": (Complaint.created_at, Complaint.verified_at),
    "to_first_response": (Complaint.dispatched_at, Complaint.responded_at),
    "to_closure": (Complaint.created_at, Complaint.closed_at),
}


class hours_between(FunctionElement[float]):
    """Hours from the first timestamp to the second, as a float."""

    type = Float()
    inherit_cache = True


@compiles(hours_between, "sqlite")
def _hours_sqlite(element: hours_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 24.0)"


@compiles(hours_between, "postgresql")
def _hours_postgresql(element: hours_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)"


class utc_month(FunctionElement[str]):
    """A timestamp's calendar month in UTC, as 'YYYY-MM'."""

    type = String()
    inherit_cache = True


@compiles(utc_month, "sqlite")
def _month_sqlite(element: utc_month, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(utc_month, "postgresql")
def _month_postgresql(element: utc_month, compiler: Any, **kw: Any) -> str:
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC', 'YYYY-MM')"


def group_key(group_by: str) -> ColumnElement[str]:
    """The SQL for a complaint's group (the same labels the API has always answered)."""
    if group_by == "agency":
        return case((Complaint.agency_id.is_(None), literal("unassigned")), else_=func.cast(
            Complaint.agency_id, String))  # fmt: skip
    if group_by == "topic":
        return func.coalesce(func.nullif(Complaint.topic, ""), literal("unclassified"))
    if group_by == "region":
        return func.coalesce(func.nullif(func.substr(Complaint.region_code, 1, 2), ""), literal("unknown"))
    if group_by == "period":
        return utc_month(Complaint.created_at)
    return literal("all")


NOT_DUPLICATE = Complaint.status != Status.DUPLICATE


def tallies(
    db_session: Session, narrow: Narrow, key: ColumnElement[str]
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Per group, in one pass: all complaints, those counted (not duplicates), closed, closed never
    overdue; and the complaints by the channel they came in through (duplicates included)."""
    closed = Complaint.status == Status.CLOSED
    stmt = narrow(
        select(
            key.label("grp"),
            Complaint.channel,
            func.count(),
            func.sum(case((NOT_DUPLICATE, 1), else_=0)),
            func.sum(case((closed, 1), else_=0)),
            func.sum(case((and_(closed, Complaint.ever_overdue.is_(False)), 1), else_=0)),
        )
    ).group_by("grp", Complaint.channel)
    totals: dict[str, dict[str, int]] = defaultdict(
        lambda: {"complaints": 0, "counted": 0, "closed": 0, "in_sla": 0}
    )
    channels: dict[str, dict[str, int]] = defaultdict(dict)
    for grp, channel, n, counted, shut, ok in db_session.execute(stmt).all():
        total = totals[grp]
        total["complaints"] += n
        total["counted"] += int(counted or 0)
        total["closed"] += int(shut or 0)
        total["in_sla"] += int(ok or 0)
        channels[grp][str(channel)] = n
    return dict(totals), channels


def spreads(
    db_session: Session, narrow: Narrow, key: ColumnElement[str]
) -> dict[str, dict[str, dict[str, float | int | None]]]:
    """Per group and measure: how many durations, their median and 90th percentile (hours, 2 decimals).

    The median of an even count is the mean of the two middle values; the 90th percentile is the value
    at rank ceil(0.9 n) — as Python's statistics.median and the earlier in-memory code computed them.
    """
    found: dict[str, dict[str, dict[str, float | int | None]]] = defaultdict(dict)
    for measure, (start, end) in DURATIONS.items():
        inner = narrow(select(key.label("grp"), hours_between(start, end).label("d"))).where(
            NOT_DUPLICATE, start.is_not(None), end.is_not(None), end >= start
        )
        inner_q = inner.subquery()
        ranked = select(
            inner_q.c.grp,
            inner_q.c.d,
            func.row_number().over(partition_by=inner_q.c.grp, order_by=inner_q.c.d).label("rn"),
            func.count().over(partition_by=inner_q.c.grp).label("n"),
        ).subquery()
        rn, n = ranked.c.rn, ranked.c.n
        picks = select(ranked.c.grp, ranked.c.d, rn, n).where(
            or_(rn == (n + 1) // 2, rn == n // 2 + 1, rn == (9 * n + 9) // 10)
        )
        chosen: dict[str, dict[int, float]] = defaultdict(dict)
        sizes: dict[str, int] = {}
        for grp, value, rank, size in db_session.execute(picks).all():
            chosen[grp][int(rank)] = float(value)
            sizes[grp] = int(size)
        for grp, size in sizes.items():
            values = chosen[grp]
            middle = (values[(size + 1) // 2] + values[size // 2 + 1]) / 2
            found[grp][measure] = {
                "count": size,
                "median_hours": round(middle, 2),
                "p90_hours": round(values[(9 * size + 9) // 10], 2),
            }
    return found


def minutes(db_session: Session, narrow: Narrow, key: ColumnElement[str]) -> dict[str, dict[str, float]]:
    """Per group: operators' logged minutes and machine processing minutes over counted complaints.

    A recording's processing time (its finished jobs) is shared evenly by the complaints cut from it
    that are in reach, duplicates included, as the indicators have always counted it.
    """
    in_reach = narrow(select(Complaint.id)).subquery()
    operator = narrow(
        select(key.label("grp"), func.sum(Event.minutes))
        .select_from(Complaint)
        .join(Event, Event.complaint_id == Complaint.id)
    ).where(NOT_DUPLICATE, Event.minutes.is_not(None))
    per_recording = (
        narrow(select(Complaint.recording_id.label("rid"), func.count().label("shares")))
        .where(Complaint.recording_id.is_not(None))
        .group_by(Complaint.recording_id)
        .subquery()
    )
    job_minutes = (
        select(Job.recording_id.label("rid"), func.sum(hours_between(Job.started_at, Job.finished_at) * 60)
               .label("spent"))
        .where(Job.finished_at.is_not(None), Job.started_at.is_not(None), Job.finished_at >= Job.started_at)
        .group_by(Job.recording_id)
        .subquery()
    )  # fmt: skip
    processing = (
        select(key.label("grp"), func.sum(job_minutes.c.spent / per_recording.c.shares))
        .select_from(Complaint)
        .join(per_recording, per_recording.c.rid == Complaint.recording_id)
        .join(job_minutes, job_minutes.c.rid == Complaint.recording_id)
        .where(Complaint.id.in_(select(in_reach.c.id)), NOT_DUPLICATE)
    )
    found: dict[str, dict[str, float]] = defaultdict(lambda: {"operator": 0.0, "processing": 0.0})
    for grp, total in db_session.execute(operator.group_by("grp")).all():
        found[grp]["operator"] = float(total or 0)
    for grp, total in db_session.execute(processing.group_by("grp")).all():
        found[grp]["processing"] = float(total or 0)
    return found
