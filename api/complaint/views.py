"""HTTP routes of complaints: list, read, create, edit, transitions, responses, merges and exports.

Thin: every route hands the principal to the service, which decides what it may see and do.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, status
from fastapi.responses import FileResponse, Response, StreamingResponse

from api import jobs
from api.complaint import attachments, clips, disclosure, edits, export, query, service, transitions
from api.complaint.models import Complaint, Status
from api.complaint.schemas import (
    ComplaintCreate,
    ComplaintDetail,
    ComplaintFilter,
    ComplaintPage,
    ComplaintRead,
    ComplaintUpdate,
    MergeRequest,
    ResponseCreate,
    SortField,
    TranscriptCorrection,
    TransitionRequest,
)
from api.deps import IdPath, PrincipalDep, SessionDep, SettingsDep, SignedIn
from api.validation import IdQuery, RegionCode, UtcDatetime

router = APIRouter(tags=["complaints"], dependencies=[SignedIn])


async def complaint_filter(
    status_: Annotated[list[Status] | None, Query(alias="status", description="repeat for several")] = None,
    agency_id: IdQuery = None,
    topic: Annotated[str | None, Query(max_length=64)] = None,
    region: Annotated[RegionCode | None, Query(description="region code: it and all within")] = None,
    channel: Annotated[str | None, Query(max_length=16)] = None,
    overdue: bool | None = None,
    created_from: UtcDatetime | None = None,
    created_to: UtcDatetime | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="words in the text")] = None,
    reporter_phone: Annotated[
        str | None, Query(pattern=r"^\+?[0-9]{6,15}$", description="exact number: 0812…, 62812… or +62812…")
    ] = None,
    reporter_nik: Annotated[str | None, Query(pattern=r"^[0-9]{16}$", description="exact NIK")] = None,
    sort: SortField = SortField.CREATED_AT,
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> ComplaintFilter:
    return ComplaintFilter(
        status=tuple(status_ or ()), agency_id=agency_id, topic=topic, region=region, channel=channel,
        overdue=overdue, created_from=created_from, created_to=created_to, q=q, reporter_phone=reporter_phone,
        reporter_nik=reporter_nik, sort=sort, descending=order == "desc", limit=limit, offset=offset,
    )  # fmt: skip


FilterDep = Annotated[ComplaintFilter, Depends(complaint_filter)]


def load_complaint(
    complaint_id: IdPath, db_session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> Complaint:
    """The complaint in the path as the principal may reach it: 404 for a missing one and one out of sight."""
    return service.get(
        db_session=db_session, principal=principal, complaint_id=complaint_id,
        default_region=settings.default_region,
    )  # fmt: skip


ComplaintDep = Annotated[Complaint, Depends(load_complaint)]


@router.get("/complaints", response_model=ComplaintPage, summary="List, filter, sort and page complaints")
def list_complaints(
    db_session: SessionDep, settings: SettingsDep, principal: PrincipalDep, flt: FilterDep
) -> ComplaintPage:
    """Without phone and NIK (read one complaint for those: that read is recorded)."""
    items, total = query.list_complaints(
        db_session=db_session, principal=principal, flt=flt, default_region=settings.default_region
    )
    return ComplaintPage(
        items=[disclosure.shaped(principal, c) for c in items],
        total=total,
        limit=flt.limit,
        offset=flt.offset,
    )


@router.post("/complaints", response_model=ComplaintRead, status_code=status.HTTP_201_CREATED)
def create_complaint(
    body: ComplaintCreate,
    background: BackgroundTasks,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> Any:
    """File a typed complaint (operator or web form); nlp's analysis follows as a job."""
    complaint, created = service.create(
        db_session=db_session, principal=principal, default_zone=settings.timezone, **body.model_dump()
    )
    analysis_job = jobs.queue_analysis(db_session=db_session, complaint_id=complaint.id) if created else None
    db_session.commit()
    if analysis_job is not None:
        background.add_task(jobs.enqueue, analysis_job)
    return disclosure.shaped(principal, complaint)


def _detail(
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    complaint: Complaint,
    *,
    writable: bool = True,
) -> ComplaintDetail:
    return disclosure.detail(
        db_session=db_session, principal=principal, complaint=complaint, writable=writable,
        default_region=settings.default_region,
    )  # fmt: skip


