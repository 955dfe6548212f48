"""The officials' queue: complaints ordered by urgency and deadline, filtered and searched like the API's
list, a page at a time, with bulk verify, dispatch and archive.

Every row comes through the complaint store with the official's principal (`query.list_complaints`,
sort `urgency`), so jurisdiction, raw-text search rules and disclosure are the API's. A bulk action runs
each row through the same workflow step as the API, one savepoint per row: a row that cannot move is
refused with its reason and the others still move.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.access.policy import Action
from api.agency import service as agency_service
from api.complaint import disclosure, service, transitions
from api.complaint import query as complaint_query
from api.complaint.models import Complaint, Status
from api.complaint.schemas import ComplaintFilter, SortField
from api.config import Settings
from api.deps import SessionDep, SettingsDep
from api.errors import Forbidden, InvalidInput, InvalidTransition, NotFound, SuaraError
from api.pages import refusals
from api.pages.i18n import Translate
from api.pages.labels import channel_labels, status_labels, topic_names
from api.pages.render import render
from api.pages.viewer import Viewer, page_viewer

router = APIRouter(include_in_schema=False)
Official = Annotated[Viewer, Depends(page_viewer(Action.VERIFY))]

PAGE_SIZE = 25
MAX_BULK = 50  # one page and a bit: the summary travels in a cookie
FLASH_COOKIE = "suara_bulk"
# What waits for an official by default: the stages whose clock is theirs (workflow.due_for).
AWAITING = (Status.DRAFT, Status.POSTPONED, Status.VERIFIED, Status.RETURNED)
BULK_STEPS = {"verify": Status.VERIFIED, "dispatch": Status.DISPATCHED, "archive": Status.ARCHIVED}
DAY_ZONE = "Asia/Jakarta"  # date filters count whole days in WIB, the zone most complaints are filed in
# nlp's warning when no topic is likely enough (nlp/pipeline.py): a person must read it before filing.
REVIEW_WARNING = "perlu ditinjau"


def needs_review(complaint: Complaint) -> bool:
    """True while nlp's low-confidence warning stands and nobody has verified the complaint yet.

    Read from the row's own suggestions (already loaded with it), so the flag costs the queue no query.
    """
    if complaint.verified_at is not None:
        return False
    warnings = (complaint.suggestions or {}).get("warnings") or []
    return any(isinstance(w, str) and w.startswith(REVIEW_WARNING) for w in warnings)


@dataclass(frozen=True)
class QueueQuery:
    """The queue's filters as the form sent them (strings kept for re-filling the form)."""

    status: str = "awaiting"
    topic: str = ""
    agency: str = ""
    region: str = ""
    channel: str = ""
    overdue: str = ""
    created_from: str = ""
    created_to: str = ""
    q: str = ""
    page: int = 1

    def query_string(self, **changes: Any) -> str:
        values = {**self.__dict__, **changes}
        return urlencode({k: v for k, v in values.items() if v not in ("", None) and (k, v) != ("page", 1)})


def _day(value: str, label: str) -> datetime | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{label}: not a date") from None
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(DAY_ZONE))


def to_filter(query: QueueQuery) -> ComplaintFilter:
    """The service's filter for the form's values; InvalidInput names the first one that is not valid."""
    if query.status == "awaiting":
        statuses: tuple[Status, ...] = AWAITING
    elif query.status in ("", "all"):
        statuses = ()
    elif query.status in Status._value2member_map_:
        statuses = (Status(query.status),)
    else:
        raise InvalidInput("status: unknown")
    agency_id = None
    if query.agency:
        if not query.agency.isdigit():
            raise InvalidInput("agency: unknown")
        agency_id = int(query.agency)
    created_from = _day(query.created_from, "from")
    created_to = _day(query.created_to, "until")
    return ComplaintFilter(
        status=statuses, agency_id=agency_id, topic=query.topic or None, region=query.region or None,
        channel=query.channel or None, overdue={"yes": True, "no": False}.get(query.overdue),
        created_from=created_from, created_to=created_to + timedelta(days=1) if created_to else None,
        q=query.q.strip() or None, sort=SortField.URGENCY, limit=PAGE_SIZE,
        offset=(query.page - 1) * PAGE_SIZE,
    )  # fmt: skip


def _query(request: Request) -> QueueQuery:
    params = request.query_params
    raw_page = params.get("page", "1")
    page = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) <= 100_000 else 1
    fields = {name: params.get(name, "")[:200] for name in QueueQuery.__dataclass_fields__ if name != "page"}
    if "status" not in params:
        fields["status"] = "awaiting"
    return QueueQuery(**fields, page=page)


def _read_flash(request: Request) -> dict[str, Any] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()))
        return data if isinstance(data, dict) else None
    except (ValueError, json.JSONDecodeError):
        return None


def refusal_text(t: Translate, code: str, status: str | None) -> str:
    """Why a row did not move, in the official's words."""
    if code == "transition":
        shown = status_labels(t).get(status or "", status or "")
        return t("not possible from its status ({status})", status=shown)
    return {
        "not_found": t("not found, or outside your jurisdiction"),
        "forbidden": t("your role may not do this"),
        "no_agency": t("choose an agency before dispatching"),
    }.get(code, t("refused"))


