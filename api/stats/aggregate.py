"""The indicators' arithmetic done by the database: counts, medians and 90th percentiles per group.

Why: reading every complaint in reach into Python cost over a second per dashboard at 100,000
complaints. Here each figure is one grouped query; the percentiles use window functions
(`row_number` over each group ordered by the duration), which SQLite and PostgreSQL share, so only the
few rows at the median and 90th-percentile ranks leave the database. The two dialect-specific pieces —
hours between two timestamps, and a timestamp's UTC month — are compiled per dialect below.

Every function takes `narrow`, which adds the WHERE clauses of whose complaints are counted (the
official's scope and filter, or the public's published reports), so scoping stays the caller's.
`tallies` and `spreads` also take a `Source`: the complaints themselves, or their narrow copy in
`complaint_facts` (api/stats/facts.py) with the durations already computed — the same figures, faster.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, String, Table, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.sql.selectable import Select

from api.complaint.models import Complaint, Event, Status
from api.recording.models import Job
from api.stats.facts import complaint_facts

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
_COMPLAINTS = Complaint.__table__


def on_facts(clause: Any, table: Table = complaint_facts) -> Any:
    """`clause` (a condition or expression over complaints) over complaint_facts' columns of the same
    names instead (or another copy of them: `table`). LookupError when it reads a column the copy does
    not keep (then the caller computes from the complaints)."""

    def swap(element: Any) -> Any:
        if getattr(element, "table", None) is _COMPLAINTS and element.name in table.c:
            return table.c[element.name]
        if getattr(element, "table", None) is _COMPLAINTS:
            raise LookupError(f"{table.name} keeps no {element.name}")
        return None

    return visitors.replacement_traverse(clause, {}, swap)


@dataclass(frozen=True)
class Source:
    """Where the counted rows come from: their status, channel and flag columns, the group keys, and
    per measure the duration in hours with the condition under which it exists."""

    status: Any
    channel: Any
    ever_overdue: Any
    key: Callable[[str], ColumnElement[str]]
    durations: dict[str, tuple[Any, ColumnElement[bool]]]


COMPLAINTS = Source(
    Complaint.status, Complaint.channel, Complaint.ever_overdue, group_key,
    {name: (hours_between(start, end), and_(start.is_not(None), end.is_not(None), end >= start))
     for name, (start, end) in DURATIONS.items()},
)  # fmt: skip
FACTS = Source(
    complaint_facts.c.status, complaint_facts.c.channel, complaint_facts.c.ever_overdue,
    lambda group_by: complaint_facts.c.month if group_by == "period" else on_facts(group_key(group_by)),
    {name: (complaint_facts.c[name], complaint_facts.c[name].is_not(None)) for name in DURATIONS},
)  # fmt: skip


def tallies(
    db_session: Session, narrow: Narrow, key: ColumnElement[str], src: Source = COMPLAINTS
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Per group, in one pass: all complaints, those counted (not duplicates), closed, closed never
    overdue; and the complaints by the channel they came in through (duplicates included)."""
    closed = src.status == Status.CLOSED
    stmt = narrow(
        select(
            key.label("grp"),
            src.channel,
            func.count(),
            func.sum(case((src.status != Status.DUPLICATE, 1), else_=0)),
            func.sum(case((closed, 1), else_=0)),
            func.sum(case((and_(closed, src.ever_overdue.is_(False)), 1), else_=0)),
        )
    ).group_by("grp", src.channel)
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
    db_session: Session, narrow: Narrow, key: ColumnElement[str], src: Source = COMPLAINTS
) -> dict[str, dict[str, dict[str, float | int | None]]]:
    """Per group and measure: how many durations, their median and 90th percentile (hours, 2 decimals).

    The median of an even count is the mean of the two middle values; the 90th percentile is the value
    at rank ceil(0.9 n) — as Python's statistics.median and the earlier in-memory code computed them.
    """
    found: dict[str, dict[str, dict[str, float | int | None]]] = defaultdict(dict)
    for measure, (hours, exists) in src.durations.items():
        inner = narrow(select(key.label("grp"), hours.label("d"))).where(
            src.status != Status.DUPLICATE, exists
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


def spreads_fetched(
    db_session: Session, narrow: Narrow, key: ColumnElement[str], src: Source
) -> dict[str, dict[str, dict[str, float | int | None]]]:
    """`spreads` over complaint_facts, the ranks picked here: one scan, no sort in the database.

    Why: each window-function query sorts its measure's durations (tens of thousands at 100,000
    complaints), and SQLite's sorter was most of the dashboard's time; reading the already computed
    durations in one pass and sorting each group's few hundred in Python took a quarter of it. Only
    for a source whose durations are NULL where they do not exist (the facts); same picks as `spreads`.
    """
    names = list(src.durations)
    present = or_(*(exists for _, exists in src.durations.values()))
    stmt = narrow(select(key.label("grp"), *(hours for hours, _ in src.durations.values()))).where(
        src.status != Status.DUPLICATE, present
    )
    values: dict[str, list[list[float]]] = defaultdict(lambda: [[] for _ in names])
    for grp, *durations in db_session.execute(stmt):
        lists = values[grp]
        for i, hours in enumerate(durations):
            if hours is not None:
                lists[i].append(hours)
    found: dict[str, dict[str, dict[str, float | int | None]]] = defaultdict(dict)
    for grp, lists in values.items():
        for measure, durations in zip(names, lists, strict=True):
            if durations:
                durations.sort()
                size = len(durations)
                middle = (durations[(size + 1) // 2 - 1] + durations[size // 2]) / 2
                found[grp][measure] = {
                    "count": size,
                    "median_hours": round(middle, 2),
                    "p90_hours": round(durations[(9 * size + 9) // 10 - 1], 2),
                }
    return found


def minutes(db_session: Session, narrow: Narrow, key: ColumnElement[str]) -> dict[str, dict[str, float]]:
    """Per group: operators' logged minutes and machine processing minutes over counted complaints.

    A recording's processing time (its finished jobs) is shared evenly by the complaints cut from it
    that are in reach, duplicates included, as the indicators have always counted it.
    """
    in_reach = narrow(select(Complaint.id)).subquery()
    # Summed per complaint first, from the events that carry minutes (migration 0015's partial index):
    # joined the other way round, SQLite scanned every complaint in reach to find the few that have any.
    logged = (
        select(Event.complaint_id.label("cid"), func.sum(Event.minutes).label("spent"))
        .where(Event.minutes.is_not(None))
        .group_by(Event.complaint_id)
        .subquery()
    )
    operator = narrow(
        select(key.label("grp"), func.sum(logged.c.spent))
        .select_from(logged)
        .join(Complaint, Complaint.id == logged.c.cid)
    ).where(NOT_DUPLICATE)
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