@router.get("/complaints/by-tracking/{tracking}", response_model=ComplaintDetail)
def read_by_tracking(
    tracking: Annotated[str, Path(max_length=32)],
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> ComplaintDetail:
    complaint = service.get_by_tracking(
        db_session=db_session, principal=principal, tracking=tracking.upper(),
        default_region=settings.default_region,
    )  # fmt: skip
    return _detail(db_session, settings, principal, complaint, writable=False)


@router.get(
    "/complaints/{complaint_id:int}", response_model=ComplaintDetail, summary="One complaint, in full"
)
def read_complaint(
    complaint: ComplaintDep, db_session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> ComplaintDetail:
    """Reporter phone and NIK appear here only, and each such read is recorded as a `read_contact` event."""
    return _detail(db_session, settings, principal, complaint, writable=False)


@router.patch("/complaints/{complaint_id:int}", response_model=ComplaintDetail)
def edit_complaint(
    body: ComplaintUpdate,
    complaint: ComplaintDep,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> ComplaintDetail:
    edits.update(db_session=db_session, principal=principal, complaint=complaint, changes=body)
    return _detail(db_session, settings, principal, complaint)


@router.post(
    "/complaints/{complaint_id:int}/transitions",
    response_model=ComplaintDetail,
    summary="Move along the workflow; 409 lists the allowed transitions",
    responses={409: {"description": "transition not allowed; `allowed` lists the legal targets"}},
)
def apply_transition(
    body: TransitionRequest,
    complaint: ComplaintDep,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> ComplaintDetail:
    transitions.transition(
        db_session=db_session, principal=principal, complaint=complaint, to=body.to, note=body.note,
        agency=body.agency, minutes=body.minutes, default_zone=settings.timezone,
    )  # fmt: skip
    return _detail(db_session, settings, principal, complaint)


@router.post("/complaints/{complaint_id:int}/responses", response_model=ComplaintDetail, status_code=201)
def add_response(
    body: ResponseCreate,
    complaint: ComplaintDep,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> ComplaintDetail:
    """The agency's follow-up (tindak lanjut); moves the complaint to responded."""
    transitions.respond(
        db_session=db_session, principal=principal, complaint=complaint, text=body.text, minutes=body.minutes,
        default_zone=settings.timezone,
    )  # fmt: skip
    return _detail(db_session, settings, principal, complaint)


@router.get(
    "/complaints/{complaint_id:int}/attachments/{name}",
    response_class=FileResponse,
    summary="A file the agency attached to its response",
)
def read_attachment(
    name: Annotated[str, Path(max_length=80)],
    complaint: ComplaintDep,
    db_session: SessionDep,
    settings: SettingsDep,
) -> FileResponse:
    """Whoever may read the complaint may read its attachments; served as a download, never rendered."""
    path, item = attachments.find(
        db_session=db_session, complaint=complaint, stored_name=name,
        directory=attachments.directory(settings.data_dir),
    )  # fmt: skip
    return FileResponse(
        path, media_type=item.media_type, filename=item.name, content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )  # fmt: skip


@router.get(
    "/complaints/{complaint_id:int}/clip",
    response_class=Response,
    summary="The complaint's own stretch of its recording (its caller alone) as mp3, ogg or wav",
    responses={200: {"content": {m: {} for m in ("audio/mpeg", "audio/ogg", "audio/wav")}}, 404: {}, 409: {}},
)
def read_clip(
    complaint: ComplaintDep,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    fmt: Annotated[Literal["mp3", "ogg", "wav"], Query(alias="format")] = "mp3",
) -> Response:
    found = clips.clip(
        db_session=db_session, principal=principal, complaint=complaint, fmt=fmt,
        recordings_dir=settings.recordings_dir, default_region=settings.default_region,
    )  # fmt: skip
    disposition = f'inline; filename="{found.filename}"'
    headers = {"Content-Disposition": disposition, "Cache-Control": "private, no-store"}
    return Response(found.data, media_type=found.media_type, headers=headers)


@router.post("/complaints/{complaint_id:int}/merge", response_model=ComplaintDetail)
def merge_duplicates(
    body: MergeRequest,
    complaint: ComplaintDep,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> ComplaintDetail:
    """Mark the listed complaints as duplicates of this one."""
    transitions.merge(
        db_session=db_session, principal=principal, original=complaint, duplicate_ids=body.duplicates,
        note=body.note, default_region=settings.default_region, default_zone=settings.timezone,
    )  # fmt: skip
    return _detail(db_session, settings, principal, complaint)


@router.post(
    "/complaints/{complaint_id:int}/transcript", response_model=ComplaintDetail, status_code=201,
    summary="Correct the transcript: a new version, the machine's stays",
)  # fmt: skip
def correct_transcript(
    body: TranscriptCorrection,
    complaint: ComplaintDep,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> ComplaintDetail:
    edits.correct_transcript(
        db_session=db_session, principal=principal, complaint=complaint, text=body.text,
        segments=None if body.segments is None else [s.model_dump() for s in body.segments], note=body.note,
    )  # fmt: skip
    return _detail(db_session, settings, principal, complaint)


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=export.EXPORT_COLUMNS)
    writer.writeheader()
    for i, row in enumerate(rows, 1):
        writer.writerow(row)
        if i % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
    yield "]"


@router.get(
    "/complaints/export.csv", response_class=StreamingResponse, summary="CSV export honouring filters"
)
def export_csv(settings: SettingsDep, principal: PrincipalDep, flt: FilterDep) -> StreamingResponse:
    rows = export.export_rows(
        url=settings.sqlalchemy_url, principal=principal, flt=flt, default_region=settings.default_region
    )
    headers = {"Content-Disposition": 'attachment; filename="complaints.csv"'}
    return StreamingResponse(_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)


@router.get(
    "/complaints/export.json", response_class=StreamingResponse, summary="JSON export honouring filters"
)
def export_json(settings: SettingsDep, principal: PrincipalDep, flt: FilterDep) -> StreamingResponse:
    rows = export.export_rows(
        url=settings.sqlalchemy_url, principal=principal, flt=flt, default_region=settings.default_region
    )
    return StreamingResponse(_json(rows), media_type="application/json")
