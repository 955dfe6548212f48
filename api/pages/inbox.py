"""The agency liaison's inbox: what was dispatched to the agency, deadlines first, answered from the page.

Everything goes through the complaint services with the liaison as principal: the list is the API's
list (scoped to the agency's dispatched complaints), respond/in progress/return are the workflow's own
steps, and what a liaison reads of an anonymous report is what `disclosure.shaped` leaves (no reporter).
The response form posts multipart (attachments) with the CSRF header, so it is sent by inbox.js.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from api.access import policy
from api.access.policy import Action
from api.agency import service as agency_service
from api.agency.models import Agency
from api.complaint import attachments, disclosure, query, service, transitions, workflow
from api.complaint.models import Complaint, Status
from api.complaint.schemas import ComplaintFilter, ComplaintRead, ResponseCreate, SortField
from api.config import Settings
from api.database import utcnow
from api.deps import IdPath, SessionDep, SettingsDep
from api.errors import InvalidInput, SuaraError, TooLarge, UnsupportedMedia
from api.limits import upload_endpoint
from api.pages.render import render
from api.pages.viewer import Viewer, page_viewer
from api.validation import region_name

router = APIRouter(include_in_schema=False)
LiaisonViewer = Annotated[Viewer, Depends(page_viewer(Action.RESPOND))]
PAGE_SIZE = 50
AGENCY_STEPS = (
    (Status.IN_PROGRESS, "in_progress"),
    (Status.RESPONDED, "responded"),
    (Status.RETURNED, "return"),
)
TRACKING = re.compile(r"SUA-\d{4}-\d{6,12}")
MAX_PAGE = 100_000  # the API's offset limit, in pages
VIEWS: dict[str, tuple[Status, ...]] = {
    "open": (Status.DISPATCHED, Status.IN_PROGRESS),
    "answered": (Status.RESPONDED, Status.CLOSED),
    "returned": (Status.RETURNED,),
}
DONE = ("responded", "in_progress", "returned")
Reason = Annotated[str, Form(max_length=2000)]


@dataclass(frozen=True)
class InboxItem:
    """One complaint as the inbox shows it."""

    complaint: ComplaintRead
    zone: str
    overdue: bool
    agency_name: str | None
    responses: list[Any]
    attachments: list[attachments.Attachment]
    steps: frozenset[str]
    region: str | None  # the region's name and code
    clip: str | None  # the caller's own stretch of audio, when the liaison may hear it


def _item(
    db_session: Session,
    viewer: Viewer,
    complaint: Complaint,
    agency: Agency | None,
    now: datetime,
    settings: Settings,
    responses: list[Any],
    files: list[attachments.Attachment],
) -> InboxItem:
    status = Status(complaint.status)
    # The agency's own three steps only: from a responded report "in progress" is the reporter's
    # objection (a verifier's step), which this page does not offer.
    steps = frozenset(
        step.value
        for step, verb in AGENCY_STEPS
        if step in workflow.TRANSITIONS[status]
        and workflow.action_name(status, step) == verb
        and viewer.may(policy.TRANSITION_ACTIONS[verb])
    )
    return InboxItem(
        complaint=disclosure.shaped(viewer.principal, complaint),
        zone=agency.timezone
        if agency
        else service.zone_of(db_session=db_session, complaint=complaint, default_zone=settings.timezone),
        overdue=complaint.overdue or workflow.is_overdue(status, complaint.due_at, now),
        agency_name=agency.name if agency else None,
        responses=responses,
        attachments=files,
        steps=steps,
        region=_region(complaint.region_code),
        clip=_clip(db_session, viewer, complaint, settings),
    )


def _clip(db_session: Session, viewer: Viewer, complaint: Complaint, settings: Settings) -> str | None:
    """The address of the complaint's clip (GET /api/v1/complaints/{id}/clip) when the viewer may hear it:
    a named caller of a complaint sent to the agency, never an anonymous one."""
    if complaint.recording_id is None:  # typed complaints have no voice: no query for them
        return None
    may = policy.may_hear_clip(
        viewer.principal, complaint, db_session=db_session, default_region=settings.default_region
    )
    return f"/api/v1/complaints/{complaint.id}/clip?format=mp3" if may else None


def _region(code: str | None) -> str | None:
    return f"{region_name(code) or code} ({code})" if code else None


def _inbox(
    request: Request, viewer: Viewer, db_session: Session, *, view: str = "open", page: int = 1,
    status_code: int = 200, errors: dict[int, str] | None = None, kept: dict[int, str] | None = None,
    done: str | None = None, ref: str | None = None,
) -> Response:  # fmt: skip
    view = view if view in VIEWS else "open"
    page = min(max(1, page), MAX_PAGE)
    flt = ComplaintFilter(
        status=VIEWS[view], sort=SortField.DUE_AT, descending=False, limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )  # fmt: skip
    settings: Settings = request.app.state.settings
    complaints, total = query.list_complaints(
        db_session=db_session, principal=viewer.principal, flt=flt, default_region=settings.default_region
    )
    now = utcnow()
    agencies = agency_service.by_ids(db_session=db_session, agency_ids=(c.agency_id for c in complaints))
    ids = [c.id for c in complaints]  # one query each for all items' responses and attachments
    responses = service.responses_by_complaint(db_session=db_session, complaint_ids=ids)
    files = attachments.listed_by_complaint(db_session=db_session, complaint_ids=ids)
    items = [
        _item(
            db_session, viewer, c, agencies.get(c.agency_id or 0), now, settings, responses[c.id], files[c.id]
        )
        for c in complaints
    ]
    return render(
        request, viewer, "inbox/inbox.html", status_code=status_code, items=items, total=total, view=view,
        views=list(VIEWS), page=page, pages=max(1, -(-total // PAGE_SIZE)), errors=errors or {},
        kept=kept or {}, done=done if done in DONE and ref else None, ref=ref,
        max_files=attachments.MAX_FILES, max_mb=attachments.MAX_FILE_BYTES // (1024 * 1024),
    )  # fmt: skip


@router.get("/inbox")
def inbox(
    request: Request, viewer: LiaisonViewer, db_session: SessionDep, view: str = "open", page: int = 1,
    done: str | None = None, ref: str | None = None,
) -> Response:  # fmt: skip
    """The agency's complaints: open ones by deadline (overdue first), answered ones, returned ones."""
    ref = ref if ref and TRACKING.fullmatch(ref) else None  # the message never repeats arbitrary text
    return _inbox(request, viewer, db_session, view=view, page=page, done=done, ref=ref)


