"""The task queue: Huey on SQLite (one machine), Redis (several) or immediate (tests), one code path.

Tasks only carry ids; the work lives in api/intake/flows.py. The job rows, not Huey, are the truth
about progress: a worker killed mid-job leaves its row "running" without heartbeat, and the sweep
(at consumer start and every minute) queues it again.
"""

from __future__ import annotations

import logging

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab

from api.config import QueueMode, Settings, get_settings
from api.database import session_scope, utcnow

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
def intake_task(job_id: int) -> str:
    from api.intake.flows import run_intake

    return str(run_intake(job_id, settings=get_settings()))


@huey.task(retries=3, retry_delay=2)
def analyze_task(complaint_id: int) -> bool:
    from api.intake.flows import analyze_complaint

    return analyze_complaint(complaint_id, settings=get_settings())


def requeue_stale_jobs() -> list[int]:
    """Queue again the jobs whose worker died (no heartbeat within the lease)."""
    from api.recording import service

    settings = get_settings()
    with session_scope(settings.sqlalchemy_url) as db_session:
        ids = service.stale_jobs(
            db_session=db_session, lease_seconds=settings.job_lease_seconds, now=utcnow()
        )
    for job_id in ids:
        log.warning("job %s lost its worker; queueing it again", job_id)
        intake_task(job_id)
    return ids


def sweep_deadlines() -> dict[str, int]:
    from api.complaint import transitions

    settings = get_settings()
    with session_scope(settings.sqlalchemy_url) as db_session:
        return transitions.sweep_deadlines(db_session=db_session, default_zone=settings.timezone)


def requeue_unanalysed() -> list[int]:
    """Queue analysis again for text complaints whose task was lost before it ran."""
    from datetime import timedelta

    from api.complaint import service

    with session_scope(get_settings().sqlalchemy_url) as db_session:
        ids = service.unanalysed(
            db_session=db_session, now=utcnow(), grace=timedelta(minutes=2), horizon=timedelta(days=1)
        )
    for complaint_id in ids:
        analyze_task(complaint_id)
    return ids


@huey.periodic_task(crontab(minute="*"))
def periodic_sweep() -> None:
    """Every minute: escalate overdue complaints, auto-close responded ones, rescue orphaned work."""
    sweep_deadlines()
    requeue_stale_jobs()
    requeue_unanalysed()


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
        requeue_stale_jobs()
    except Exception:  # the database may not be migrated yet; the periodic sweep tries again
        log.warning("could not look for orphaned jobs at start", exc_info=True)


def enqueue_intake(job_id: int) -> None:
    intake_task(job_id)


def enqueue_analysis(complaint_id: int) -> None:
    analyze_task(complaint_id)
