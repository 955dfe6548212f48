"""Real Huey workers in their own processes: a worker killed mid-job, the job finished by another, once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from api.complaint.models import Complaint
from api.config import get_settings
from api.intake import flows
from api.recording.models import Job, JobStatus

ROOT = Path(__file__).resolve().parents[3]
V1 = "/api/v1"


def start_worker(log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker", "--workers", "1"],
        cwd=ROOT, env=os.environ.copy(), stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def job_row(db, job_id: int) -> Job:
    db.rollback()  # see other processes' commits
    return db.get(Job, job_id, populate_existing=True)


def wait_for(predicate, timeout: float, what: str):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def queued(settings):
    """Jobs go to the real SQLite queue file instead of running inline."""
    from api.jobs import huey

    huey.immediate = False
    huey.flush()
    yield huey
    huey.flush()


def upload(client, path: Path) -> dict:
    with path.open("rb") as fh:
        response = client.post(
            f"{V1}/recordings", files={"file": (path.name, fh)}, data={"channel": "hotline"}
        )
    assert response.status_code == 201, response.text
    return response.json()


def test_worker_killed_mid_job_is_retried_without_duplicates(
    client, db, settings, unique_wav, queued, tmp_path
):
    if not (settings.models_dir / "manifest.json").exists():
        pytest.skip("no ASR model installed under models/")
    log = tmp_path / "worker.log"
    body = upload(client, unique_wav)
    job_id, rec_id = body["job"]["id"], body["recording"]["id"]
    assert job_row(db, job_id).status == JobStatus.QUEUED
    first = start_worker(log)
    try:
        wait_for(
            lambda: job_row(db, job_id).status == JobStatus.RUNNING, 60, "the first worker to start the job"
        )
        first.send_signal(signal.SIGKILL)  # no goodbye: the job row stays "running"
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    killed = job_row(db, job_id)
    assert killed.status == JobStatus.RUNNING and killed.attempts == 1, log.read_text()
    assert not db.scalars(select(Complaint).where(Complaint.recording_id == rec_id)).all()
    time.sleep(settings.job_lease_seconds + 0.5)  # let its lease run out
    second = start_worker(log)
    try:
        done = wait_for(
            lambda: (j := job_row(db, job_id)).status in (JobStatus.DONE, JobStatus.FAILED) and j,
            120,
            "the retry",
        )
    finally:
        second.send_signal(signal.SIGINT)
        try:
            second.wait(timeout=15)
        except subprocess.TimeoutExpired:
            second.kill()
    assert done.status == JobStatus.DONE, (done.error, log.read_text()[-3000:])
    assert done.attempts == 2
    complaints = db.scalars(select(Complaint).where(Complaint.recording_id == rec_id)).all()
    assert len(complaints) == 1 and complaints[0].status == "draft"
    assert "lost its worker" in log.read_text()


def test_running_a_finished_job_again_creates_nothing(client, db, settings, unique_wav):
    """Duplicate deliveries and forced re-runs (job reset to queued) never add complaints."""
    if not (settings.models_dir / "manifest.json").exists():
        pytest.skip("no ASR model installed under models/")
    body = upload(client, unique_wav)  # runs inline (immediate mode)
    job_id, rec_id = body["job"]["id"], body["recording"]["id"]
    assert (
        flows.run_intake(job_id, settings=get_settings()) == JobStatus.DONE
    )  # second delivery: nothing to do
    db.rollback()
    job = db.get(Job, job_id)
    job.status = JobStatus.QUEUED  # as if a sweep had wrongly re-queued it
    db.commit()
    assert (
        flows.run_intake(job_id, settings=get_settings()) == JobStatus.DONE
    )  # reuses the stored transcript, finds the span taken
    db.rollback()
    assert len(db.scalars(select(Complaint).where(Complaint.recording_id == rec_id)).all()) == 1
    assert db.get(Job, job_id, populate_existing=True).attempts == 2


def test_database_outage_leaves_the_job_to_a_retry(client, db, settings, unique_wav, queued, monkeypatch):
    """With the database gone the job raises (Huey retries it, retries=3) and changes nothing; once the
    database is back the same job runs to the end."""
    from api import jobs
    from api.config import get_settings

    if not (settings.models_dir / "manifest.json").exists():
        pytest.skip("no ASR model installed under models/")
    body = upload(client, unique_wav)  # queued, not run: the fixture switched immediate mode off
    job_id = body["job"]["id"]
    assert jobs.job_task.retries >= 1
    monkeypatch.setenv(
        "SUARA_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/gone?connect_timeout=1"
    )
    get_settings.cache_clear()
    with pytest.raises(OperationalError):
        flows.run_intake(job_id, settings=get_settings())
    monkeypatch.setenv("SUARA_DATABASE_URL", settings.sqlalchemy_url)
    get_settings.cache_clear()
    assert job_row(db, job_id).status == JobStatus.QUEUED and job_row(db, job_id).attempts == 0
    assert flows.run_intake(job_id, settings=get_settings()) == JobStatus.DONE
    db.rollback()
    assert (
        len(db.scalars(select(Complaint).where(Complaint.recording_id == body["recording"]["id"])).all()) == 1
    )