def _done(done: str, complaint: Complaint | ComplaintRead) -> RedirectResponse:
    return RedirectResponse(f"/inbox?done={done}&ref={complaint.tracking_number}", status_code=303)


@router.post("/inbox/{complaint_id}/progress")
def mark_in_progress(
    complaint_id: IdPath, viewer: LiaisonViewer, db_session: SessionDep, settings: SettingsDep
) -> Response:
    """The agency has started on it: the workflow's in-progress step (its clock restarts)."""
    complaint = service.get(
        db_session=db_session, principal=viewer.principal, complaint_id=complaint_id,
        default_region=settings.default_region,
    )  # fmt: skip
    transitions.transition(
        db_session=db_session, principal=viewer.principal, complaint=complaint, to=Status.IN_PROGRESS,
        default_zone=settings.timezone,
    )  # fmt: skip
    return _done("in_progress", complaint)


@router.post("/inbox/{complaint_id}/return")
def return_complaint(
    request: Request, complaint_id: IdPath, viewer: LiaisonViewer, db_session: SessionDep, reason: Reason = ""
) -> Response:
    """ "Not our authority": back to the verifiers, with the reason they need to route it elsewhere."""
    settings: Settings = request.app.state.settings
    complaint = service.get(
        db_session=db_session, principal=viewer.principal, complaint_id=complaint_id,
        default_region=settings.default_region,
    )  # fmt: skip
    reason = reason.strip()
    if len(reason) < 3:
        message = viewer.t("Say why this is not your agency's authority (at least 3 characters).")
        return _inbox(request, viewer, db_session, status_code=422, errors={complaint.id: message})
    transitions.transition(
        db_session=db_session, principal=viewer.principal, complaint=complaint, to=Status.RETURNED,
        note=reason, default_zone=settings.timezone,
    )  # fmt: skip
    return _done("returned", complaint)


