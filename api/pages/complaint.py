"""One complaint reviewed by an official: its audio beside the transcript (click a word to hear it, correct
a word in place), nlp's suggestions with their confidence and rule (accept or change), possible
duplicates side by side with merge, the event history and the workflow steps with their deadline.

Everything is read through `disclosure.detail` with the official's principal (the API's one read of a
complaint: scoping, disclosure, transcript only for those who may hear it) and written through the same
services as the API (edits, transitions). Phone and NIK are shown only on request, and that read is
audited as in the API.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from api.access.policy import Action
from api.agency import service as agency_service
from api.complaint import disclosure, edits, service, transitions
from api.complaint.models import Complaint, Status
from api.complaint.schemas import ComplaintDetail, ComplaintUpdate, SegmentCorrection
from api.config import Settings
from api.deps import IdPath, SessionDep, SettingsDep
from api.errors import InvalidInput, InvalidTransition, NotFound, SuaraError
from api.pages import spoken
from api.pages.i18n import Translate
from api.pages.labels import channel_labels, status_labels, step_labels, topic_names
from api.pages.refusals import refusal_text
from api.pages.render import render
from api.pages.viewer import Viewer, page_viewer
from api.recording import service as recording_service
from api.recording import transcripts

router = APIRouter(include_in_schema=False)
Official = Annotated[Viewer, Depends(page_viewer(Action.VERIFY))]
Text = Annotated[str, Form(max_length=2000)]
LOW_CONFIDENCE = 0.6  # words the recogniser was less sure of are marked for a listen


def done_messages(t: Translate) -> dict[str, str]:
    return {
        "corrected": t("The word was corrected; the machine's transcript is kept as an earlier version."),
        "classified": t("Topic, place and agency saved."),
        "accepted": t("The suggestions were accepted."),
        "merged": t("The duplicates were merged."),
        "moved": t("The status was changed."),
    }


def event_labels(t: Translate) -> dict[str, str]:
    return {
        "create": t("Filed"),
        "analyze": t("Analysed by the machine"),
        "edit": t("Edited"),
        "route": t("Agency changed"),
        "correct_transcript": t("Transcript corrected"),
        "accept_suggestions": t("Suggestions accepted"),
        "merge": t("Duplicate merged"),
        "read_contact": t("Contact details read"),
        "escalate": t("Overdue"),
        "verified": t("Verified"),
        "dispatch": t("Dispatched"),
        "postponed": t("Postponed"),
        "rejected": t("Rejected"),
        "archived": t("Archived"),
        "duplicate": t("Marked as duplicate"),
        "resume": t("Back to draft"),
        "in_progress": t("In progress"),
        "responded": t("Responded"),
        "return": t("Returned by the agency"),
        "closed": t("Closed"),
        "object": t("Objection: back to the agency"),
        "reopen": t("Reopened"),
        "work": t("Work recorded"),
    }


def transcript_lines(detail: ComplaintDetail) -> list[dict[str, Any]]:
    """The transcript's segments within the complaint's span, each word with its place in the stored data
    (segment and word index, which a correction names), its times and whether it is uncertain."""
    if detail.transcript is None:
        return []
    lo = detail.span_start if detail.span_start is not None else 0.0
    hi = detail.span_end if detail.span_end is not None else float("inf")
    lines = []
    for s, segment in enumerate(detail.transcript.data.get("segments", ())):
        if segment.get("end", 0) <= lo or segment.get("start", 0) >= hi:
            continue
        words = [
            {
                "seg": s,
                "idx": w,
                "text": word.get("text", ""),
                "start": float(word.get("start", 0)),
                "end": float(word.get("end", 0)),
                "confidence": float(word.get("confidence", 1.0)),
                "low": float(word.get("confidence", 1.0)) < LOW_CONFIDENCE,
            }
            for w, word in enumerate(segment.get("words") or ())
        ]
        lines.append(
            {"start": float(segment.get("start", 0)), "text": segment.get("text", ""), "words": words}
        )
    return lines


def _suggested(detail: ComplaintDetail, agencies: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """nlp's suggestions as the page shows them: topics, place mentions with ranked candidates, agencies
    with the rule behind each (and the agency's id here, so the official can pick it)."""
    suggestions = detail.suggestions or {}
    topics = [
        {"label": t["label"], "name": names.get(t["label"], t["label"]), "score": float(t.get("score", 0))}
        for t in detail.topics
    ]
    places = [
        {"text": p.get("text", ""), "candidates": list(p.get("candidates", ()))[:5]}
        for p in suggestions.get("places", ())
        if isinstance(p, dict)
    ]
    routed = []
    for a in suggestions.get("agencies", ()):
        if isinstance(a, dict) and a.get("code"):
            known = agencies.get(a["code"])
            routed.append({**a, "agency_id": known.id if known is not None else None})
    return {"topics": topics, "places": places, "agencies": routed}


def _duplicates(
    db_session: SessionDep, viewer: Viewer, detail: ComplaintDetail, region: str | None
) -> list[Any]:
    """Each possible duplicate as the official may read it, for the side-by-side view."""
    shown = []
    for brief in detail.possible_duplicates:
        try:
            other = service.get(
                db_session=db_session, principal=viewer.principal, complaint_id=brief.id,
                default_region=region,
            )  # fmt: skip
        except NotFound:
            continue
        shown.append(disclosure.shaped(viewer.principal, other))
    return shown


def _page(
    request: Request,
    viewer: Viewer,
    db_session: SessionDep,
    complaint: Complaint,
    *,
    settings: Settings,
    status_code: int = 200,
    error: str | None = None,
    show_contact: bool = False,
) -> Response:
    t = viewer.t
    detail = disclosure.detail(
        db_session=db_session, principal=viewer.principal, complaint=complaint, writable=False,
        default_region=settings.default_region, contact=show_contact,
    )  # fmt: skip
    zone = service.zone_of(db_session=db_session, complaint=complaint, default_zone=settings.timezone)
    all_agencies = agency_service.list_agencies(db_session=db_session, principal=viewer.principal)
    by_code = {a.code: a for a in all_agencies}
    names = topic_names(viewer.language)
    suggested = _suggested(detail, by_code, names)
    lines = transcript_lines(detail)
    steps = step_labels(t)
    done = request.query_params.get("done", "")
    return render(
        request, viewer, "complaint/review.html", status_code=status_code, back=f"/complaints/{complaint.id}",
        c=detail, zone=zone, error=error, done=done_messages(t).get(done), show_contact=show_contact,
        statuses=status_labels(t), channels=channel_labels(t), topics=names, events=event_labels(t),
        agency=next((a for a in all_agencies if a.id == detail.agency_id), None), agencies=all_agencies,
        agency_names={a.id: a.name for a in all_agencies}, suggested=suggested, lines=lines,
        numbers=spoken.numbers_of(detail, lines), low_confidence=LOW_CONFIDENCE,
        duplicates=_duplicates(db_session, viewer, detail, settings.default_region),
        steps=[(to, steps.get(to, to)) for to in detail.allowed_transitions if to != Status.DUPLICATE],
        may_edit=viewer.may(Action.EDIT), may_route=viewer.may(Action.ROUTE),
        may_merge=viewer.may(Action.MERGE),
    )  # fmt: skip


def _refused(
    request: Request,
    viewer: Viewer,
    db_session: SessionDep,
    complaint: Complaint,
    settings: Settings,
    exc: SuaraError,
) -> Response:
    """A refused change: nothing of it is kept, and the page shows why in the viewer's language (422)."""
    db_session.rollback()
    return _page(
        request, viewer, db_session, complaint, settings=settings, status_code=422,
        error=refusal_text(viewer.t, exc.detail),
    )  # fmt: skip


def _load(db_session: SessionDep, viewer: Viewer, complaint_id: int, settings: Settings) -> Complaint:
    return service.get(
        db_session=db_session, principal=viewer.principal, complaint_id=complaint_id,
        default_region=settings.default_region,
    )  # fmt: skip


def _back(complaint_id: int, done: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/complaints/{complaint_id}?done={done}#{anchor}", status_code=303)


@router.get("/complaints/{complaint_id:int}")
def review_page(
    request: Request, complaint_id: IdPath, viewer: Official, db_session: SessionDep, settings: SettingsDep
) -> Response:
    complaint = _load(db_session, viewer, complaint_id, settings)
    show_contact = request.query_params.get("contact") == "1"
    return _page(request, viewer, db_session, complaint, settings=settings, show_contact=show_contact)


def corrected_segments(
    data: dict[str, Any], seg: int, idx: int, text: str
) -> tuple[str, list[dict[str, Any]]]:
    """The transcript's segments with one word replaced (its times kept, confidence now certain), and the
    full text that follows; InvalidInput when the word does not exist or the result is not a valid one."""
    words_text = " ".join(text.split())
    if not words_text:
        raise InvalidInput("the corrected word cannot be empty")
    segments = [dict(s) for s in data.get("segments", ())]
    if not 0 <= seg < len(segments) or not 0 <= idx < len(segments[seg].get("words") or ()):
        raise InvalidInput("that word is not in the transcript (it may have changed): reload the page")
    words = [dict(w) for w in segments[seg]["words"]]
    words[idx] = {**words[idx], "text": words_text, "confidence": 1.0}
    segment = {**segments[seg], "words": words, "text": " ".join(w["text"] for w in words)}
    try:
        segments[seg] = SegmentCorrection.model_validate(segment).model_dump()
    except ValidationError as exc:
        raise InvalidInput(f"the corrected segment is not valid: {exc.errors()[0]['msg']}") from None
    full = " ".join(s["text"] for s in segments if s.get("text")).strip()
    return full, segments


@router.post("/complaints/{complaint_id:int}/words")
def correct_word(
    request: Request,
    complaint_id: IdPath,
    viewer: Official,
    db_session: SessionDep,
    settings: SettingsDep,
    seg: Annotated[int, Form(ge=0, le=100_000)],
    idx: Annotated[int, Form(ge=0, le=100_000)],
    text: Annotated[str, Form(max_length=200)],
    note: Text = "",
) -> Response:
    """Correct one word of the transcript in place: a new human version through the edits service."""
    complaint = _load(db_session, viewer, complaint_id, settings)
    if complaint.recording_id is None or not recording_service.may_hear(
        db_session=db_session,
        principal=viewer.principal,
        recording_id=complaint.recording_id,
        default_region=settings.default_region,
    ):
        raise NotFound("this complaint has no transcript you may correct")
    current = transcripts.transcript(db_session=db_session, recording_id=complaint.recording_id)
    try:
        full, segments = corrected_segments(current.data if current else {}, seg, idx, text)
        edits.correct_transcript(
            db_session=db_session, principal=viewer.principal, complaint=complaint, text=full,
            segments=segments, note=note.strip() or None,
        )  # fmt: skip
    except InvalidInput as exc:
        return _refused(request, viewer, db_session, complaint, settings, exc)
    db_session.commit()
    return _back(complaint_id, "corrected", "transcript")


@router.post("/complaints/{complaint_id:int}/classification")
def classify(
    request: Request,
    complaint_id: IdPath,
    viewer: Official,
    db_session: SessionDep,
    settings: SettingsDep,
    topic: Annotated[str, Form(max_length=64)] = "",
    region_code: Annotated[str, Form(max_length=16)] = "",
    agency: Annotated[str, Form(max_length=64)] = "",
    note: Text = "",
) -> Response:
    """Change the topic, place or agency (each change an event, as an API edit)."""
    complaint = _load(db_session, viewer, complaint_id, settings)
    fields: dict[str, Any] = {"topic": topic or None, "region_code": region_code.strip() or None}
    if agency:
        fields["agency"] = int(agency) if agency.isdigit() else agency
    if note.strip():
        fields["note"] = note.strip()
    try:
        changes = ComplaintUpdate(**fields)
        edits.update(db_session=db_session, principal=viewer.principal, complaint=complaint, changes=changes)
    except ValidationError as exc:
        db_session.rollback()
        first = exc.errors()[0]
        reason = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        return _page(request, viewer, db_session, complaint, settings=settings, status_code=422, error=reason)
    except (InvalidInput, NotFound) as exc:
        return _refused(request, viewer, db_session, complaint, settings, exc)
    db_session.commit()
    return _back(complaint_id, "classified", "suggestions")


def suggested_values(complaint: Complaint, agencies: dict[str, int]) -> dict[str, Any]:
    """What accepting nlp's suggestions sets: the first topic, the first candidate of each unambiguous
    place mention that lies within the complaint's region, and the first agency the store knows."""
    values: dict[str, Any] = {}
    if complaint.topics:
        values["topic"] = complaint.topics[0]["label"]
    suggestions = complaint.suggestions or {}
    for mention in suggestions.get("places", ()):
        candidates = mention.get("candidates", ()) if isinstance(mention, dict) else ()
        if len(candidates) == 1:
            code = candidates[0].get("code")
            if code and (not complaint.region_code or code.startswith(complaint.region_code)):
                values["region_code"] = code
    for suggestion in suggestions.get("agencies", ()):
        if isinstance(suggestion, dict) and suggestion.get("code") in agencies:
            values["agency"] = agencies[suggestion["code"]]
            break
    return values


@router.post("/complaints/{complaint_id:int}/accept")
def accept_suggestions(
    complaint_id: IdPath, viewer: Official, db_session: SessionDep, settings: SettingsDep
) -> Response:
    """Take nlp's suggestions as they stand; the acceptance is an event even when nothing changes."""
    complaint = _load(db_session, viewer, complaint_id, settings)
    all_agencies = agency_service.list_agencies(db_session=db_session, principal=viewer.principal)
    values = suggested_values(complaint, {a.code: a.id for a in all_agencies})
    fields = {"topic": complaint.topic, "region_code": complaint.region_code, **values}
    edits.update(
        db_session=db_session, principal=viewer.principal, complaint=complaint,
        changes=ComplaintUpdate(**fields),
    )  # fmt: skip
    service.record(
        db_session=db_session, complaint=complaint, actor=viewer.principal.username,
        action="accept_suggestions", to_value=complaint.topic,
    )  # fmt: skip
    db_session.commit()
    return _back(complaint_id, "accepted", "suggestions")


@router.post("/complaints/{complaint_id:int}/merge")
def merge(
    complaint_id: IdPath,
    viewer: Official,
    db_session: SessionDep,
    settings: SettingsDep,
    other: Annotated[int, Form(ge=1)],
    direction: Annotated[str, Form(pattern="^(into_this|into_other)$")] = "into_this",
    note: Text = "",
) -> Response:
    """Merge a possible duplicate: the other one into this complaint, or this one into the other."""
    complaint = _load(db_session, viewer, complaint_id, settings)
    if direction == "into_this":
        original, duplicate = complaint, other
    else:
        original, duplicate = _load(db_session, viewer, other, settings), complaint.id
    transitions.merge(
        db_session=db_session, principal=viewer.principal, original=original, duplicate_ids=[duplicate],
        note=note.strip() or None, default_region=settings.default_region, default_zone=settings.timezone,
    )  # fmt: skip
    db_session.commit()
    return _back(complaint_id, "merged", "duplicates")


@router.post("/complaints/{complaint_id:int}/transition")
def move(
    request: Request,
    complaint_id: IdPath,
    viewer: Official,
    db_session: SessionDep,
    settings: SettingsDep,
    to: Annotated[str, Form(max_length=16)],
    note: Text = "",
    agency: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """One workflow step with its note (dispatch may name the agency in the same step)."""
    complaint = _load(db_session, viewer, complaint_id, settings)
    if to not in Status._value2member_map_:
        raise InvalidInput("to: unknown status")
    ref: int | str | None = (int(agency) if agency.isdigit() else agency) if agency else None
    try:
        transitions.transition(
            db_session=db_session, principal=viewer.principal, complaint=complaint, to=Status(to),
            note=note.strip() or None, agency=ref if to == Status.DISPATCHED else None,
            default_zone=settings.timezone,
        )  # fmt: skip
    except InvalidTransition as exc:
        db_session.rollback()
        current = status_labels(viewer.t).get(str(exc.extra.get("current")), "")
        error = viewer.t("This step is not possible from the current status ({status}).", status=current)
        return _page(request, viewer, db_session, complaint, settings=settings, status_code=409, error=error)
    except (InvalidInput, NotFound) as exc:
        return _refused(request, viewer, db_session, complaint, settings, exc)
    db_session.commit()
    return _back(complaint_id, "moved", "workflow")
