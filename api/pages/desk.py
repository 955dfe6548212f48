"""The operator's live-call page: the browser's microphone to /ws/asr, the transcript as it grows, nlp's
reading of it in an editable form, and one button that files the call with its recording.

The page itself is plain HTML; its script (api/static/desk/) streams the microphone through an
AudioWorklet to /ws/asr on the page's cookie session, asks `/desk/analysis` for nlp's reading each time
the transcript grows, and at the end posts the browser's own recording (a WAV of exactly the audio the
recognizer heard) with the form to `/desk/calls`. Both answer JSON, errors included, because a script
reads them; filing stores the recording through intake's one upload flow and the complaint through the
complaint service, so the call is filed once however often the button is pressed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api import jobs
from api.access import policy
from api.access.policy import Action
from api.complaint import service as complaint_service
from api.complaint.schemas import ComplaintCreate
from api.deps import SessionDep, SettingsDep
from api.errors import SuaraError
from api.intake import flows, rules
from api.kernel import Channel
from api.limits import upload_endpoint
from api.pages.render import render
from api.pages.viewer import Viewer, page_viewer
from api.recording import upload
from api.recording.schemas import RecordingMeta

router = APIRouter(include_in_schema=False)
DeskViewer = Annotated[Viewer, Depends(page_viewer(Action.FILE))]
TEXT_LIMIT = 20_000  # characters of transcript sent for analysis (an hour of speech)
CALL_FIELDS = frozenset(
    {"text", "reporter_name", "reporter_phone", "reporter_nik", "region_code", "topic", "urgent"}
    | {"caller_number", "notes"}
)


@router.get("/desk")
def desk_page(request: Request, viewer: DeskViewer) -> Response:
    return render(request, viewer, "desk/desk.html")


class TimedWordIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(max_length=100)
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    confidence: float = Field(default=1.0, ge=0, le=1)


class AnalysisIn(BaseModel):
    """The transcript so far, with the timed words of its finished utterances."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=TEXT_LIMIT)
    words: list[TimedWordIn] = Field(default_factory=list, max_length=5000)


def _problem(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers={"Cache-Control": "no-store"})


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


@router.post("/desk/analysis")
async def desk_analysis(
    request: Request, viewer: DeskViewer, db_session: SessionDep, settings: SettingsDep
) -> Response:
    """nlp's reading of the transcript so far: who calls, from where, which numbers (with where they
    were said, to play them again), topic and urgency."""
    try:
        body = AnalysisIn.model_validate_json(await request.body())
    except ValidationError as exc:
        return _problem(422, _first_error(exc))
    home = policy.home_region(db_session, viewer.principal.username)
    try:
        found = await run_in_threadpool(_analyze, body, home, settings)
    except SuaraError as exc:
        return _problem(exc.status, exc.detail)
    return JSONResponse(found, headers={"Cache-Control": "no-store"})


def _analyze(body: AnalysisIn, home_region: str | None, settings) -> dict[str, Any]:
    import nlp

    default_region, region_code = rules.analysis_regions(home_region, settings.default_region)
    context = nlp.AnalysisContext(
        default_region=default_region,
        channel=Channel.HOTLINE.value,
        region_code=region_code,
        words=tuple(nlp.TimedWord(w.text, w.start, w.end, w.confidence) for w in body.words),
    )
    if not body.text.strip():
        return _reading(None)
    return _reading(nlp.analyze(body.text, context, model_dir=flows.nlp_model_dir(settings)))


def _number(number: Any) -> dict[str, Any]:
    return {
        "value": number.value or number.digits,
        "start": number.audio_start,
        "end": number.audio_end,
        "confirm": bool(number.needs_confirmation),
    }


