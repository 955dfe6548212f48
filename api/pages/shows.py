"""The radio producer's pages: their talkshows with an upload form (/shows), and one show as a timeline
of host and caller turns with each caller's complaint playable as its own clip (/shows/{id}), where the
producer fixes the turns (merge, split, relabel) and the complaints follow.

Uploads go from the browser to the API (POST /api/v1/recordings, with the session's CSRF header) so the
page can show the upload's progress; processing progress is the job's own (GET /api/v1/jobs/{id}).
With JavaScript off the same form posts here (POST /shows, multipart with the form's CSRF field), one
recording at a time, streamed and stored by the same code as the API's upload.
Fixes of the turns are plain forms here that call the same service as the JSON API
(api/intake/turns.py): the API stays the source of truth.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api.access import policy
from api.access.policy import Action
from api.auth.sessions import CSRF_FIELD
from api.complaint import service as complaint_service
from api.complaint.models import Complaint
from api.deps import IdPath, SessionDep, SettingsDep
from api.errors import InvalidInput, SuaraError
from api.intake import flows
from api.intake import turns as intake_turns
from api.kernel import Channel
from api.limits import upload_endpoint
from api.pages.labels import speaker_name
from api.pages.refusals import refusal_text
from api.pages.render import render
from api.pages.viewer import Viewer, page_viewer
from api.recording import service as recording_service
from api.recording import shows as show_service
from api.recording import transcripts, turns, upload
from api.recording.schemas import RecordingMeta, TurnRole

router = APIRouter(include_in_schema=False)
ProducerViewer = Annotated[Viewer, Depends(page_viewer(Action.UPLOAD))]
Text = Annotated[str, Form(max_length=40)]
COMPLAINT_PAGE = "/complaints/{id}"  # the officials' complaint page (pages for #16, item 3)
FIXES = ("merge", "split", "relabel")
UPLOADED = {"new": "Uploaded; waiting for processing", "again": "Already uploaded earlier"}
FIXED = "Turns fixed. Complaints: {updated} updated, {created} new, {retracted} withdrawn, {handled} already handled by an official left unchanged."  # noqa: E501


# Values shown through `label(kind, value)`: t(f"{kind} {value}"); each has its entry in locales/id.json
# (tests/api/pages/test_shows_http.py checks every one).
LABEL_KINDS = ("job", "stage", "status", "band", "role")


def labeller(t: Any) -> Any:
    return lambda kind, value: t(f"{kind} {value}")


def _utc_offset(zone: str) -> str:
    raw = datetime.now(ZoneInfo(zone)).strftime("%z")
    return f"{raw[:3]}:{raw[3:]}"


def _list_page(
    request: Request, viewer: Viewer, db_session: Any, settings: Any, *, status_code: int = 200,
    error: str | None = None,
) -> Response:  # fmt: skip
    found = show_service.list_shows(db_session=db_session, principal=viewer.principal)
    return render(
        request, viewer, "shows/list.html", status_code=status_code, back="/shows", shows=found,
        zone=settings.timezone, label=labeller(viewer.t), utc_offset=_utc_offset(settings.timezone),
        error=error,
    )  # fmt: skip


@router.get("/shows")
def shows_page(
    request: Request, viewer: ProducerViewer, db_session: SessionDep, settings: SettingsDep
) -> Response:
    return _list_page(request, viewer, db_session, settings)


FORM_FIELDS = frozenset({CSRF_FIELD, "station", "programme", "air_date", "air_time"})


def _form_meta(fields: dict[str, str], zone: str) -> RecordingMeta:
    """The recording's metadata from the plain form: the air date and time are in the service's zone."""
    day, clock = fields.get("air_date", "").strip(), fields.get("air_time", "").strip()
    recorded_at = None
    if day:
        try:
            recorded_at = datetime.fromisoformat(f"{day}T{clock or '00:00'}").replace(tzinfo=ZoneInfo(zone))
        except ValueError as exc:
            raise InvalidInput("air date or time is not a date") from exc
    text = {k: fields.get(k, "").strip() or None for k in ("station", "programme")}
    try:
        return RecordingMeta(channel=Channel.RADIO, recorded_at=recorded_at, **text)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInput(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from exc


@router.post("/shows")
@upload_endpoint
async def upload_show(
    request: Request, viewer: ProducerViewer, db_session: SessionDep, settings: SettingsDep
) -> Response:
    """The upload form without JavaScript: one recording, then the show's page (processing under way)."""
    principal = viewer.principal
    try:
        staged = await upload.receive(
            request, staging_dir=settings.data_dir / "incoming", max_bytes=settings.max_upload_bytes,
            fields=FORM_FIELDS,
        )  # fmt: skip
    except SuaraError as exc:
        message = viewer.t("The upload was refused: {reason}", reason=refusal_text(viewer.t, exc.detail))
        return await run_in_threadpool(
            _list_page, request, viewer, db_session, settings, status_code=exc.status, error=message
        )

    def store() -> tuple[int, bool]:
        meta = _form_meta(staged.fields, settings.timezone)
        recording, _, created = flows.store_and_queue(
            db_session=db_session, staged=staged.path, sha256=staged.sha256, size=staged.size,
            original_name=staged.filename, meta=meta, principal=principal, settings=settings,
        )  # fmt: skip
        return recording.id, created

    try:
        recording_id, created = await run_in_threadpool(store)
    except SuaraError as exc:
        db_session.rollback()
        message = viewer.t("The upload was refused: {reason}", reason=refusal_text(viewer.t, exc.detail))
        return await run_in_threadpool(
            _list_page, request, viewer, db_session, settings, status_code=exc.status, error=message
        )
    finally:
        staged.path.unlink(missing_ok=True)  # already moved into the archive unless something failed
    return RedirectResponse(
        f"/shows/{recording_id}?uploaded={'new' if created else 'again'}", status_code=303
    )


