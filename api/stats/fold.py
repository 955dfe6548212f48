"""Folding the journal into the summary, and rebuilding the summary from the facts (api/stats/summary.py).

Both run in the caller's transaction and apply the same `Delta`s readers add up, so a folded change and a
journalled one give the very same figures (tests/api/stats/test_summary.py checks it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, literal_column, select, text
from sqlalchemy.orm import Session

from api.stats import sketch
from api.stats.aggregate import on_facts
from api.stats.facts import complaint_facts
from api.stats.summary import (
    DIMENSIONS,
    MEASURES,
    Change,
    Delta,
    Scope,
    Tallies,
    group_column,
    published,
    stats_journal,
    stats_summary,
)


def _changes(table: Table, sign: Any, *extra: Any) -> Any:
    """Per row of `table`: its sign, what the tallies and sketches read, whether it is public, and its
    group in every dimension (computed by the database with the indicators' own expressions)."""
    return select(
        *extra,
        sign.label("sign"),
        table.c.channel,
        table.c.status,
        table.c.ever_overdue,
        *(table.c[name] for name in MEASURES),
        on_facts(published(), table).label("public"),
        *(group_column(dimension, table).label(f"k_{dimension}") for dimension in DIMENSIONS),
    )


def _deltas(rows: Iterable[Any]) -> dict[tuple[str, str, str], Delta]:
    deltas: dict[tuple[str, str, str], Delta] = defaultdict(Delta)
    for row in rows:
        change = Change.of(row)
        scopes = (Scope.ALL, Scope.PUBLIC) if row.public else (Scope.ALL,)
        for scope in scopes:
            for dimension in DIMENSIONS:
                deltas[(scope.value, dimension, getattr(row, f"k_{dimension}"))].add(change)
    return deltas


def _apply(db_session: Session, rows: Sequence[Any]) -> None:
    """Add the changes `rows` to the summary rows they touch (created, rewritten or removed)."""
    deltas = _deltas(rows)
    s = stats_summary
    stored = {
        (row.scope, row.dimension, row.grp): row
        for row in db_session.execute(select(s)).all()
        if (row.scope, row.dimension, row.grp) in deltas
    }
    fresh = []
    for key, delta in deltas.items():
        old = stored.get(key)
        tallies: Tallies = dict(old.tallies) if old is not None else {}
        for channel, change in delta.tallies.items():
            total = [a + b for a, b in zip(tallies.get(channel, [0, 0, 0, 0]), change, strict=True)]
            tallies[channel] = total
        tallies = {channel: total for channel, total in tallies.items() if total[0]}
        sketches = {
            name: sketch.encode(
                sketch.merged(getattr(old, name) if old else None, delta.sketches.get(name, {}))
            )
            for name in MEASURES
        }
        if tallies or any(sketches.values()):
            fresh.append(
                {"scope": key[0], "dimension": key[1], "grp": key[2], "tallies": tallies, **sketches}
            )
    gone = [
        {"s": scope, "d": dimension, "g": grp}
        for scope, dimension, grp in deltas
        if (scope, dimension, grp) in stored
    ]
    if gone:
        db_session.execute(
            delete(s).where(
                s.c.scope == bindparam("s"), s.c.dimension == bindparam("d"), s.c.grp == bindparam("g")
            ),
            gone,
        )
    if fresh:
        db_session.execute(insert(s), fresh)


def _lock(db_session: Session, *statements: str) -> None:
    if db_session.get_bind().dialect.name == "postgresql":  # SQLite's writers are serialized already
        for statement in statements:
            db_session.execute(text(statement))


def fold(db_session: Session) -> int:
    """Move the journal's rows into the summary (in the caller's transaction); returns how many.

    One fold at a time (PostgreSQL: the summary locked against other writers, never against readers).
    Rows are deleted by the ids read, so a change committed meanwhile waits for the next fold.
    """
    _lock(db_session, "LOCK TABLE stats_summary IN EXCLUSIVE MODE")
    j = stats_journal
    rows = db_session.execute(_changes(j, j.c.sign, j.c.id)).all()
    if not rows:
        return 0
    _apply(db_session, rows)
    ids = [row.id for row in rows]
    for start in range(0, len(ids), 5000):
        db_session.execute(delete(j).where(j.c.id.in_(ids[start : start + 5000])))
    return len(rows)


def rebuild(db_session: Session) -> int:
    """Recompute the summary from complaint_facts and empty the journal; returns the facts summed.

    PostgreSQL: complaint writes wait meanwhile (the facts locked in SHARE mode), so that no change is
    both in the facts read and left in the journal.
    """
    _lock(
        db_session,
        "LOCK TABLE complaint_facts IN SHARE MODE",
        "LOCK TABLE stats_summary IN EXCLUSIVE MODE",
    )
    db_session.execute(delete(stats_summary))
    db_session.execute(delete(stats_journal))
    rows = db_session.execute(_changes(complaint_facts, literal_column("1"))).all()
    _apply(db_session, rows)
    return len(rows)
