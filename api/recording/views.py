"""HTTP routes of recordings: metadata, audio with Range, jobs, transcripts. Thin by design: the services
decide, from the principal, what exists for it (api/access/policy.py). The upload, where intake starts,
lives in api/intake/views.py under the same URL."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from api import jobs
from api.deps import IdPath, PrincipalDep, SessionDep, SettingsDep, SignedIn
from api.errors import NotFound
from api.recording import service, transcripts
from api.recording.models import JobStatus
from api.recording.schemas import JobRead, RecordingRead

router = APIRouter(tags=["recordings"], dependencies=[SignedIn])


@router.get("/recordings/{recording_id:int}", response_model=RecordingRead)
def read_recording(
    recording_id: IdPath, db_session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> Any:
    """Only for those who may also hear it: an uploaded file's name can carry the caller's name or number."""
    recording = service.audible(
        db_session=db_session, principal=principal, recording_id=recording_id,
        default_region=settings.default_region,
    )  # fmt: skip
    return service.shaped(principal, recording)


@router.get(
    "/recordings/{recording_id:int}/audio",
    response_class=FileResponse,
    summary="Stream the audio; supports HTTP Range so players can seek",
    responses={206: {"description": "partial content"}, 416: {"description": "range not satisfiable"}},
)
def stream_audio(
    recording_id: IdPath, db_session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> FileResponse:
    recording = service.audible(
        db_session=db_session, principal=principal, recording_id=recording_id,
        default_region=settings.default_region,
    )  # fmt: skip
    path = service.file_path(recording=recording, recordings_dir=settings.recordings_dir)
    if not path.is_file():
        raise NotFound(f"the audio of recording {recording_id} is missing from the archive")
    media = {"wav": "audio/wav", "mp3": "audio/mpeg", "ogg": "audio/ogg", "webm": "audio/webm"}
    return FileResponse(path, media_type=media.get(path.suffix.lstrip("."), "application/octet-stream"))


@router.get("/recordings/{recording_id:int}/transcripts", summary="Every transcript version, oldest first")
def list_transcripts(
    recording_id: IdPath, db_session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> list[dict[str, Any]]:
    service.audible(
        db_session=db_session, principal=principal, recording_id=recording_id,
        default_region=settings.default_region,
    )  # fmt: skip
    rows = transcripts.transcripts(db_session=db_session, recording_id=recording_id)
    return [
        {
            "version": t.version,
            "source": t.source,
            "text": t.text,
            "author": t.author,
            "created_at": t.created_at,
        }
        for t in rows
    ]


@router.get(
    "/jobs",
    response_model=list[JobRead],
    summary="Jobs of the recordings one may hear, newest first; ?status=failed lists them with their reasons",
)
def list_jobs(
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    status_: Annotated[JobStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Any:
    return service.list_jobs(
        db_session=db_session, principal=principal, status=status_, limit=limit, offset=offset,
        default_region=settings.default_region,
    )  # fmt: skip


@router.get("/jobs/{job_id:int}", response_model=JobRead, summary="Job status and progress")
def read_job(job_id: IdPath, db_session: SessionDep, settings: SettingsDep, principal: PrincipalDep) -> Any:
    return service.get_job(
        db_session=db_session, principal=principal, job_id=job_id, default_region=settings.default_region
    )


@router.post(
    "/jobs/{job_id:int}/retry",
    response_model=JobRead,
    summary="Queue a failed job again (a job not failed is answered as it is; complaints never doubled)",
)
def retry_job(job_id: IdPath, db_session: SessionDep, settings: SettingsDep, principal: PrincipalDep) -> Any:
    job, requeued = service.retry_job(
        db_session=db_session, principal=principal, job_id=job_id, default_region=settings.default_region
    )
    if requeued:
        db_session.commit()
        jobs.enqueue(job_id)
        db_session.refresh(job)
    return job
