"""The audio archive: content-addressed files under recordings/YYYY/MM/ and their jobs (transcript
versions: api/recording/transcripts.py).

Reads for a principal go through `get`, `get_job` and `may_hear`, which apply api/access/policy.py: a
recording exists for its uploader, the system, and those who can reach a complaint cut from it.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.database import utcnow
from api.errors import NotFound
from api.kernel import Principal, Role
from api.recording.models import Job, JobKind, JobStatus, Recording
from api.recording.schemas import RecordingMeta, RecordingRead

if TYPE_CHECKING:  # voice is heavy: imported on use, the API starts without it
    pass

# ffprobe format names → the extension the archive stores the file under.
_EXTENSIONS = {
    "wav": "wav", "mp3": "mp3", "ogg": "ogg", "flac": "flac", "matroska,webm": "webm", "webm": "webm",
    "mov,mp4,m4a,3gp,3g2,mj2": "m4a", "amr": "amr", "aac": "aac", "aiff": "aiff", "au": "au", "caf": "caf",
}  # fmt: skip


def extension_for(format_name: str) -> str:
    return _EXTENSIONS.get(format_name, format_name.split(",")[0][:8] or "bin")


def get(
    *, db_session: Session, principal: Principal, recording_id: int, default_region: str | None
) -> Recording:
    """A recording the principal may reach; NotFound alike for a missing one and one out of sight.

    `default_region` is the deployment's own area (SUARA_DEFAULT_REGION), as for complaints.
    """
    policy.require(principal, Action.READ_RECORDINGS)
    scope = policy.recording_scope(principal, db_session=db_session, default_region=default_region)
    recording = db_session.scalars(select(Recording).where(Recording.id == recording_id, scope)).first()
    if recording is None:
        raise NotFound(f"recording {recording_id} does not exist")
    return recording


def may_hear(
    *, db_session: Session, principal: Principal, recording_id: int, default_region: str | None
) -> bool:
    """Whether the principal may play the recording and read its transcripts (policy.may_hear)."""
    return policy.may_hear(
        principal, db_session=db_session, recording_id=recording_id, default_region=default_region
    )


def audible(
    *, db_session: Session, principal: Principal, recording_id: int, default_region: str | None
) -> Recording:
    """A recording whose audio and transcripts the principal may have; else NotFound, as if missing."""
    scope = {"db_session": db_session, "principal": principal, "default_region": default_region}
    recording = get(recording_id=recording_id, **scope)
    if not may_hear(recording_id=recording_id, **scope):
        raise NotFound(f"recording {recording_id} does not exist")
    return recording


def shaped(principal: Principal, recording: Recording) -> RecordingRead:
    """The recording's metadata, its caller number only where `policy.sees_caller_number` allows."""
    out = RecordingRead.model_validate(recording)
    if not policy.sees_caller_number(principal, recording):
        out = out.model_copy(update={"caller_number": None})
    return out


def get_by_hash(*, db_session: Session, sha256: str) -> Recording | None:
    return db_session.scalars(select(Recording).where(Recording.sha256 == sha256)).first()


def file_path(*, recording: Recording, recordings_dir: Path) -> Path:
    return recordings_dir / recording.path


def store(
    *,
    db_session: Session,
    staged: Path,
    sha256: str,
    size: int,
    format_name: str,
    codec: str,
    duration: float,
    original_name: str | None,
    meta: RecordingMeta,
    actor: str,
    recordings_dir: Path,
) -> tuple[Recording, bool]:
    """Move a checked upload into the archive and add its row; the same content twice gives the first row.

    The caller has looked the hash up already (intake's `store_upload`, before probing); a copy that
    arrives meanwhile is caught by the unique hash. The staged file is always consumed: moved into place
    or deleted. A failed insert removes the file, so nothing is ever half-stored.
    """
    now = utcnow()
    relative = Path(f"{now:%Y}/{now:%m}/{sha256}.{extension_for(format_name)}")
    target = recordings_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(staged, target)
    recording = Recording(
        sha256=sha256, path=relative.as_posix(), size_bytes=size, format_name=format_name, codec=codec,
        duration=duration, original_name=original_name, uploaded_by=actor, created_at=now,
        **meta.model_dump(),
    )  # fmt: skip
    try:
        with db_session.begin_nested():
            db_session.add(recording)
            db_session.flush()
    except IntegrityError:
        # Another upload of the same bytes won the race; its file is identical, so keep it.
        existing = get_by_hash(db_session=db_session, sha256=sha256)
        if existing is None or existing.path != relative.as_posix():  # kept under another month's folder
            target.unlink(missing_ok=True)
        if existing is None:
            raise
        return existing, False
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return recording, True


