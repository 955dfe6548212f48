"""The indicators' facts (complaint_facts) stay equal to the complaints whatever changes them, and the
indicators read from them are the very figures computed from the complaints.

A seeded random run of the real workflow (create, transitions with their clocks, merges, classification
edits, bulk UPDATEs past the ORM) on each backend, then: the facts the triggers kept equal a
rebuild from scratch, and every grouping for a national reader, a province verifier with a period, and
the public equals the computation over the complaints themselves.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from api.agency.models import Agency
from api.complaint import service, transitions, workflow
from api.complaint.models import Complaint, Status
from api.complaint.schemas import ComplaintFilter
from api.kernel import SYSTEM, Principal, Role
from api.stats import facts
from api.stats import service as stats
from api.stats.service import GroupBy

ZONE = "Asia/Jakarta"
CHANNELS = ["web", "sms"]
TOPICS = ["infrastruktur", "kesehatan", "", None]
REGIONS = ["33.03", "33.03.01", "33", "35.07", None]
AGENCIES = ["reg-33.03", "prov-33", "reg-35.07", "kemenpu"]


def _random_run(db, rng: random.Random, steps: int) -> list[int]:
    """Real workflow steps chosen by `rng`; returns the ids of the complaints made."""
    start = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 60))
    tag = uuid.uuid4().hex[:8]
    made: list[int] = []
    for i in range(steps):
        live = [db.get(Complaint, cid) for cid in made]
        live = [c for c in live if c is not None]
        choice = rng.random()
        if choice < 0.3 or not live:
            complaint, _ = service.create(
                db_session=db, principal=SYSTEM, text=f"keluhan uji {tag} {i}", channel=rng.choice(CHANNELS),
                topic=rng.choice(TOPICS), region_code=rng.choice(REGIONS), default_zone=ZONE,
                now=start + timedelta(hours=rng.uniform(0, 24 * 60)),
            )  # fmt: skip
            made.append(complaint.id)
        elif choice < 0.75:
            complaint = rng.choice(live)
            targets = sorted(workflow.TRANSITIONS[Status(complaint.status)] - {Status.DUPLICATE})
            to = rng.choice(targets)
            agency = rng.choice(AGENCIES) if to == Status.DISPATCHED else None
            # Sometimes before the complaint was made: such a duration is not counted, as before.
            when = complaint.created_at + timedelta(hours=rng.uniform(-2, 24 * 20))
            transitions.transition(
                db_session=db, principal=SYSTEM, complaint=complaint, to=to, agency=agency, now=when,
                default_zone=ZONE,
            )  # fmt: skip
        elif choice < 0.82 and len(live) > 1:
            original, dup = rng.sample(live, 2)
            if (
                original.status != Status.DUPLICATE
                and Status.DUPLICATE in workflow.TRANSITIONS[Status(dup.status)]
            ):
                transitions.merge(
                    db_session=db, principal=SYSTEM, original=original, duplicate_ids=[dup.id],
                    default_region=None, default_zone=ZONE,
                )  # fmt: skip
        elif choice < 0.9:  # a classification edit through the ORM
            complaint = rng.choice(live)
            complaint.topic = rng.choice(TOPICS)
            complaint.region_code = rng.choice(REGIONS)
            complaint.confidential = rng.random() < 0.3
            agency_code = rng.choice([*AGENCIES, None])
            complaint.agency_id = (
                db.scalars(select(Agency.id).where(Agency.code == agency_code)).one() if agency_code else None
            )
        elif choice < 0.96:  # the overdue sweep's kind of bulk UPDATE, past the ORM
            chosen = [c.id for c in rng.sample(live, min(3, len(live)))]
            db.execute(update(Complaint).where(Complaint.id.in_(chosen)).values(ever_overdue=True))
        else:  # a bulk reclassification past the ORM (complaints are never deleted: events are append-only)
            chosen = [c.id for c in rng.sample(live, min(4, len(live)))]
            db.execute(update(Complaint).where(Complaint.id.in_(chosen)).values(topic=rng.choice(TOPICS)))
            for complaint in live:
                db.expire(complaint)
        db.flush()
    db.commit()
    return made


def _facts(db) -> list[tuple]:
    return [tuple(row) for row in db.execute(select(facts.complaint_facts).order_by("complaint_id"))]


def test_facts_kept_by_the_triggers_equal_a_rebuild_from_scratch(db):
    made = _random_run(db, random.Random(1601), 150)
    kept = _facts(db)
    assert {row[0] for row in kept} >= {cid for cid in made if db.get(Complaint, cid) is not None}
    assert db.scalar(select(text("count(*)")).select_from(facts.complaint_facts)) == db.scalar(
        select(text("count(*)")).select_from(Complaint)
    )
    assert facts.rebuild(db) == len(kept)
    assert _facts(db) == kept
    db.rollback()


def _both_ways(monkeypatch, compute):
    """`compute()` as served (from the facts) and with the facts turned off (from the complaints).

    Patched because no setting turns the facts off: the reference is the same service on its fallback."""
    served = compute()
    with monkeypatch.context() as patched:
        patched.setattr(stats, "_on_facts", lambda condition: None)
        afresh = compute()
    return served, afresh


@pytest.mark.parametrize("group_by", list(GroupBy))
def test_indicators_from_the_facts_equal_those_from_the_complaints(db, monkeypatch, group_by):
    # The national and public views are served from the summary (test_summary.py); here the facts.
    monkeypatch.setattr(stats, "_summary_scope", lambda condition, public=False: None)
    _random_run(db, random.Random(1602 + list(GroupBy).index(group_by)), 80)
    province = db.scalars(select(Agency.id).where(Agency.code == "prov-33")).one()
    readers = [
        (Principal(username="t-sysadmin", role=Role.SYSADMIN), ComplaintFilter()),
        (
            Principal(username="t-verifier", role=Role.VERIFIER, agency_id=province),
            ComplaintFilter(
                created_from=datetime(2026, 4, 1, tzinfo=UTC), created_to=datetime(2026, 11, 1, tzinfo=UTC)
            ),
        ),
        (
            Principal(username="t-leader", role=Role.LEADER, agency_id=province),
            ComplaintFilter(status=(Status.CLOSED,)),
        ),
    ]
    for principal, flt in readers:
        served, afresh = _both_ways(
            monkeypatch,
            lambda p=principal, f=flt: stats.indicators(
                db_session=db, principal=p, flt=f, default_region="33.03", group_by=group_by
            ),
        )
        assert served == afresh
        if (
            principal.role == Role.SYSADMIN
        ):  # the comparison covered medians and percentiles, not only empty cells
            assert sum(cell["fast"][name]["count"] for cell in served for name in cell["fast"]) > 0
    if group_by in stats.PUBLIC_GROUPS:
        served, afresh = _both_ways(
            monkeypatch, lambda: stats.public_indicators(db_session=db, group_by=group_by, min_cell=3)
        )
        assert served == afresh


def test_a_text_search_is_answered_from_the_complaints(db, monkeypatch):
    """The facts keep no text: a search must not reach them (it would read a table they do not join)."""
    calls = []  # a spy on the real `_on_facts` (it still runs): which requests asked for the facts
    real = stats._on_facts
    monkeypatch.setattr(stats, "_on_facts", lambda condition: calls.append(condition) or real(condition))
    reader = Principal(username="t-sysadmin", role=Role.SYSADMIN)
    stats.indicators(db_session=db, principal=reader, flt=ComplaintFilter(q="jalan"), default_region=None)
    assert calls == []
    stats.indicators(db_session=db, principal=reader, flt=ComplaintFilter(), default_region=None)
    assert len(calls) == 1