def _reading(analysis: Any | None) -> dict[str, Any]:
    """The form's view of an nlp Analysis (None: nothing said yet)."""
    if analysis is None:
        return {"name": None, "place": None, "phone": None, "nik": None, "topic": None, "urgent": False}
    places = [
        {"text": m.text, "code": c.code, "name": c.name, "level": c.level, "path": " › ".join(c.path)}
        for m in analysis.places
        for c in m.candidates[:1]
    ]
    village = next((p for p in places if p["level"] == "village"), places[0] if places else None)
    phone = next((n for n in analysis.numbers if n.kind in ("mobile", "landline")), None)
    nik = next((n for n in analysis.numbers if n.kind == "nik"), None)
    return {
        "name": analysis.reporter_name,
        "place": village,
        "region_code": analysis.region_code,
        "phone": _number(phone) if phone else ({"value": analysis.phones[0]} if analysis.phones else None),
        "nik": _number(nik) if nik else ({"value": analysis.niks[0]} if analysis.niks else None),
        "topic": analysis.topics[0].label if analysis.topics else None,
        "urgent": bool(analysis.urgent),
    }


@router.post("/desk/calls")
@upload_endpoint
async def file_call(
    request: Request, viewer: DeskViewer, db_session: SessionDep, settings: SettingsDep
) -> Response:
    """File the call: its recording (the browser's WAV) and its complaint from the form, once."""
    principal = viewer.principal
    try:
        policy.require(principal, Action.UPLOAD)
        staged = await upload.receive(
            request, staging_dir=settings.data_dir / "incoming", max_bytes=settings.max_upload_bytes,
            fields=CALL_FIELDS,
        )  # fmt: skip
    except SuaraError as exc:
        return _problem(exc.status, exc.detail)
    try:
        meta, complaint_in, urgent = _call_form(staged.fields)
    except SuaraError as exc:
        staged.path.unlink(missing_ok=True)
        return _problem(exc.status, exc.detail)

    def store() -> dict[str, Any]:
        recording, job, created = flows.store_upload(
            db_session=db_session, staged=staged.path, sha256=staged.sha256, size=staged.size,
            original_name="panggilan.wav", meta=meta, principal=principal, settings=settings,
        )  # fmt: skip
        # The intake job later files its own draft for the call's whole span; filing the operator's
        # complaint on that same span first makes the job find it instead of adding a second one.
        span = (0.0, round(round(recording.duration, 3), 2))
        complaint, filed = complaint_service.create(
            db_session=db_session, principal=principal, channel=Channel.HOTLINE, recording_id=recording.id,
            span=span, urgent=urgent, default_zone=settings.timezone,
            **complaint_in.model_dump(exclude={"channel"}),
        )  # fmt: skip
        analysis_job = None
        if filed:
            analysis_job = jobs.queue_analysis(db_session=db_session, complaint_id=complaint.id)
        db_session.commit()
        if created and job is not None:
            jobs.enqueue(job.id)
        if analysis_job is not None:
            jobs.enqueue(analysis_job)
        return {
            "complaint_id": complaint.id,
            "tracking_number": complaint.tracking_number,
            "recording_id": recording.id,
            "created": bool(filed),
        }

    try:
        answer = await run_in_threadpool(store)
    except SuaraError as exc:
        return _problem(exc.status, exc.detail)
    finally:
        staged.path.unlink(missing_ok=True)
    return JSONResponse(answer, status_code=201 if answer["created"] else 200)


def _call_form(fields: dict[str, str]) -> tuple[RecordingMeta, ComplaintCreate, bool]:
    """The form's fields, checked by the same models as the API's (empty fields are left out)."""
    from api.errors import InvalidInput

    given = {k: v.strip() for k, v in fields.items() if v.strip()}
    urgent = given.pop("urgent", "") in ("1", "true", "on")
    try:
        meta = RecordingMeta(
            channel=Channel.HOTLINE, language="id",
            **{k: given.pop(k) for k in ("caller_number", "notes") if k in given},
        )  # fmt: skip
        complaint = ComplaintCreate(channel=Channel.HOTLINE, **given)
    except ValidationError as exc:
        raise InvalidInput(_first_error(exc)) from exc
    return meta, complaint, urgent