def _attachment_message(viewer: Viewer, refusal: SuaraError) -> str:
    """The service's refusal of an attachment, in the viewer's language."""
    t, extra = viewer.t, refusal.extra
    name = extra.get("file", "")
    messages = {
        "too_many": t("At most {count} attachments per response.", count=attachments.MAX_FILES),
        "empty": t("The attachment {name} is empty.", name=name),
        "large": t("The attachment {name} is larger than {mb} MB.", name=name,
                   mb=attachments.MAX_FILE_BYTES // (1024 * 1024)),
        "kind": t("The attachment {name} is not a PDF, JPEG or PNG file.", name=name),
    }  # fmt: skip
    return messages.get(extra.get("problem", ""), t("The attachments could not be accepted."))


async def _uploads(request: Request) -> tuple[str, list[attachments.Upload]]:
    """The form's text and files, read with the form parser's limits (a body is capped before this)."""
    form = await request.form(max_files=attachments.MAX_FILES + 1, max_fields=8)
    try:
        text = form.get("text")
        uploads = []
        for part in form.getlist("attachments"):
            if isinstance(part, UploadFile):
                data = await part.read(attachments.MAX_FILE_BYTES + 1)
                uploads.append(attachments.Upload(part.filename or "", data))
        return (text if isinstance(text, str) else ""), uploads
    finally:
        await form.close()


def _respond(
    request: Request, viewer: Viewer, db_session: Session, settings: Settings, complaint_id: int, text: str,
    uploads: list[attachments.Upload],
) -> Response:  # fmt: skip
    complaint = service.get(
        db_session=db_session, principal=viewer.principal, complaint_id=complaint_id,
        default_region=settings.default_region,
    )  # fmt: skip
    try:
        body = ResponseCreate(text=text)
    except ValidationError:
        message = viewer.t("Write the response (at least 3 characters).")
        return _inbox(request, viewer, db_session, status_code=422, errors={complaint.id: message},
                      kept={complaint.id: text})  # fmt: skip
    try:
        _, created = attachments.respond(
            db_session=db_session, principal=viewer.principal, complaint=complaint, text=body.text,
            uploads=uploads, directory=attachments.directory(settings.data_dir),
            default_zone=settings.timezone,
        )  # fmt: skip
    except (InvalidInput, TooLarge, UnsupportedMedia) as refusal:
        db_session.rollback()
        message = _attachment_message(viewer, refusal)
        return _inbox(request, viewer, db_session, status_code=refusal.status, errors={complaint.id: message},
                      kept={complaint.id: text})  # fmt: skip
    try:
        db_session.commit()  # here, not after the endpoint: a failed commit must take the new files with it
    except Exception:
        attachments.remove(created)
        raise
    return _done("responded", complaint)


@router.post("/inbox/{complaint_id}/respond")
@upload_endpoint
async def respond(
    request: Request, complaint_id: IdPath, viewer: LiaisonViewer, db_session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    """The agency's follow-up with up to five PDF/JPEG/PNG attachments: the respond step of the workflow."""
    declared = request.headers.get("content-length", "")
    limit = attachments.MAX_FILES * attachments.MAX_FILE_BYTES + 256 * 1024
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"a response with its attachments may be at most {limit} bytes")
    text, uploads = await _uploads(request)
    return await run_in_threadpool(
        _respond, request, viewer, db_session, settings, complaint_id, text, uploads
    )
