"""The indicators pre-aggregated for the views that reach every complaint: the national dashboard and the
public statistics.

Why: even from complaint_facts, a dashboard over everything read and grouped 100,000 rows per request
(0.8–1.3 s on SQLite under load). Here each (scope, dimension, group) has one row — per channel the
complaints, those counted, closed, closed within the deadline, and the three durations as sketches
(api/stats/sketch.py: medians and 90th percentiles within 1%) — so the national dashboard by agency reads
about 570 rows and the public statistics one to forty.

Kept without drift the way the facts are: triggers on complaint_facts (migration 0015) append every change
to `stats_journal` as a signed copy of the fact row (−1 the old, +1 the new), in the same transaction.
Triggers that updated the summary rows themselves would make every complaint write wait on the one
national row until its transaction ends (PostgreSQL); appending never waits. A reader adds the journal
rows not yet folded to the summary's, in one statement so one snapshot. api/stats/fold.py moves them into
the summary (every minute, from the task queue) and rebuilds it from the facts (`suara db rebuild-stats`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    and_,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import AsBoolean, ColumnElement, True_

from api.access import policy
from api.complaint.models import Complaint, Status
from api.database import Base
from api.stats import sketch
from api.stats.aggregate import DURATIONS, group_key, on_facts
from api.stats.facts import complaint_facts


class Scope(StrEnum):
    ALL = "all"  # every complaint: what a sysadmin or a national reader reaches unfiltered
    PUBLIC = "public"  # published, non-confidential, not duplicates: the public statistics


DIMENSIONS = ("none", "agency", "topic", "region", "period")  # api/stats/service.py's GroupBy values
MEASURES = tuple(DURATIONS)
# The fact columns a journal row copies: what the group keys, the public scope and the figures read.
KEPT = ("complaint_id", "month", "agency_id", "topic", "region_code", "channel", "status", "confidential",
        "ever_overdue", *MEASURES)  # fmt: skip

stats_journal = Table(
    "stats_journal",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sign", SmallInteger, nullable=False),  # +1: a fact row written, −1: one removed
    *(Column(name, complaint_facts.c[name].type, nullable=complaint_facts.c[name].nullable) for name in KEPT),
)

stats_summary = Table(
    "stats_summary",
    Base.metadata,
    Column("scope", String(8), primary_key=True),
    Column("dimension", String(8), primary_key=True),
    Column("grp", String(64), primary_key=True),
    # channel → [complaints, counted (not duplicates), closed, closed never overdue]
    Column("tallies", JSON, nullable=False),
    *(Column(name, LargeBinary) for name in MEASURES),  # sketches of the counted durations, in hours
)


def trigger_statements(dialect: str) -> list[str]:
    """The DDL of the triggers that journal every change of complaint_facts, for one dialect."""
    names = ", ".join(KEPT)

    def row(sign: int, ref: str) -> str:
        values = ", ".join(f"{ref}.{name}" for name in KEPT)
        return f"INSERT INTO stats_journal (sign, {names}) VALUES ({sign}, {values});"

    if dialect == "postgresql":
        return [
            "CREATE FUNCTION stats_journal_record() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {row(-1, 'OLD')} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {row(1, 'NEW')} END IF; RETURN NULL; END $$",
            "CREATE TRIGGER stats_journal_record AFTER INSERT OR UPDATE OR DELETE ON complaint_facts "
            "FOR EACH ROW EXECUTE FUNCTION stats_journal_record()",
        ]
    return [
        f"CREATE TRIGGER stats_journal_insert AFTER INSERT ON complaint_facts BEGIN {row(1, 'new')} END",
        f"CREATE TRIGGER stats_journal_update AFTER UPDATE ON complaint_facts BEGIN {row(-1, 'old')} "
        f"{row(1, 'new')} END",
        f"CREATE TRIGGER stats_journal_delete AFTER DELETE ON complaint_facts BEGIN {row(-1, 'old')} END",
    ]


def drop_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS stats_journal_record ON complaint_facts",
            "DROP FUNCTION IF EXISTS stats_journal_record()",
        ]
    return [f"DROP TRIGGER IF EXISTS stats_journal_{name}" for name in ("insert", "update", "delete")]


def everything(condition: ColumnElement[bool] | None) -> bool:
    """True when `condition` (a WHERE clause over complaints) admits every complaint: none, or `true`."""
    if isinstance(condition, AsBoolean) and condition.operator is operators.is_true:
        condition = condition.element
    return condition is None or isinstance(condition, True_)


def published() -> ColumnElement[bool]:
    """What the public statistics count (api/stats/service.py's `public_indicators`)."""
    return and_(policy.public_complaints(), Complaint.status != Status.DUPLICATE)


def group_column(dimension: str, table: Table) -> ColumnElement[str]:
    """The group label of a row of `table` (the facts or the journal), as the indicators label it."""
    return table.c.month if dimension == "period" else on_facts(group_key(dimension), table)


Tallies = dict[str, list[int]]


@dataclass(frozen=True, slots=True)
class Change:
    """One journal (or fact) row as the summary counts it: computed once, added to every group it is in."""

    sign: int
    channel: str
    tally: tuple[int, int, int, int]  # complaints, counted, closed, closed never overdue (times sign)
    buckets: tuple[tuple[str, int], ...]  # (measure, sketch bucket) of each counted duration

    @classmethod
    def of(cls, row: Any) -> Change:
        sign, status = row.sign, row.status
        counted, closed = status != Status.DUPLICATE, status == Status.CLOSED
        in_sla = closed and not row.ever_overdue
        tally = (sign, sign * counted, sign * closed, sign * in_sla)
        buckets = tuple(
            (name, sketch.bucket(getattr(row, name)))
            for name in MEASURES
            if counted and getattr(row, name) is not None
        )
        return cls(sign, row.channel, tally, buckets)


class Delta:
    """What some changes add to one summary row: per channel the four tallies, per measure the sketch's
    bucket counts."""

    __slots__ = ("sketches", "tallies")

    def __init__(self) -> None:
        self.tallies: Tallies = defaultdict(lambda: [0, 0, 0, 0])
        self.sketches: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, change: Change) -> None:
        tally = self.tallies[change.channel]
        for i, n in enumerate(change.tally):
            tally[i] += n
        for name, bucket in change.buckets:
            self.sketches[name][bucket] += change.sign