def create_job(*, db_session: Session, recording_id: int) -> Job:
    """A queued intake job for a stored recording (the caller enqueues it once committed)."""
    job = Job(kind=JobKind.INTAKE, recording_id=recording_id, status=JobStatus.QUEUED, created_at=utcnow())
    db_session.add(job)
    db_session.flush()
    return job


def create_analysis_job(*, db_session: Session, complaint_id: int) -> Job:
    """A queued analysis job for a text complaint, in the transaction that files it (so it is never lost)."""
    job = Job(kind=JobKind.ANALYZE, complaint_id=complaint_id, status=JobStatus.QUEUED, created_at=utcnow())
    db_session.add(job)
    db_session.flush()
    return job


def get_job(*, db_session: Session, principal: Principal, job_id: int, default_region: str | None) -> Job:
    """A job whose recording the principal may hear (exactly when GET /recordings/{id} answers);
    NotFound alike for a missing one and one unseen."""
    policy.require(principal, Action.READ_RECORDINGS)
    job = db_session.get(Job, job_id)
    if job is not None:
        try:
            audible(
                db_session=db_session, principal=principal, recording_id=job.recording_id or 0,
                default_region=default_region,
            )  # fmt: skip
        except NotFound:
            job = None
    if job is None:
        raise NotFound(f"job {job_id} does not exist")
    return job


def list_jobs(
    *,
    db_session: Session,
    principal: Principal,
    default_region: str | None,
    status: JobStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Job]:
    """Jobs of the recordings the principal may hear, newest first; `status=failed` lists what needs
    an operator, each with its reason."""  # fmt: skip
    policy.require(principal, Action.READ_RECORDINGS)
    scope = policy.recording_scope(principal, db_session=db_session, default_region=default_region)
    stmt = select(Job).join(Recording, Job.recording_id == Recording.id).where(scope)
    if status is not None:
        stmt = stmt.where(Job.status == status)
    stmt = stmt.order_by(Job.id.desc())
    # The SQL scope admits what the principal may reach; hearing the audio can take more (every complaint
    # cut from it readable), decided per recording, so rows are read in batches until the page is full.
    found: list[Job] = []
    read, skipped, batch = 0, 0, 200
    while len(found) < limit:
        rows = list(db_session.scalars(stmt.limit(batch).offset(read)))
        read += len(rows)
        for job in rows:
            if len(found) == limit or not _hears(db_session, principal, job, default_region):
                continue
            if skipped < offset:
                skipped += 1
                continue
            found.append(job)
        if len(rows) < batch:
            break
    return found


def _hears(db_session: Session, principal: Principal, job: Job, default_region: str | None) -> bool:
    """may_hear, without its queries for the common cases: the system and the recording's uploader."""
    if principal.role == Role.SYSADMIN:
        return True
    recording = db_session.get(Recording, job.recording_id)
    if recording is not None and recording.uploaded_by == principal.username:
        return True
    return may_hear(
        db_session=db_session, principal=principal, recording_id=job.recording_id or 0,
        default_region=default_region,
    )  # fmt: skip


def retry_job(
    *, db_session: Session, principal: Principal, job_id: int, default_region: str | None
) -> tuple[Job, bool]:
    """Set a failed job back to queued (the caller enqueues it once committed); (job, whether requeued).

    Idempotent: a job queued, running or done is left as it is. A re-run never duplicates complaints
    (one per recording and span) nor transcribes again once the machine transcript is stored."""
    job = get_job(db_session=db_session, principal=principal, job_id=job_id, default_region=default_region)
    policy.require(principal, Action.UPLOAD)
    if job.status != JobStatus.FAILED:
        return job, False
    finish_job(db_session=db_session, job_id=job_id, status=JobStatus.QUEUED, error=job.error)
    return job, True


def _job(db_session: Session, job_id: int) -> Job:
    job = db_session.get(Job, job_id)
    if job is None:
        raise NotFound(f"job {job_id} does not exist")
    return job


