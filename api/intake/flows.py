"""Where voice, nlp and the store meet: upload → transcript → analysis → draft complaints.

Each step is idempotent so that a job killed anywhere can simply run again: the machine transcript is
stored once per recording and reused, and complaints are unique per recording and time span.
voice/ and nlp/ are imported inside the functions: they are heavy, and the API must start without them.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from api import jobs
from api.access import policy
from api.access.policy import Action
from api.agency import routing as agency_routing
from api.complaint import numbers as spoken
from api.complaint import service as complaint_service
from api.config import Settings
from api.database import session_scope
from api.errors import UnsupportedMedia
from api.intake import numbers, rules
from api.intake.analysis import apply_analysis
from api.intake.lease import Heartbeat, claim, fail_job
from api.kernel import SYSTEM, Channel, Principal, Role
from api.recording import service, transcripts
from api.recording.messages import without_paths
from api.recording.models import Job, JobStatus, Recording
from api.recording.schemas import RecordingMeta

if TYPE_CHECKING:  # imported inside the functions at run time: heavy, and the API starts without it
    from nlp import Analysis
    from nlp.routing import RoutingRule as EngineRule
    from voice import Transcript

log = logging.getLogger(__name__)
# The intake job: files complaints on behalf of whoever uploaded the recording.
MACHINE = Principal(username="machine", role=Role.SYSADMIN, via="system")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One future complaint: a time span of the recording, its text and nlp's reading of it."""

    start: float
    end: float
    text: str
    analysis: Analysis | None
    reporter_name: str | None = None
    store_routed: bool = False  # the analysis's agencies come from the store's rules (nlp.analyze(rules=…))


def store_upload(
    *,
    db_session: Session,
    staged: Path,
    sha256: str,
    size: int,
    original_name: str | None,
    meta: RecordingMeta,
    principal: Principal,
    settings: Settings,
) -> tuple[Recording, Job | None, bool]:
    """Check the staged bytes are audio (by content), archive them and queue their intake job.

    Returns (recording, job, created). A second upload of the same bytes returns the first recording and
    its job. Raises UnsupportedMedia for anything ffprobe cannot play; the staged file is then deleted.
    """
    policy.require(principal, Action.UPLOAD)  # the caller deletes the staged file on any error
    existing = service.get_by_hash(db_session=db_session, sha256=sha256)
    if existing is not None:
        staged.unlink(missing_ok=True)
        return existing, service.latest_job(db_session=db_session, recording_id=existing.id), False
    from voice import AudioDecodeError, probe

    try:
        info = probe(staged)
    except AudioDecodeError as exc:
        staged.unlink(missing_ok=True)
        label = original_name or "the upload"
        detail = without_paths(str(exc), names={staged: label}).removeprefix(f"{label}: ")
        raise UnsupportedMedia(f"not a playable audio file: {detail}") from exc
    recording, created = service.store(
        db_session=db_session, staged=staged, sha256=sha256, size=size, format_name=info.format_name,
        codec=info.codec, duration=info.duration, original_name=original_name, meta=meta,
        actor=principal.username,
        recordings_dir=settings.recordings_dir,
    )  # fmt: skip
    if not created:
        return recording, service.latest_job(db_session=db_session, recording_id=recording.id), False
    return recording, service.create_job(db_session=db_session, recording_id=recording.id), True


def store_and_queue(
    *,
    db_session: Session,
    staged: Path,
    sha256: str,
    size: int,
    original_name: str | None,
    meta: RecordingMeta,
    principal: Principal,
    settings: Settings,
) -> tuple[Recording, Job | None, bool]:
    """store_upload, committed, then its new intake job handed to the queue — in that order, because
    the worker must find the rows when it gets the task. Returns what store_upload returns."""
    recording, job, created = store_upload(
        db_session=db_session, staged=staged, sha256=sha256, size=size, original_name=original_name,
        meta=meta, principal=principal, settings=settings,
    )  # fmt: skip
    db_session.commit()
    if created and job is not None:
        jobs.enqueue(job.id)
    return recording, job, created


