"""A running job's lease: its heartbeat while the work blocks, and how it stops on an error.

Every kind of job (a recording's intake, a text complaint's analysis) runs under the same lease: a
worker that stops beating for `SUARA_JOB_LEASE_SECONDS` is presumed dead and the sweep queues its job
again (api/jobs.py); an error either fails the job for good or leaves it queued for the queue's retry.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.orm import Session

from api.config import Settings
from api.database import session_scope, utcnow
from api.recording import service
from api.recording.messages import without_paths
from api.recording.models import Job

log = logging.getLogger(__name__)


class Heartbeat:
    """Keeps a running job's heartbeat fresh from a side thread while the work blocks (transcription)."""

    def __init__(self, job_id: int, *, settings: Settings) -> None:
        # Beat every 2 s at most, so that progress shows while a long recording is transcribed.
        self.job_id, self.url = job_id, settings.sqlalchemy_url
        self.interval = min(max(settings.job_lease_seconds / 4, 0.5), 2.0)
        self.progress: float | None = None
        self.stage: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id}", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.flush()

    def flush(self) -> None:
        try:
            with session_scope(self.url) as db_session:
                service.beat(
                    db_session=db_session, job_id=self.job_id, progress=self.progress, stage=self.stage
                )
        except Exception:  # a missed beat only delays nothing; the next one retries
            log.warning("heartbeat of job %s failed", self.job_id, exc_info=True)

    def set(self, *, progress: float | None = None, stage: str | None = None) -> None:
        self.progress = progress if progress is not None else self.progress
        self.stage = stage or self.stage

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def claim(db_session: Session, job_id: int, *, settings: Settings) -> Job | None:
    """Take job `job_id` under a fresh lease; None when there is nothing to run (done, failed for good,
    or running under a live lease: a duplicate delivery)."""
    return service.claim_job(
        db_session=db_session, job_id=job_id, now=utcnow(), lease_seconds=settings.job_lease_seconds
    )


def fail_job(job_id: int, message: str, *, final: bool, settings: Settings) -> None:
    """Record why a job stopped: for good (`final`, or out of attempts) or until the queue retries it.

    The message is shown to operators, so the archive's folder is taken out of it (the file's archive
    name stays) and any other absolute path is cut to its file name.
    """
    message = without_paths(message, roots=[settings.recordings_dir, settings.data_dir])
    try:
        with session_scope(settings.sqlalchemy_url) as db_session:
            service.record_failure(
                db_session=db_session, job_id=job_id, error=message, final=final,
                max_attempts=settings.job_max_attempts,
            )  # fmt: skip
    except Exception:
        log.exception("could not record the failure of job %s", job_id)
