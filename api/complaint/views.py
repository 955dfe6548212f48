"""HTTP routes of complaints: list, read, create, edit, transitions, responses, merges and exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, status
from fastapi.responses import StreamingResponse

from api import jobs
from api.complaint import service, workflow
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
    TranscriptRead,
    TransitionRequest,
)
from api.config import Settings
from api.database import session_factory
from api.deps import ActorDep, ComplaintDep, SessionDep, SettingsDep
from api.errors import InvalidInput
from api.recording import service as recording_service

router = APIRouter(tags=["complaints"])
IdPath = Annotated[int, Path(ge=1, le=2**62)]
EXPORT_COLUMNS = [
    "tracking_number", "status", "channel", "kind", "topic", "region_code", "agency_id", "public_text",
    "anonymous", "confidential", "urgent", "overdue", "created_at", "verified_at", "dispatched_at",
    "responded_at", "closed_at", "due_at", "recording_id", "span_start", "span_end", "duplicate_of_id",
]  # fmt: skip


def complaint_filter(
    status_: Annotated[list[Status] | None, Query(alias="status", description="repeat for several")] = None,
    agency_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    topic: Annotated[str | None, Query(max_length=64)] = None,
    region: Annotated[str | None, Query(pattern=r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")] = None,
    channel: Annotated[str | None, Query(max_length=16)] = None,
    overdue: bool | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
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
    for moment in (created_from, created_to):
        if moment is not None and moment.tzinfo is None:
            raise InvalidInput("created_from and created_to need a time zone, e.g. 2026-03-01T00:00:00+07:00")
    return ComplaintFilter(
        status=tuple(status_ or ()), agency_id=agency_id, topic=topic, region=region, channel=channel,
        overdue=overdue, created_from=created_from, created_to=created_to, q=q, reporter_phone=reporter_phone,
        reporter_nik=reporter_nik, sort=sort, descending=order == "desc", limit=limit, offset=offset,
    )  # fmt: skip


FilterDep = Annotated[ComplaintFilter, Depends(complaint_filter)]


@router.get("/complaints", response_model=ComplaintPage, summary="List, filter, sort and page complaints")
def list_complaints(db_session: SessionDep, flt: FilterDep) -> ComplaintPage:
    items, total = service.list_complaints(db_session=db_session, flt=flt)
    return ComplaintPage(
        items=[ComplaintRead.model_validate(c) for c in items],
        total=total,
        limit=flt.limit,
        offset=flt.offset,
    )


@router.post("/complaints", response_model=ComplaintRead, status_code=status.HTTP_201_CREATED)
def create_complaint(
    body: ComplaintCreate, background: BackgroundTasks, db_session: SessionDep, actor: ActorDep
) -> Any:
    """File a typed complaint (operator or web form); nlp's analysis follows as a job."""
    complaint, _ = service.create(db_session=db_session, actor=actor, **body.model_dump())
    db_session.commit()
    background.add_task(jobs.enqueue_analysis, complaint.id)
    return complaint


def detail(db_session: Any, complaint: Complaint) -> ComplaintDetail:
    transcript = None
    if complaint.recording_id is not None:
        row = recording_service.transcript(db_session=db_session, recording_id=complaint.recording_id)
        transcript = TranscriptRead.model_validate(row) if row else None
    base = ComplaintRead.model_validate(complaint).model_dump()
    return ComplaintDetail(
        **base,
        allowed_transitions=workflow.allowed(Status(complaint.status)),
        possible_duplicates=service.possible_duplicates(db_session=db_session, complaint=complaint),  # type: ignore[arg-type]
        suggestions=complaint.suggestions or {},
        transcript=transcript,
        events=service.events(db_session=db_session, complaint_id=complaint.id),  # type: ignore[arg-type]
        responses=service.responses(db_session=db_session, complaint_id=complaint.id),  # type: ignore[arg-type]
    )


@router.get("/complaints/by-tracking/{tracking}", response_model=ComplaintDetail)
def read_by_tracking(
    tracking: Annotated[str, Path(max_length=32)], db_session: SessionDep
) -> ComplaintDetail:
    return detail(db_session, service.get_by_tracking(db_session=db_session, tracking=tracking.upper()))