def _transcribe(
    recording: Recording, path: Path, settings: Settings, progress: Callable[[float], None]
) -> Transcript:
    import voice

    if recording.channel == Channel.RADIO:
        first = voice.transcribe_talkshow(
            path, language=recording.language, models_dir=settings.models_dir, progress=progress
        )
    else:
        first = voice.transcribe_file(
            path, language=recording.language, models_dir=settings.models_dir, progress=progress
        )
    return numbers.listen_again(first, path, settings)  # number stretches decoded again


def _transcribe_tolerantly(
    recording: Recording, path: Path, settings: Settings, heartbeat: Heartbeat
) -> Transcript:
    """The machine transcript to store. A file ffmpeg refuses is transcribed again from what
    voice.salvage rescues, and its metadata says so (`damage`); with nothing to hear, AudioDecodeError."""
    import voice

    def progress(fraction: float) -> None:
        heartbeat.set(progress=0.8 * fraction)

    try:
        return _transcribe(recording, path, settings, progress)
    except voice.AudioDecodeError as exc:
        refused = without_paths(str(exc), roots=[settings.recordings_dir])
    log.warning("recording %s is damaged (%s); decoding what can be read", recording.id, refused)
    heartbeat.set(stage="salvage", progress=0.0)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="salvage-", dir=settings.data_dir) as folder:
        rescued = voice.salvage(path, Path(folder) / "rescued.wav")
        heartbeat.set(stage="transcribe")
        heard = _transcribe(recording, rescued.path, settings, progress)
    damage = {
        "summary": rescued.describe(),
        "decoded_seconds": rescued.seconds,
        "expected_seconds": rescued.expected,
        "problems": list(rescued.problems),
        "refused": refused,
    }
    warnings = [*heard.metadata.get("warnings", []), rescued.describe()]
    return replace(heard, metadata={**heard.metadata, "damage": damage, "warnings": warnings})


def _context(recording: Recording, settings: Settings, home_region: str | None) -> Any:
    from nlp.types import AnalysisContext

    default_region, region_code = rules.analysis_regions(home_region, settings.default_region)
    return AnalysisContext(
        default_region=default_region,
        recorded_at=recording.recorded_at or recording.created_at,
        channel=str(recording.channel),
        region_code=region_code,
    )


def nlp_model_dir(settings: Settings) -> Path:
    """The trained nlp pipeline under the configured models folder (SUARA_MODELS_DIR)."""
    return settings.models_dir / "nlp" / "suara-id"


def nlp_or_none() -> Any | None:
    """nlp/, or None while it is not installed: drafts are then made unclassified, for a human to sort."""
    try:
        import nlp

        return nlp
    except ImportError:
        log.warning("nlp is not available; drafts will have no analysis")
        return None


def routing_rules(db_session: Session) -> tuple[EngineRule, ...] | None:
    """The store's routing rules in nlp's form (cached until the table changes); None without nlp."""
    if nlp_or_none() is None:
        return None
    return agency_routing.engine_rules(db_session)


def candidates(
    recording: Recording,
    transcript: Transcript,
    settings: Settings,
    home_region: str | None = None,
    store_rules: Sequence[EngineRule] | None = None,
) -> list[Candidate]:
    """One candidate per hotline call, one per caller for a radio talkshow.

    `home_region` is the uploader's agency region: the calls' complaints stay inside it. `store_rules`
    (the store's routing rules) route a call's analysis, so that it needs no second routing; a
    talkshow's callers are routed by the store afterwards (nlp's split_talkshow takes no rules).
    """
    nlp = nlp_or_none()
    context = _context(recording, settings, home_region)
    end = round(transcript.duration or recording.duration, 2)
    model_dir = nlp_model_dir(settings)
    if recording.channel == Channel.RADIO and nlp is not None:
        found = nlp.split_talkshow(transcript.turns(), context, model_dir=model_dir)
        if found:
            return [Candidate(c.start, c.end, c.text, c.analysis, c.reporter_name) for c in found]
        # No caller told apart (no speaker turns, or only the host): one draft for a human to listen to,
        # rather than silently dropping a programme.
    text = rules.draft_text(transcript.text)
    heard = nlp is not None and rules.worth_analysing(transcript.text)
    if not heard:
        return [Candidate(0.0, end, text, None)]
    analysis = nlp.analyze(text, context, model_dir=model_dir, rules=store_rules)
    return [Candidate(0.0, end, text, analysis, store_routed=store_rules is not None)]