def find_job(*, db_session: Session, job_id: int) -> Job | None:
    """A job by id for the worker that runs it (no principal: the queue is the system's own)."""
    return db_session.get(Job, job_id)


def latest_job(*, db_session: Session, recording_id: int) -> Job | None:
    stmt = select(Job).where(Job.recording_id == recording_id).order_by(Job.id.desc()).limit(1)
    return db_session.scalars(stmt).first()


def claim_job(*, db_session: Session, job_id: int, now: datetime, lease_seconds: int) -> Job | None:
    """Mark a job running and count the attempt.

    None when there is nothing to do: the job is done or failed for good, or another worker is running
    it and still beating (a duplicate delivery of the same task).
    """
    job = db_session.get(Job, job_id, with_for_update=True)
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return None
    alive = job.heartbeat_at is not None and now - job.heartbeat_at < timedelta(seconds=lease_seconds)
    if job.status == JobStatus.RUNNING and alive:
        return None
    job.status, job.attempts, job.error = JobStatus.RUNNING, job.attempts + 1, None
    job.started_at = job.started_at or now
    job.heartbeat_at = now
    db_session.flush()
    return job


def beat(
    *, db_session: Session, job_id: int, progress: float | None = None, stage: str | None = None
) -> None:
    """Heartbeat and progress: a running job that stops beating is considered dead and retried."""
    values: dict[str, Any] = {"heartbeat_at": utcnow()}
    if progress is not None:
        values["progress"] = round(min(max(progress, 0.0), 1.0), 4)
    if stage is not None:
        values["stage"] = stage
    db_session.execute(update(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING).values(**values))


def finish_job(*, db_session: Session, job_id: int, status: JobStatus, error: str | None = None) -> None:
    job = _job(db_session, job_id)
    job.status, job.error = status, error
    if status == JobStatus.DONE:
        job.progress, job.stage = 1.0, "done"
    job.finished_at = utcnow() if status in (JobStatus.DONE, JobStatus.FAILED) else None
    if status == JobStatus.QUEUED:  # about to be handed to the queue again (a retry)
        job.enqueued_at = utcnow()
    db_session.flush()


def record_failure(
    *, db_session: Session, job_id: int, error: str, final: bool, max_attempts: int
) -> JobStatus:
    """A job stopped on an error: failed for good when `final` or out of attempts, else queued for a retry."""
    job = _job(db_session, job_id)
    status = JobStatus.FAILED if final or job.attempts >= max_attempts else JobStatus.QUEUED
    finish_job(db_session=db_session, job_id=job_id, status=status, error=error[:2000])
    return status


def mark_damage(*, db_session: Session, recording_id: int, damage: str | None) -> bool:
    """Record what was wrong with a recording's audio (None: it was whole); True when it was damaged.

    The intake flow then flags the complaints cut from it (complaint service `mark_audio_damaged`).
    """
    recording = db_session.get(Recording, recording_id)
    if recording is None or damage is None:
        return False
    recording.damage = damage[:2000]
    db_session.flush()
    return True


def stale_jobs(*, db_session: Session, lease_seconds: int, now: datetime) -> list[int]:
    """Jobs marked running whose worker stopped beating (killed, machine lost): set back to queued."""
    cutoff = now - timedelta(seconds=lease_seconds)
    jobs = db_session.scalars(
        select(Job).where(Job.status == JobStatus.RUNNING, Job.heartbeat_at < cutoff).with_for_update()
    ).all()
    for job in jobs:
        job.status, job.error = JobStatus.QUEUED, f"worker lost after attempt {job.attempts}; retrying"
        job.enqueued_at = now
    db_session.flush()
    return [job.id for job in jobs]


def lost_jobs(*, db_session: Session, now: datetime, after: timedelta, limit: int = 1000) -> list[int]:
    """Queued jobs handed to the queue longer than `after` ago and never started: their task was lost
    (the process died between committing the row and enqueueing it). Marked as handed again now.

    A row still waiting behind a long queue may be picked too; a second delivery is harmless
    (`claim_job` runs a job once), and `after` keeps such repeats rare.
    """
    handed = func.coalesce(Job.enqueued_at, Job.created_at)
    jobs = db_session.scalars(
        select(Job).where(Job.status == JobStatus.QUEUED, handed < now - after).limit(limit).with_for_update()
    ).all()
    for job in jobs:
        job.enqueued_at = now
    db_session.flush()
    return [job.id for job in jobs]