def _summary(t: Translate, flash: dict[str, Any] | None) -> dict[str, Any] | None:
    if not flash:
        return None
    refused = [
        {"tracking": str(row[0]), "why": refusal_text(t, str(row[1]), row[2] if len(row) > 2 else None)}
        for row in flash.get("refused", [])
        if isinstance(row, list) and len(row) >= 2
    ]
    done = [str(x) for x in flash.get("done", [])]
    return {"action": str(flash.get("action", "")), "done": done, "refused": refused}


@router.get("/queue")
def queue_page(request: Request, viewer: Official, db_session: SessionDep, settings: SettingsDep) -> Response:
    query = _query(request)
    t = viewer.t
    error = None
    try:
        flt = to_filter(query)
    except InvalidInput as exc:
        error, flt = refusals.refusal_text(t, exc.detail), to_filter(QueueQuery())
    items, total = complaint_query.list_complaints(
        db_session=db_session, principal=viewer.principal, flt=flt, default_region=settings.default_region
    )
    rows = [disclosure.shaped(viewer.principal, c) for c in items]
    review = {c.id for c in items if needs_review(c)}
    agencies = agency_service.list_agencies(db_session=db_session, principal=viewer.principal)
    agency_names = {a.id: a.name for a in agencies}
    zone = settings.timezone
    zones = {c.id: service.zone_of(db_session=db_session, complaint=c, default_zone=zone) for c in items}
    response = render(
        request, viewer, "queue/queue.html", status_code=422 if error else 200,
        rows=rows, review=review, zones=zones, total=total, query=query, pages=max(1, -(-total // PAGE_SIZE)),
        error=t("Filter not applied: {reason}", reason=t(error)) if error else None,
        statuses=status_labels(t), channels=channel_labels(t), topics=topic_names(viewer.language),
        agencies=agencies, agency_names=agency_names, summary=_summary(t, _read_flash(request)),
        may_verify=viewer.may(Action.VERIFY), may_dispatch=viewer.may(Action.DISPATCH),
        may_archive=viewer.may(Action.ARCHIVE),
    )  # fmt: skip
    if request.cookies.get(FLASH_COOKIE):
        response.delete_cookie(FLASH_COOKIE, path="/queue")
    return response


def _refusal_code(exc: SuaraError) -> str:
    if isinstance(exc, NotFound):
        return "not_found"
    if isinstance(exc, Forbidden):
        return "forbidden"
    if isinstance(exc, InvalidTransition):
        return "transition"
    if isinstance(exc, InvalidInput) and "agency" in exc.detail:
        return "no_agency"
    return "refused"


def bulk_move(
    db_session: Any,
    viewer: Viewer,
    ids: list[int],
    step: Status,
    agency: str | None,
    note: str | None,
    settings: Settings,
) -> tuple[list[str], list[list[str | None]]]:
    """Move each complaint through the workflow as the official; (done, refused) by tracking number."""
    done: list[str] = []
    refused: list[list[str | None]] = []
    for complaint_id in dict.fromkeys(ids):
        label = f"#{complaint_id}"
        status = None
        try:
            with db_session.begin_nested():
                complaint = service.get(
                    db_session=db_session, principal=viewer.principal, complaint_id=complaint_id,
                    default_region=settings.default_region,
                )  # fmt: skip
                label, status = complaint.tracking_number or label, str(complaint.status)
                # The agency list belongs to dispatch: a verify or archive never re-routes.
                chosen = (agency or complaint.agency_id) if step == Status.DISPATCHED else None
                transitions.transition(
                    db_session=db_session, principal=viewer.principal, complaint=complaint, to=step,
                    note=note, agency=int(chosen) if isinstance(chosen, str) and chosen.isdigit() else chosen,
                    default_zone=settings.timezone,
                )  # fmt: skip
            done.append(label)
        except SuaraError as exc:
            refused.append([label, _refusal_code(exc), status])
    return done, refused


@router.post("/queue/bulk")
def bulk_action(
    viewer: Official,
    db_session: SessionDep,
    settings: SettingsDep,
    action: Annotated[str, Form(max_length=16)],
    ids: Annotated[list[str] | None, Form()] = None,
    agency: Annotated[str, Form(max_length=64)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Verify, dispatch or archive the selected rows; the queue then shows what moved and what did not."""
    if action not in BULK_STEPS:
        raise InvalidInput("action: one of verify, dispatch, archive")
    chosen = [int(i) for i in ids or () if i.isdigit() and 0 < int(i) < 2**63]
    if not chosen:
        raise InvalidInput("select at least one complaint")
    if len(chosen) > MAX_BULK:
        raise InvalidInput(f"at most {MAX_BULK} complaints at once")
    done, refused = bulk_move(
        db_session, viewer, chosen, BULK_STEPS[action], agency or None, note or None, settings
    )
    db_session.commit()
    flash = {"action": action, "done": done, "refused": refused}
    target = "/queue" + (f"?{back}" if back and not back.startswith(("/", "\\")) else "")
    response = RedirectResponse(target, status_code=303)
    payload = base64.urlsafe_b64encode(json.dumps(flash, separators=(",", ":")).encode()).decode()
    response.set_cookie(FLASH_COOKIE, payload, max_age=120, path="/queue", httponly=True, samesite="lax")
    return response