def _make_complaints(
    db_session: Session,
    recording: Recording,
    found: list[Candidate],
    settings: Settings,
    transcript: Transcript | None = None,
) -> int:
    """File one draft per candidate (a second delivery files nothing new); `transcript` gives each new
    complaint its spoken numbers with their audio spans (read from its stored form, made once here)."""
    stored = transcript.to_dict() if transcript is not None else None
    created_count = 0
    for cand in found:
        complaint, created = complaint_service.create(
            db_session=db_session, principal=MACHINE, text=cand.text, channel=recording.channel,
            recording_id=recording.id, span=(cand.start, cand.end), reporter_name=cand.reporter_name,
            filed_by=recording.uploaded_by, default_zone=settings.timezone,
            start_clock=cand.analysis is None,  # else apply_analysis starts it, once, in the final zone
        )  # fmt: skip
        if rules.applies_analysis(created, cand.analysis):
            apply_analysis(
                db_session=db_session, complaint=complaint, analysis=cand.analysis, actor=MACHINE.username,
                default_zone=settings.timezone, store_routed=cand.store_routed,
            )  # fmt: skip
        if created:
            spoken.refresh(db_session=db_session, complaint=complaint, transcript_data=stored)
        created_count += created
    return created_count


def run_intake(job_id: int, *, settings: Settings) -> JobStatus:
    """The intake job: transcribe (once), analyse, and file one draft complaint per call or caller.

    A file ffmpeg refuses is decoded again tolerantly: what can be heard becomes complaints flagged as
    damaged audio. Audio with nothing to hear and model errors fail the job for good with voice's message;
    anything else (a database hiccup) leaves the job queued and re-raises so that the queue retries it.
    """
    from voice import VoiceError

    url = settings.sqlalchemy_url
    with session_scope(url) as db_session:
        job = claim(db_session, job_id, settings=settings)
        if job is None:
            return JobStatus.DONE
        recording = service.get(
            db_session=db_session, principal=SYSTEM, recording_id=job.recording_id or 0,
            default_region=settings.default_region,
        )  # fmt: skip
        transcript = transcripts.machine_transcript(db_session=db_session, recording_id=recording.id)
        home_region = policy.home_region(db_session, recording.uploaded_by)
    heartbeat = Heartbeat(job_id, settings=settings)
    try:
        with heartbeat:
            if rules.must_transcribe(transcript):
                heartbeat.set(stage="transcribe", progress=0.0)
                path = service.file_path(recording=recording, recordings_dir=settings.recordings_dir)
                heard = _transcribe_tolerantly(recording, path, settings, heartbeat)
                with session_scope(url) as db_session:
                    transcript = transcripts.save_machine_transcript(
                        db_session=db_session, recording_id=recording.id, transcript=heard
                    )
            assert transcript is not None  # stored earlier, or just now
            heartbeat.set(stage="analyze", progress=0.8)
            heartbeat.flush()
            with session_scope(url, write=False) as db_session:
                store_rules = routing_rules(db_session)
            found = candidates(recording, transcript, settings, home_region, store_rules)
            heartbeat.set(stage="complaints", progress=0.95)
            with session_scope(url) as db_session:
                made = _make_complaints(db_session, recording, found, settings, transcript)
                damaged = service.mark_damage(
                    db_session=db_session,
                    recording_id=recording.id,
                    damage=rules.damage_of(transcript.metadata),
                )
                if damaged:
                    complaint_service.mark_audio_damaged(db_session=db_session, recording_id=recording.id)
                service.finish_job(db_session=db_session, job_id=job_id, status=JobStatus.DONE)
            log.info("job %s: recording %s gave %d new complaint(s)", job_id, recording.id, made)
            return JobStatus.DONE
    except VoiceError as exc:
        fail_job(job_id, str(exc), final=True, settings=settings)
        return JobStatus.FAILED
    except Exception as exc:
        fail_job(job_id, f"{type(exc).__name__}: {exc}", final=False, settings=settings)
        raise
