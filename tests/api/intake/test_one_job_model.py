"""One job model: a text complaint's analysis is a `jobs` row with the same lease as a recording's intake.

The row is written in the transaction that files the complaint, so a task lost before it ran (the
process died after the commit) leaves a queued row that the one sweep hands to the queue again; a
worker that died mid-analysis leaves a running row without heartbeat, queued again the same way.
Real queue (Huey, immediate or its SQLite file), real nlp, both databases.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from api import jobs
from api.complaint.models import Complaint, Event
from api.database import utcnow
from api.intake import worker
from api.recording.models import Job, JobKind, JobStatus

V1 = "/api/v1"
TEXT = "Lampu jalan di Desa Kedungwuluh mati sudah seminggu, mohon diperbaiki"


@pytest.fixture
def queued(settings):
    """Tasks go to the real SQLite queue file (and can be lost) instead of running inline."""
    jobs.huey.immediate = False
    jobs.huey.flush()
    yield jobs.huey
    jobs.huey.flush()
    jobs.huey.immediate = True


def analysis_job(db, complaint_id: int) -> Job:
    db.rollback()  # see what the app committed
    db.expire_all()  # and not what this session remembers (a rollback with no transaction open keeps it)
    return db.scalars(select(Job).where(Job.complaint_id == complaint_id)).one()


def sms(client, text: str = TEXT) -> int:
    msg = uuid.uuid4().hex
    response = client.post(
        f"{V1}/intake/sms", json={"from": "+6281234567890", "text": f"LAPOR {text}", "id": msg}
    )
    assert response.status_code == 201, response.text
    return response.json()["tracking_number"]


def complaint_by_tracking(db, tracking: str) -> Complaint:
    db.rollback()
    db.expire_all()
    return db.scalars(select(Complaint).where(Complaint.tracking_number == tracking)).one()


def analyses(db, complaint_id: int) -> int:
    return db.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.complaint_id == complaint_id, Event.action == "analyze")
    )


def test_a_typed_complaint_is_analysed_by_its_job(client, db):
    response = client.post(f"{V1}/complaints", json={"text": TEXT, "channel": "web"})
    assert response.status_code == 201, response.text
    complaint_id = response.json()["id"]
    job = analysis_job(db, complaint_id)
    assert job.kind == JobKind.ANALYZE and job.recording_id is None
    assert job.status == JobStatus.DONE and job.attempts == 1 and job.progress == 1.0
    complaint = db.get(Complaint, complaint_id)
    assert complaint.analyzed_at is not None and complaint.topic
    assert analyses(db, complaint_id) == 1


def test_a_lost_task_is_handed_again_by_the_sweep_and_runs_once(client, db, queued, settings):
    """The process died between filing the SMS and queueing its analysis: the row waits, queued."""
    complaint = complaint_by_tracking(db, sms(client))
    job = analysis_job(db, complaint.id)
    assert job.status == JobStatus.QUEUED and complaint.analyzed_at is None
    queued.flush()  # the task is gone, the row stays
    assert job.id not in jobs.requeue_lost_jobs(), "a row handed to the queue a moment ago was sent again"
    job.created_at = utcnow() - jobs.LOST_AFTER - timedelta(seconds=1)
    db.commit()
    queued.immediate = True  # the sweep's task now runs inline
    assert job.id in jobs.requeue_lost_jobs()
    done = analysis_job(db, complaint.id)
    assert done.status == JobStatus.DONE and done.attempts == 1, done.error
    assert db.get(Complaint, complaint.id, populate_existing=True).analyzed_at is not None
    assert job.id not in jobs.requeue_lost_jobs()
    assert worker.run_job(job.id, settings=settings) == JobStatus.DONE  # a late duplicate
    assert analyses(db, complaint.id) == 1


def test_an_analysis_whose_worker_died_is_run_again_once(client, db, queued, settings):
    complaint = complaint_by_tracking(db, sms(client))
    job = analysis_job(db, complaint.id)
    job.status, job.attempts = JobStatus.RUNNING, 1  # claimed by a worker that then died
    job.heartbeat_at = utcnow() - timedelta(seconds=settings.job_lease_seconds + 1)
    db.commit()
    queued.immediate = True
    assert jobs.requeue_lost_jobs() == [job.id]
    done = analysis_job(db, complaint.id)
    assert done.status == JobStatus.DONE and done.attempts == 2
    assert analyses(db, complaint.id) == 1


def test_a_running_analysis_that_still_beats_is_left_alone(client, db, queued, settings):
    complaint = complaint_by_tracking(db, sms(client))
    job = analysis_job(db, complaint.id)
    job.status, job.attempts, job.heartbeat_at = JobStatus.RUNNING, 1, utcnow()
    job.created_at = utcnow() - timedelta(hours=1)
    db.commit()
    assert job.id not in jobs.requeue_lost_jobs()
    assert worker.run_job(job.id, settings=settings) == JobStatus.DONE  # a duplicate delivery: no claim
    assert analysis_job(db, complaint.id).status == JobStatus.RUNNING
    assert db.get(Complaint, complaint.id, populate_existing=True).analyzed_at is None


def test_without_nlp_the_analysis_fails_for_good_with_the_reason(client, db, queued, settings, monkeypatch):
    """nlp is an optional install: without it (simulated by hiding the module, since it is installed
    here) the job fails once with a reason an operator can read, and is not retried for ever."""
    import sys

    complaint = complaint_by_tracking(db, sms(client))
    job = analysis_job(db, complaint.id)
    monkeypatch.setitem(sys.modules, "nlp", None)  # `import nlp` now raises ImportError
    assert worker.run_job(job.id, settings=settings) == JobStatus.FAILED
    failed = analysis_job(db, complaint.id)
    assert failed.status == JobStatus.FAILED and failed.error == worker.NO_NLP
    assert failed.id not in jobs.requeue_lost_jobs()


def test_a_job_that_no_longer_exists_is_nothing_to_do(settings):
    assert worker.run_job(2_000_000_000, settings=settings) == JobStatus.DONE


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_gives_each_unanalysed_text_draft_a_queued_analysis_job(backend, tmp_path) -> None:
    """Upgrading from the analyzed_at sweep to job rows loses no pending analysis and invents none."""
    import sqlalchemy as sa

    from api.database import UTCDateTime, engine_for, session_scope, upgrade
    from api.recording import service
    from tests.api.databases import scratch_database

    filed = utcnow() - timedelta(days=3)
    insert = sa.text(
        "INSERT INTO complaints (channel, text, public_text, kind, topics, region_codes, anonymous, "
        "confidential, urgent, status, suggestions, created_at, updated_at, overdue, ever_overdue, "
        "analyzed_at) "
        "VALUES ('sms', :text, '', 'pengaduan', '[]', '[]', false, false, false, :status, '{}', :at, :at, "
        "false, false, :analyzed) RETURNING id"
    ).bindparams(sa.bindparam("at", type_=UTCDateTime()), sa.bindparam("analyzed", type_=UTCDateTime()))
    with scratch_database(backend, tmp_path) as url:
        upgrade(url, "0012_queue_index")
        with engine_for(url).begin() as conn:
            pending = conn.execute(
                insert, {"text": "jalan rusak", "status": "draft", "at": filed, "analyzed": None}
            )
            done = conn.execute(
                insert, {"text": "lampu mati", "status": "draft", "at": filed, "analyzed": filed}
            )
            moved_on = conn.execute(
                insert, {"text": "air keruh", "status": "verified", "at": filed, "analyzed": None}
            )
            pending_id, _, _ = pending.scalar_one(), done.scalar_one(), moved_on.scalar_one()
        upgrade(url)
        with session_scope(url) as db_session:
            made = db_session.scalars(select(Job)).all()
            assert [(j.kind, j.complaint_id, j.status, j.recording_id) for j in made] == [
                (JobKind.ANALYZE, pending_id, JobStatus.QUEUED, None)
            ]
            assert abs((made[0].created_at - filed).total_seconds()) < 1
            assert service.lost_jobs(db_session=db_session, now=utcnow(), after=jobs.LOST_AFTER) == [
                made[0].id
            ]
