"""Radio talkshows as a producer sees them: the recordings of the radio channel in their sight, newest
first, each with its latest intake job (status and progress)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.config import get_settings
from api.kernel import Channel, Principal
from api.recording.models import Job, Recording


@dataclass(frozen=True, slots=True)
class Show:
    recording: Recording
    job: Job | None


def list_shows(*, db_session: Session, principal: Principal, limit: int = 50) -> list[Show]:
    """Talkshows the principal may reach (policy.recording_scope), newest upload first, with their job."""
    policy.require(principal, Action.READ_RECORDINGS)
    scope = policy.recording_scope(
        principal, db_session=db_session, default_region=get_settings().default_region
    )
    stmt = (
        select(Recording)
        .where(Recording.channel == Channel.RADIO, scope)
        .order_by(Recording.created_at.desc(), Recording.id.desc())
        .limit(limit)
    )
    recordings = list(db_session.scalars(stmt))
    latest: dict[int, Job] = {}
    if recordings:
        jobs = db_session.scalars(
            select(Job).where(Job.recording_id.in_([r.id for r in recordings])).order_by(Job.id)
        )
        latest = {job.recording_id: job for job in jobs if job.recording_id is not None}
    return [Show(recording, latest.get(recording.id)) for recording in recordings]
