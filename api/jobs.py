"""The task queue: Huey on SQLite (one machine), Redis (several) or immediate (tests), one code path.

One task, `job_task`, carries only a job's id; the work lives in api/intake/worker.py. The job rows, not
Huey, are the truth about progress: a worker killed mid-job leaves its row "running" without heartbeat,
a task lost before it ran leaves its row "queued", and the sweep (at consumer start and every minute)
queues either again.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab

from api.config import QueueMode, Settings, get_settings
from api.database import session_scope, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def build_huey(settings: Settings) -> Huey:
    """The queue for the configured mode; results are not kept (job rows hold status and errors)."""
    if settings.queue == QueueMode.REDIS:
        return RedisHuey("suara", url=settings.redis_url, results=False)
    if settings.queue == QueueMode.IMMEDIATE:
        return MemoryHuey("suara", immediate=True, results=False)
    settings.queue_file.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("suara", filename=str(settings.queue_file), results=False)


huey = build_huey(get_settings())


@huey.task(retries=3, retry_delay=5)
def job_task(job_id: int) -> str:
    """The one task: run job `job_id` (a recording's intake or a text complaint's analysis)."""
    from api.intake.worker import run_job

    return str(run_job(job_id, settings=get_settings()))


# A queued row handed to the queue this long ago and never started lost its task (see lost_jobs).
LOST_AFTER = timedelta(minutes=5)


def requeue_lost_jobs() -> list[int]:
    """Queue again the jobs whose worker died (no heartbeat within the lease) or whose task was lost
    before it ran (a process died between committing the row and enqueueing it)."""
    from api.recording import service

    settings = get_settings()
    now = utcnow()
    with session_scope(settings.sqlalchemy_url) as db_session:
        stale = service.stale_jobs(db_session=db_session, lease_seconds=settings.job_lease_seconds, now=now)
        lost = service.lost_jobs(db_session=db_session, now=now, after=LOST_AFTER)
    for job_id in stale:
        log.warning("job %s lost its worker; queueing it again", job_id)
    for job_id in lost:
        log.warning("job %s was never started; queueing it again", job_id)
    for job_id in [*stale, *lost]:
        job_task(job_id)
    return [*stale, *lost]


def sweep_deadlines() -> dict[str, int]:
    from api.complaint import transitions

    settings = get_settings()
    with session_scope(settings.sqlalchemy_url) as db_session:
        return transitions.sweep_deadlines(db_session=db_session, default_zone=settings.timezone)


@huey.periodic_task(crontab(minute="*"))
def periodic_sweep() -> None:
    """Every minute: escalate overdue complaints, auto-close responded ones, rescue orphaned work."""
    sweep_deadlines()
    requeue_lost_jobs()


def fold_stats() -> int:
    """Move the journalled changes of the indicators' facts into their summary; returns how many."""
    from api.stats import fold

    settings = get_settings()
    with session_scope(settings.sqlalchemy_url) as db_session:
        return fold.fold(db_session)


@huey.periodic_task(crontab(minute="*"))
def periodic_fold_stats() -> None:
    """Every minute: keep the dashboard's summary close, so that its readers add up few changes."""
    fold_stats()


@huey.periodic_task(crontab(minute="17"))
def hourly_optimize() -> None:
    """Keep SQLite's query planner statistics fresh as complaints accumulate."""
    from api.database import optimize

    optimize()


def purge_sessions() -> int:
    """Delete ended web sessions (signed out, expired, idle too long); returns how many."""
    from api.auth import sessions

    settings = get_settings()
    with session_scope(settings.sqlalchemy_url) as db_session:
        return sessions.purge_ended(db_session=db_session, settings=settings, now=utcnow())


@huey.periodic_task(crontab(minute="23"))
def hourly_purge_sessions() -> None:
    """Every hour: drop web sessions nobody can use again (the auth_events log keeps their history)."""
    purged = purge_sessions()
    if purged:
        log.info("purged %d ended web session(s)", purged)


@huey.on_startup()
def _rescue_on_start() -> None:
    from api import crypto

    crypto.configure(get_settings())  # a worker process started on its own has no other edge
    try:
        requeue_lost_jobs()
    except Exception:  # the database may not be migrated yet; the periodic sweep tries again
        log.warning("could not look for orphaned jobs at start", exc_info=True)


def enqueue(job_id: int) -> None:
    """Hand a committed job row to the queue (the worker must be able to read the row)."""
    job_task(job_id)


def queue_analysis(*, db_session: Session, complaint_id: int) -> int:
    """Create the analysis job of a newly filed text complaint in the caller's transaction; returns its
    id, to `enqueue` once committed. Were the enqueue lost, the sweep finds the row (requeue_lost_jobs)."""
    from api.recording import service

    return service.create_analysis_job(db_session=db_session, complaint_id=complaint_id).id
