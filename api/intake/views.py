"""HTTP routes where complaints come in: the recording upload (streamed, then queued for the intake job)
and the SMS gateway webhook. Open311 submissions keep their own router (api/open311/views.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from api import jobs
from api.access import policy
from api.access.policy import Action
from api.deps import PrincipalDep, SessionDep, SettingsDep, SignedIn
from api.errors import InvalidInput
from api.intake import flows, service
from api.intake.schemas import SmsIn, SmsReply
from api.limits import upload_endpoint
from api.recording import service as recording_service
from api.recording import upload
from api.recording.schemas import JobRead, RecordingMeta, UploadResult

# Tags per route: the upload stays under "recordings" in the API docs, where its URL is.
router = APIRouter(dependencies=[SignedIn])

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
    tags=["recordings"],
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
        recording, job, created = flows.store_and_queue(
            db_session=db_session, staged=staged.path, sha256=staged.sha256, size=staged.size,
            original_name=staged.filename, meta=meta, principal=principal, settings=settings,
        )  # fmt: skip
        if created and job is not None:
            db_session.refresh(job)  # its status as the queue left it (immediate mode runs it inline)
        return UploadResult(
            created=created,
            recording=recording_service.shaped(principal, recording),
            job=JobRead.model_validate(job) if job else None,
        )

    try:
        result = await run_in_threadpool(store)
    finally:
        staged.path.unlink(missing_ok=True)  # already moved into the archive unless something failed
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return result


@router.post(
    "/intake/sms",
    tags=["intake"],
    response_model=SmsReply,
    status_code=status.HTTP_201_CREATED,
    summary='SMS gateway webhook: "KEYWORD isi laporan" becomes a draft complaint',
    responses={200: {"description": "the same message id was already filed", "model": SmsReply}},
)
def receive_sms(
    body: SmsIn,
    response: Response,
    background: BackgroundTasks,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> SmsReply:
    """Needs the gateway's token (scope `intake:sms`); the reporter's number arrives as `from`."""
    complaint, created = service.file_sms(
        db_session=db_session, principal=principal, sender=body.sender, text=body.text,
        keywords=settings.keyword_set, message_id=body.id, received_at=body.received_at,
        default_zone=settings.timezone,
    )  # fmt: skip
    analysis_job = jobs.queue_analysis(db_session=db_session, complaint_id=complaint.id) if created else None
    db_session.commit()
    if analysis_job is not None:
        # Queued after the reply is sent: the gateway waits for the tracking number only; the periodic
        # sweep queues again an analysis job whose task was lost if the process dies in between.
        background.add_task(jobs.enqueue, analysis_job)
    else:
        response.status_code = status.HTTP_200_OK
    return SmsReply(
        tracking_number=complaint.tracking_number or "", created=created, reply=service.reply_text(complaint)
    )
