"""HTTP routes of recordings: upload, metadata, audio with Range, jobs, transcripts. Thin by design:
the services decide, from the principal, what exists for it (api/access/policy.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import ValidationError

from api import jobs
from api.access import policy
from api.access.policy import Action
from api.deps import IdPath, PrincipalDep, SessionDep, SettingsDep, SignedIn
from api.errors import InvalidInput, NotFound
from api.intake import flows
from api.intake import turns as intake_turns
from api.limits import upload_endpoint
from api.recording import service, turns, upload
from api.recording.models import JobStatus
from api.recording.schemas import (
    JobRead,
    RecordingMeta,
    RecordingRead,
    TurnFixResult,
    TurnMerge,
    TurnRead,
    TurnRelabel,
    TurnSplit,
    TurnsRead,
    UploadResult,
)

router = APIRouter(tags=["recordings"], dependencies=[SignedIn])

UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "any audio ffmpeg reads",
                        },
                        "channel": {"type": "string", "enum": ["hotline", "radio", "upload", "web"]},
                        "station": {"type": "string", "example": "RRI Purwokerto"},
                        "programme": {"type": "string", "example": "Halo Bupati"},
                        "caller_number": {"type": "string", "example": "+6281234567890"},
                        "language": {"type": "string", "example": "id"},
                        "recorded_at": {"type": "string", "format": "date-time"},
                        "notes": {"type": "string", "maxLength": 1000, "example": "Minta ditelepon balik"},
                    },
                }
            }
        },
    }
}


def _meta(fields: dict[str, str]) -> RecordingMeta:
    try:
        return RecordingMeta(**{k: v for k, v in fields.items() if v != ""})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInput(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from exc


@router.post(
    "/recordings",
    response_model=UploadResult,
    status_code=status.HTTP_201_CREATED,
    openapi_extra=UPLOAD_BODY,
    summary="Upload a recording (streamed; checked by content; same bytes twice return the first)",
    responses={200: {"description": "already stored", "model": UploadResult}, 413: {}, 415: {}, 422: {}},
)
@upload_endpoint
async def upload_recording(
    request: Request,
    response: Response,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> UploadResult:
    policy.require(principal, Action.UPLOAD)  # before a byte is read (flows checks again when storing)
    staged = await upload.receive(
        request,
        staging_dir=settings.data_dir / "incoming",
        max_bytes=settings.max_upload_bytes,
        fields=frozenset(RecordingMeta.model_fields),
    )
    try:
        meta = _meta(staged.fields)
    except InvalidInput:
        staged.path.unlink(missing_ok=True)
        raise

    def store() -> UploadResult:
        recording, job, created = flows.store_upload(
            db_session=db_session, staged=staged.path, sha256=staged.sha256, size=staged.size,
            original_name=staged.filename, meta=meta, principal=principal, settings=settings,
        )  # fmt: skip
        db_session.commit()  # the worker must see the rows before it gets the task
        if created and job is not None:
            jobs.enqueue_intake(job.id)
            db_session.refresh(job)
        return UploadResult(
            created=created,
            recording=service.shaped(principal, recording),
            job=JobRead.model_validate(job) if job else None,
        )

    try:
        result = await run_in_threadpool(store)
    finally:
        staged.path.unlink(missing_ok=True)  # already moved into the archive unless something failed
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return result


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
    rows = service.transcripts(db_session=db_session, recording_id=recording_id)
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
        jobs.enqueue_intake(job_id)
        db_session.refresh(job)
    return job


# --- a talkshow's speaker turns, and the producer's fixes to them (api/recording/turns.py) ----------


def _turns_read(recording_id: int, version: int, segments: list[dict[str, Any]]) -> TurnsRead:
    return TurnsRead(
        recording_id=recording_id,
        version=version,
        speakers=turns.speakers(segments),
        turns=[TurnRead(**vars_of(t)) for t in turns.timeline(segments)],
    )


def vars_of(turn: turns.TurnView) -> dict[str, Any]:
    return {k: getattr(turn, k) for k in ("index", "speaker", "start", "end", "text", "band")}


@router.get(
    "/recordings/{recording_id:int}/turns",
    response_model=TurnsRead,
    summary="A talkshow as host, guest and caller turns (newest transcript version)",
)
def read_turns(recording_id: IdPath, db_session: SessionDep, principal: PrincipalDep) -> Any:
    service.audible(db_session=db_session, principal=principal, recording_id=recording_id)
    current = service.transcript(db_session=db_session, recording_id=recording_id)
    if current is None:
        raise NotFound(f"recording {recording_id} has no transcript yet")
    return _turns_read(recording_id, current.version, list(current.data.get("segments", [])))


def _fix(
    recording_id: int, db_session: Any, settings: Any, principal: Any, action: str, **fields: Any
) -> TurnFixResult:
    result = intake_turns.apply_edit(
        db_session=db_session, principal=principal, settings=settings, recording_id=recording_id,
        action=action, **fields,
    )  # fmt: skip
    db_session.commit()
    current = service.transcript(db_session=db_session, recording_id=recording_id, version=result.version)
    segments = list(current.data.get("segments", [])) if current else []
    return TurnFixResult(**result.as_dict(), turns=_turns_read(recording_id, result.version, segments))


FIX_ANSWERS: dict[int | str, dict[str, Any]] = {403: {}, 404: {}, 409: {}, 422: {}}


@router.post(
    "/recordings/{recording_id:int}/turns/merge",
    response_model=TurnFixResult,
    responses=FIX_ANSWERS,
    summary="Merge two speakers that are one person; the show's complaints follow",
)
def merge_turns(
    recording_id: IdPath,
    body: TurnMerge,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> Any:
    return _fix(
        recording_id, db_session, settings, principal, "merge",
        keep=body.keep, absorb=body.absorb, based_on=body.based_on_version,
    )  # fmt: skip


@router.post(
    "/recordings/{recording_id:int}/turns/split",
    response_model=TurnFixResult,
    responses=FIX_ANSWERS,
    summary="Split a speaker that is two people from a moment on; the show's complaints follow",
)
def split_turns(
    recording_id: IdPath,
    body: TurnSplit,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> Any:
    return _fix(
        recording_id, db_session, settings, principal, "split",
        speaker=body.speaker, at=body.at, to=body.role, based_on=body.based_on_version,
    )  # fmt: skip


@router.post(
    "/recordings/{recording_id:int}/turns/relabel",
    response_model=TurnFixResult,
    responses=FIX_ANSWERS,
    summary="Give a speaker another role (a guest who was a caller); the show's complaints follow",
)
def relabel_turns(
    recording_id: IdPath,
    body: TurnRelabel,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> Any:
    return _fix(
        recording_id, db_session, settings, principal, "relabel",
        speaker=body.speaker, to=body.to, based_on=body.based_on_version,
    )  # fmt: skip