@router.get(
    "/complaints/{complaint_id:int}", response_model=ComplaintDetail, summary="One complaint, in full"
)
def read_complaint(complaint: ComplaintDep, db_session: SessionDep) -> ComplaintDetail:
    return detail(db_session, complaint)


@router.patch("/complaints/{complaint_id:int}", response_model=ComplaintDetail)
def edit_complaint(
    body: ComplaintUpdate, complaint: ComplaintDep, db_session: SessionDep, actor: ActorDep
) -> ComplaintDetail:
    service.update(db_session=db_session, complaint=complaint, changes=body, actor=actor)
    return detail(db_session, complaint)


@router.post(
    "/complaints/{complaint_id:int}/transitions",
    response_model=ComplaintDetail,
    summary="Move along the workflow; 409 lists the allowed transitions",
    responses={409: {"description": "transition not allowed; `allowed` lists the legal targets"}},
)
def apply_transition(
    body: TransitionRequest, complaint: ComplaintDep, db_session: SessionDep, actor: ActorDep
) -> ComplaintDetail:
    service.transition(
        db_session=db_session, complaint=complaint, to=body.to, actor=actor, note=body.note,
        agency=body.agency, minutes=body.minutes,
    )  # fmt: skip
    return detail(db_session, complaint)


@router.post("/complaints/{complaint_id:int}/responses", response_model=ComplaintDetail, status_code=201)
def add_response(
    body: ResponseCreate, complaint: ComplaintDep, db_session: SessionDep, actor: ActorDep
) -> ComplaintDetail:
    """The agency's follow-up (tindak lanjut); moves the complaint to responded."""
    service.respond(
        db_session=db_session, complaint=complaint, text=body.text, actor=actor, minutes=body.minutes
    )
    return detail(db_session, complaint)


@router.post("/complaints/{complaint_id:int}/merge", response_model=ComplaintDetail)
def merge_duplicates(
    body: MergeRequest, complaint: ComplaintDep, db_session: SessionDep, actor: ActorDep
) -> ComplaintDetail:
    """Mark the listed complaints as duplicates of this one."""
    service.merge(
        db_session=db_session, original=complaint, duplicate_ids=body.duplicates, actor=actor, note=body.note
    )
    return detail(db_session, complaint)


@router.post(
    "/complaints/{complaint_id:int}/transcript", response_model=ComplaintDetail, status_code=201,
    summary="Correct the transcript: a new version, the machine's stays",
)  # fmt: skip
def correct_transcript(
    body: TranscriptCorrection, complaint: ComplaintDep, db_session: SessionDep, actor: ActorDep
) -> ComplaintDetail:
    if complaint.recording_id is None:
        raise InvalidInput(f"{complaint.tracking_number} came as text; edit its text instead")
    recording_service.correct_transcript(
        db_session=db_session, recording_id=complaint.recording_id, text=body.text, actor=actor,
        segments=body.segments, note=body.note,
    )  # fmt: skip
    service.record(
        db_session=db_session, complaint=complaint, actor=actor, action="correct_transcript", note=body.note
    )
    return detail(db_session, complaint)


def _rows(settings: Settings, flt: ComplaintFilter) -> Iterator[dict[str, Any]]:
    # Exports outlive the request's session: they stream from their own, read-only.
    with session_factory(settings.sqlalchemy_url)() as db_session:
        for complaint in service.iterate(db_session=db_session, flt=flt):
            row = {name: getattr(complaint, name) for name in EXPORT_COLUMNS}
            yield {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
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
def export_csv(settings: SettingsDep, flt: FilterDep) -> StreamingResponse:
    headers = {"Content-Disposition": 'attachment; filename="complaints.csv"'}
    return StreamingResponse(
        _csv(_rows(settings, flt)), media_type="text/csv; charset=utf-8", headers=headers
    )


@router.get(
    "/complaints/export.json", response_class=StreamingResponse, summary="JSON export honouring filters"
)
def export_json(settings: SettingsDep, flt: FilterDep) -> StreamingResponse:
    return StreamingResponse(_json(_rows(settings, flt)), media_type="application/json")
