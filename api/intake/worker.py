"""What a queued job does, by its kind: a recording's intake (flows.run_intake) or a text complaint's
analysis. One task in the queue (api/jobs.py) carries only the job's id; the row says what to do."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from api.complaint import numbers as spoken
from api.complaint import service as complaint_service
from api.config import Settings
from api.database import session_scope
from api.errors import NotFound
from api.intake.analysis import apply_analysis
from api.intake.flows import MACHINE, nlp_model_dir, nlp_or_none, routing_rules, run_intake
from api.intake.lease import Heartbeat, claim, fail_job
from api.kernel import SYSTEM
from api.recording import service
from api.recording.models import JobKind, JobStatus

log = logging.getLogger(__name__)

NO_NLP = "nlp is not installed: the complaint stays unclassified, for an official to sort"


def run_job(job_id: int, *, settings: Settings) -> JobStatus:
    """Run job `job_id` once, whatever its kind; DONE also for a job already done or gone."""
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        job = service.find_job(db_session=db_session, job_id=job_id)
        kind = job.kind if job is not None else None
    if kind is None:
        log.warning("job %s no longer exists; nothing to do", job_id)
        return JobStatus.DONE
    if kind == JobKind.ANALYZE:
        return run_analysis(job_id, settings=settings)
    return run_intake(job_id, settings=settings)


def run_analysis(job_id: int, *, settings: Settings) -> JobStatus:
    """The analysis job of a text complaint (SMS, typed, Open311): nlp's suggestions applied to its draft.

    Claimed under the same lease as an intake job; the analysis and the job's end are one transaction,
    so a worker killed in between leaves the complaint unanalysed and the job to be run again.
    """
    url = settings.sqlalchemy_url
    with session_scope(url) as db_session:
        job = claim(db_session, job_id, settings=settings)
        if job is None:
            return JobStatus.DONE
        complaint_id = job.complaint_id or 0
    if nlp_or_none() is None:
        fail_job(job_id, NO_NLP, final=True, settings=settings)
        return JobStatus.FAILED
    try:
        with Heartbeat(job_id, settings=settings) as heartbeat:
            heartbeat.set(stage="analyze")  # loading the nlp model the first time can outlast a lease
            with session_scope(url) as db_session:
                _analyze(db_session, complaint_id, settings)
                service.finish_job(db_session=db_session, job_id=job_id, status=JobStatus.DONE)
        return JobStatus.DONE
    except NotFound as exc:
        fail_job(job_id, str(exc), final=True, settings=settings)
        return JobStatus.FAILED
    except Exception as exc:
        fail_job(job_id, f"{type(exc).__name__}: {exc}", final=False, settings=settings)
        raise


def _analyze(db_session: Session, complaint_id: int, settings: Settings) -> None:
    """Classify one filed text complaint and apply the result; a complaint analysed already is left be."""
    import nlp
    from nlp.types import AnalysisContext

    complaint = complaint_service.get(
        db_session=db_session, principal=SYSTEM, complaint_id=complaint_id,
        default_region=settings.default_region,
    )  # fmt: skip
    if complaint.analyzed_at is not None:
        return
    context = AnalysisContext(
        default_region=complaint.region_code or settings.default_region,
        recorded_at=complaint.created_at,
        channel=complaint.channel,
        region_code=complaint.region_code,
    )
    analysis = nlp.analyze(
        complaint.text, context, model_dir=nlp_model_dir(settings), rules=routing_rules(db_session)
    )
    apply_analysis(
        db_session=db_session, complaint=complaint, analysis=analysis, actor=MACHINE.username,
        default_zone=settings.timezone, store_routed=True,
    )  # fmt: skip
    spoken.refresh(db_session=db_session, complaint=complaint, transcript_data=None)