def figures(
    db_session: Session, scope: Scope, dimension: str
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]], dict[str, dict[str, dict[str, Any]]]]:
    """Per group: the tallies and channels of api/stats/aggregate.py's `tallies`, and the spreads of its
    `spreads` (within the sketch's bound), from the summary plus the journal's unfolded changes."""
    s, j = stats_summary, stats_journal
    change_columns = ("sign", "channel", "status", "ever_overdue", *MEASURES)
    stored = select(
        literal_column("0").label("journal"), s.c.grp, s.c.tallies,
        *(s.c[name].label(f"sketch_{name}") for name in MEASURES),
        *(null().label(name) for name in change_columns),
    ).where(s.c.scope == scope.value, s.c.dimension == dimension)  # fmt: skip
    changes = select(
        literal_column("1"), group_column(dimension, j), null(), *([null()] * len(MEASURES)),
        *(j.c[name] for name in change_columns),
    )  # fmt: skip
    if scope == Scope.PUBLIC:
        changes = changes.where(on_facts(published(), j))
    base: dict[str, Any] = {}
    deltas: dict[str, Delta] = defaultdict(Delta)
    for row in db_session.execute(union_all(stored, changes)):
        if row.journal:
            deltas[row.grp].add(Change.of(row))
        else:
            base[row.grp] = row
    return _combine(base, deltas)


def _combine(
    base: dict[str, Any], deltas: dict[str, Delta]
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]], dict[str, dict[str, dict[str, Any]]]]:
    totals: dict[str, dict[str, int]] = {}
    channels: dict[str, dict[str, int]] = {}
    spreads: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    sketches: list[tuple[tuple[str, str], bytes | None]] = []
    for grp in base.keys() | deltas.keys():
        row, delta = base.get(grp), deltas.get(grp)
        tallies = {
            channel: list(total) for channel, total in (row.tallies if row is not None else {}).items()
        }
        if delta is not None:
            for channel, change in delta.tallies.items():
                tallies[channel] = [
                    a + b for a, b in zip(tallies.get(channel, [0, 0, 0, 0]), change, strict=True)
                ]
        tallies = {channel: total for channel, total in tallies.items() if total[0]}
        if not tallies:
            continue
        sums = [sum(total[i] for total in tallies.values()) for i in range(4)]
        totals[grp] = dict(zip(("complaints", "counted", "closed", "in_sla"), sums, strict=True))
        channels[grp] = {channel: total[0] for channel, total in tallies.items()}
        for name in MEASURES:
            stored = getattr(row, f"sketch_{name}") if row is not None else None
            change = delta.sketches.get(name) if delta is not None else None
            sketches.append(((grp, name), sketch.encode(sketch.merged(stored, change)) if change else stored))
    picked = sketch.spreads([stored for _, stored in sketches])
    for (grp, name), found in zip((key for key, _ in sketches), picked, strict=True):
        if found is not None:
            spreads[grp][name] = found
    return totals, channels, spreads
