"""The pre-aggregated indicators (stats_summary + stats_journal) give the exact counts and every median
and 90th percentile within the sketch's bound, whether their changes are folded or still journalled, and
the folds keep the summary equal to a rebuild from the facts.

Seeded random runs of the real workflow (tests/api/stats/test_facts.py's: transitions with their clocks,
merges, edits through the ORM and bulk UPDATEs past it) on each backend, against the same service
computing from complaint_facts (exact, itself compared with the complaints in test_facts.py).
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from api import jobs
from api.agency.models import Agency
from api.complaint import service as complaint_service
from api.complaint.models import Complaint
from api.complaint.query import filtered
from api.complaint.schemas import ComplaintFilter
from api.database import open_session
from api.kernel import SYSTEM, Principal, Role
from api.stats import fold, sketch, summary
from api.stats import service as stats
from api.stats.service import GroupBy
from tests.api.stats.test_facts import _random_run

NATIONAL = Principal(username="t-sysadmin", role=Role.SYSADMIN)


def _national(db, group_by: GroupBy) -> list[dict]:
    return stats.indicators(
        db_session=db, principal=NATIONAL, flt=ComplaintFilter(), default_region="33.03", group_by=group_by
    )


def _public(db, group_by: GroupBy) -> list[dict]:
    return stats.public_indicators(db_session=db, group_by=group_by, min_cell=1)["groups"]


def _exact(monkeypatch, compute):
    """`compute()` with the summary turned off: from complaint_facts. Patched because no setting turns
    the summary off; the reference is the same service on its fallback."""
    with monkeypatch.context() as patched:
        patched.setattr(stats, "_summary_scope", lambda condition, public=False: None)
        return compute()


def _assert_within_bound(served: list[dict], exact: list[dict]) -> int:
    """Same groups, counts, channels and rates; each median and 90th percentile within ALPHA of the exact
    one (X0/2 near zero), plus the two decimals both are rounded to. Returns how many were compared."""
    assert [cell["group"] for cell in served] == [cell["group"] for cell in exact]
    compared = 0
    for got, want in zip(served, exact, strict=True):
        assert {k: v for k, v in got.items() if k != "fast"} == {k: v for k, v in want.items() if k != "fast"}
        for name, spread in want["fast"].items():
            mine = got["fast"][name]
            assert mine["count"] == spread["count"]
            for figure in ("median_hours", "p90_hours"):
                if spread[figure] is None:
                    assert mine[figure] is None
                    continue
                bound = sketch.ALPHA * spread[figure] + sketch.X0 / 2 + 0.01
                assert abs(mine[figure] - spread[figure]) <= bound, (got["group"], name, figure)
                compared += 1
    return compared


@pytest.mark.parametrize("group_by", list(GroupBy))
def test_summary_figures_equal_the_exact_ones_within_the_bound(db, monkeypatch, group_by):
    seed = 1610 + list(GroupBy).index(group_by)
    _random_run(db, random.Random(seed), 60)
    fold.fold(db)
    db.commit()
    _random_run(db, random.Random(seed + 100), 60)  # these changes are still in the journal
    journalled = db.scalar(select(summary.stats_journal.c.id).limit(1))
    assert journalled is not None

    views = [_national] + ([_public] if group_by in stats.PUBLIC_GROUPS else [])
    for view in views:
        served = view(db, group_by)
        exact = _exact(monkeypatch, lambda view=view: view(db, group_by))
        assert _assert_within_bound(served, exact) > 0
        fold.fold(db)  # the journal's changes move into the summary: the very same figures
        assert view(db, group_by) == served
        db.rollback()  # the fold undone: the next view reads the journal again


def test_folds_keep_the_summary_equal_to_a_rebuild_from_the_facts(db):
    def stored() -> dict[tuple, tuple]:
        rows = db.execute(select(summary.stats_summary)).all()
        return {
            (row.scope, row.dimension, row.grp): (
                row.tallies, *(sketch.decode(getattr(row, name)) for name in summary.MEASURES)
            )
            for row in rows
        }  # fmt: skip

    rng = random.Random(1620)
    for _ in range(3):  # changes folded in several batches
        _random_run(db, rng, 50)
        fold.fold(db)
        db.commit()
    kept = stored()
    assert kept and {key[0] for key in kept} == {"all", "public"}
    assert fold.rebuild(db) > 0
    assert stored() == kept
    db.rollback()


def test_only_readers_who_reach_everything_are_served_from_the_summary(db):
    """A scoped or filtered reader's condition is not the summary's: it is computed from the facts."""
    agency = db.scalars(select(Agency.id).where(Agency.code == "prov-33")).one()
    province = Principal(username="t-verifier", role=Role.VERIFIER, agency_id=agency)
    for principal, flt in [
        (NATIONAL, ComplaintFilter()),
        (NATIONAL, ComplaintFilter(topic="kesehatan")),
        (province, ComplaintFilter()),
    ]:
        condition = filtered(
            select(Complaint.id), flt, db_session=db, principal=principal, default_region=None
        ).whereclause
        expected = summary.Scope.ALL if flt == ComplaintFilter() and principal is NATIONAL else None
        assert stats._summary_scope(condition) == expected


def _figures_and_rebuilt(db) -> tuple[tuple, tuple]:
    """The national figures by agency as served (summary + journal), and after a rebuild from the facts
    (rolled back)."""
    served = summary.figures(db, summary.Scope.ALL, "agency")
    fold.rebuild(db)
    rebuilt = summary.figures(db, summary.Scope.ALL, "agency")
    db.rollback()
    return served, rebuilt


def test_the_task_queue_fold_moves_the_journal_into_the_summary(db, settings):
    _random_run(db, random.Random(1630), 30)
    assert jobs.fold_stats() > 0  # the minutely task's work, in its own committed transaction
    db.rollback()
    assert db.scalar(select(func.count()).select_from(summary.stats_journal)) == 0
    served, rebuilt = _figures_and_rebuilt(db)
    assert served == rebuilt


def test_a_change_committed_while_a_fold_runs_waits_for_the_next_fold(db, settings, monkeypatch):
    """A fold deletes the journal rows it read, by id: a change committed meanwhile (an earlier id, as a
    PostgreSQL sequence hands out ids before commit) is neither lost nor counted twice."""
    if settings.sqlalchemy_url.startswith("sqlite"):
        pytest.skip("SQLite serializes writers: nothing commits while a fold holds the write lock")
    url = settings.sqlalchemy_url
    writer, folder = open_session(url, write=True), open_session(url, write=True)
    try:
        complaint, _ = complaint_service.create(
            db_session=writer, principal=SYSTEM, text="jalan rusak di tengah lipatan", channel="sms",
            topic="infrastruktur", default_zone="Asia/Jakarta",
        )  # fmt: skip
        writer.flush()  # journalled, not committed: invisible to the fold
        real_apply = fold._apply

        def apply_then_commit_the_writer(db_session, rows):
            real_apply(db_session, rows)
            assert complaint.id not in {row.id for row in rows}
            writer.commit()  # between the fold's read of the journal and its delete

        monkeypatch.setattr(fold, "_apply", apply_then_commit_the_writer)
        _random_run(db, random.Random(1640), 5)  # something for the fold to read
        fold.fold(folder)
        folder.commit()
    finally:
        writer.close()
        folder.close()
    monkeypatch.undo()
    db.rollback()
    journal = summary.stats_journal
    kept = db.scalar(select(func.count()).select_from(journal).where(journal.c.complaint_id == complaint.id))
    assert kept == 1
    served, rebuilt = _figures_and_rebuilt(db)
    assert served == rebuilt


def test_the_migration_builds_the_summary_of_a_store_that_has_complaints(tmp_path):
    """Upgrading a store of revision 0014 with complaints in it: the summary is ready at once (fresh
    SQLite file; the same code runs on PostgreSQL through the suite's migrated store)."""
    from alembic import command

    from api.agency import service as agency_service
    from api.database import alembic_config, engine_for, session_scope, upgrade

    url = f"sqlite:///{tmp_path / 'before-0015.db'}"
    command.upgrade(alembic_config(url), "0014_stats_facts")
    with session_scope(url) as db_session:
        agency_service.seed(db_session=db_session)
        _random_run(db_session, random.Random(1650), 40)
    upgrade(url)
    with session_scope(url) as db_session:
        assert db_session.scalar(select(func.count()).select_from(summary.stats_journal)) == 0
        national = summary.figures(db_session, summary.Scope.ALL, "none")
        assert national[0]["all"]["complaints"] == db_session.scalar(
            select(func.count()).select_from(Complaint)
        )
        served, rebuilt = _figures_and_rebuilt(db_session)
        assert served == rebuilt
    engine_for(url).dispose()