def _complaints(
    db_session: Any, viewer: Viewer, recording_id: int, default_region: str | None
) -> list[dict[str, Any]]:
    """The show's complaints the viewer may reach (the complaint service's scoping), in time order."""
    stmt = select(Complaint).where(Complaint.recording_id == recording_id).order_by(Complaint.span_start)
    stmt = complaint_service.visible(stmt, viewer.principal, db_session, default_region=default_region)
    rows = db_session.scalars(stmt).all()
    return [
        {
            "row": c,
            "text": c.text if policy.disclosure(viewer.principal, c).raw else c.public_text,
            "page": COMPLAINT_PAGE.format(id=c.id) if viewer.may(Action.VERIFY) else None,
        }
        for c in rows
    ]


def _owner(turn: turns.TurnView, complaints: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The complaint whose stretch holds most of this turn, if any."""
    best, most = None, 0.0
    for item in complaints:
        c = item["row"]
        inside = min(turn.end, c.span_end or 0.0) - max(turn.start, c.span_start or 0.0)
        if inside > most and inside >= 0.5 * (turn.end - turn.start):
            best, most = item, inside
    return best


def _show_page(
    request: Request,
    viewer: Viewer,
    db_session: Any,
    settings: Any,
    recording_id: int,
    *,
    status_code: int = 200,
    error: str | None = None,
    done: str | None = None,
) -> Response:
    """The show page; a fix that failed re-renders it with its message (and the status of the failure)."""
    principal = viewer.principal
    recording = recording_service.audible(
        db_session=db_session, principal=principal, recording_id=recording_id,
        default_region=settings.default_region,
    )  # fmt: skip
    job = recording_service.latest_job(db_session=db_session, recording_id=recording_id)
    current = transcripts.transcript(db_session=db_session, recording_id=recording_id)
    segments = list(current.data.get("segments", [])) if current else []
    complaints = _complaints(db_session, viewer, recording_id, settings.default_region)
    timeline = [(turn, _owner(turn, complaints)) for turn in turns.timeline(segments)]
    return render(
        request, viewer, "shows/show.html", status_code=status_code, back=f"/shows/{recording_id}",
        recording=recording, job=job,
        version=current.version if current else None, timeline=timeline, complaints=complaints,
        speakers=turns.speakers(segments), may_fix=turns.may_edit(viewer.principal, recording),
        name=lambda label: speaker_name(viewer.t, label), zone=settings.timezone, error=error, done=done,
        roles=list(TurnRole), label=labeller(viewer.t),
    )  # fmt: skip


@router.get("/shows/{recording_id:int}")
def show_page(
    request: Request,
    recording_id: IdPath,
    viewer: ProducerViewer,
    db_session: SessionDep,
    settings: SettingsDep,
) -> Response:
    done = None
    uploaded = request.query_params.get("uploaded")
    if uploaded in UPLOADED:
        done = viewer.t(UPLOADED[uploaded])
    fixed = request.query_params.get("fixed")
    if fixed in FIXES:
        counts = {k: request.query_params.get(k, "0") for k in ("updated", "created", "retracted", "handled")}
        counts = {k: v if v.isdigit() else "0" for k, v in counts.items()}
        done = viewer.t(FIXED, **counts)
    return _show_page(request, viewer, db_session, settings, recording_id, done=done)


def _seconds(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


@router.post("/shows/{recording_id:int}/turns/{fix}")
def fix_turns(
    request: Request,
    recording_id: IdPath,
    fix: str,
    viewer: ProducerViewer,
    db_session: SessionDep,
    settings: SettingsDep,
    keep: Text = "",
    absorb: Text = "",
    speaker: Text = "",
    at: Text = "",
    role: Text = "",
    based_on_version: Text = "",
) -> Response:
    t = viewer.t
    if fix not in FIXES:
        return _show_page(request, viewer, db_session, settings, recording_id, status_code=404)
    fields: dict[str, Any] = {"based_on": int(based_on_version) if based_on_version.isdigit() else None}
    problem = None
    if fix == "merge":
        fields.update(keep=keep, absorb=absorb)
        problem = t("Choose two different speakers to merge.") if not keep or keep == absorb else None
    elif fix == "split":
        seconds = _seconds(at)
        fields.update(speaker=speaker, at=seconds, to=TurnRole(role) if role in set(TurnRole) else None)
        problem = t("Give the time to split at, in seconds.") if seconds is None or not speaker else None
    else:
        fields.update(speaker=speaker, to=TurnRole(role) if role in set(TurnRole) else None)
        chosen = speaker and role in set(TurnRole)
        problem = None if chosen else t("Choose the speaker and their role.")
    if problem is not None:
        return _show_page(request, viewer, db_session, settings, recording_id, status_code=422, error=problem)
    try:
        result = intake_turns.apply_edit(
            db_session=db_session, principal=viewer.principal, settings=settings, recording_id=recording_id,
            action=fix, **fields,
        )  # fmt: skip
    except SuaraError as exc:
        db_session.rollback()
        if exc.status == 404:
            raise
        message = t("The turns could not be fixed: {reason}", reason=refusal_text(t, exc.detail))
        return _show_page(
            request, viewer, db_session, settings, recording_id, status_code=exc.status, error=message
        )
    db_session.commit()
    query = (
        f"fixed={fix}&updated={len(result.updated) + len(result.restored)}&created={len(result.created)}"
        f"&retracted={len(result.retracted)}&handled={len(result.untouched_handled)}"
    )
    return RedirectResponse(f"/shows/{recording_id}?{query}#timeline", status_code=303)
