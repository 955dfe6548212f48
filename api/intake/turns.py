"""The complaints follow the turns: after a producer merges, splits or relabels speakers, the show's
complaint candidates are derived again from the fixed turns and the draft complaints brought in line.

Rules (the choice made for #16; see `follow_turns`):
- each new candidate is paired with the existing complaint of the show it overlaps most (intersection
  over union), each complaint with at most one candidate, so no complaint is ever made twice;
- a paired draft nobody but the machine has touched takes the candidate's span, text, reporter name
  and a fresh analysis (an event with field "turns" says from what to what);
- a complaint an official has acted on (any status but draft, or any human event) is never changed:
  it gets an event noting what the turns now say, and the result lists it for the producer to read;
- a candidate with no complaint to pair becomes a new draft; an untouched draft left without a
  candidate is retracted — a duplicate of the complaint that absorbed its stretch, else archived —
  both reversible by a verifier, and found again (back to draft) if a later fix restores its span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.access import policy
from api.complaint import numbers as spoken
from api.complaint import service as complaint_service
from api.complaint import workflow
from api.complaint.models import Complaint, Event, Kind, Status
from api.config import Settings
from api.database import utcnow
from api.errors import InvalidInput, Unavailable
from api.intake import flows
from api.intake.analysis import apply_analysis
from api.kernel import Principal
from api.recording import transcripts, turns
from api.recording.models import Recording, Transcript
from api.recording.schemas import TurnRole

TURNS = "turns"  # the event field that marks what a turn fix did to a complaint


@dataclass
class FollowResult:
    """What a turn fix did: the transcript version it made and the complaints by what happened to them."""

    version: int
    kept: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    retracted: list[int] = field(default_factory=list)
    restored: list[int] = field(default_factory=list)
    untouched_handled: list[int] = field(default_factory=list)  # an official acted on them: not changed

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _span(c: Complaint) -> tuple[float, float]:
    return float(c.span_start or 0.0), float(c.span_end or 0.0)


def handled(db_session: Session, complaint: Complaint) -> bool:
    """Whether an official has acted on the complaint: any status but draft (a turn fix's own retraction
    aside), or any event by someone other than the machine that is not a turn fix's."""
    events = db_session.scalars(select(Event).where(Event.complaint_id == complaint.id)).all()
    human = [e for e in events if e.actor != flows.MACHINE.username and e.field != TURNS]
    if human:
        return True
    retracted_by_turns = complaint.status in (Status.ARCHIVED, Status.DUPLICATE) and any(
        e.field == TURNS and e.to_value == complaint.status for e in events
    )
    return complaint.status != Status.DRAFT and not retracted_by_turns


def _pairs(cands: list[flows.Candidate], existing: list[Complaint]) -> dict[int, Complaint]:
    """candidate index → complaint, greedily by overlap (an exact span first)."""
    scored = sorted(
        ((_overlap((c.start, c.end), _span(e)), i, e) for i, c in enumerate(cands) for e in existing),
        key=lambda x: -x[0],
    )
    paired: dict[int, Complaint] = {}
    used: set[int] = set()
    for score, i, e in scored:
        if score <= 0 or i in paired or e.id in used:
            continue
        paired[i] = e
        used.add(e.id)
    return paired


def _set_status(
    db_session: Session, complaint: Complaint, to: Status, actor: str, note: str, settings: Settings
) -> None:
    current = Status(complaint.status)
    workflow.check(current, to)
    complaint.status = to
    complaint.updated_at = utcnow()
    complaint_service.restart_clock(
        db_session, complaint, complaint.updated_at, default_zone=settings.timezone
    )
    complaint_service.record(
        db_session=db_session, complaint=complaint, actor=actor, action=workflow.action_name(current, to),
        field=TURNS, from_value=current, to_value=to, note=note,
    )  # fmt: skip


def _refresh(
    db_session: Session,
    complaint: Complaint,
    cand: flows.Candidate,
    recording: Recording,
    actor: str,
    settings: Settings,
) -> None:
    """An untouched draft takes the candidate's stretch and a fresh machine reading of it."""
    before = f"{complaint.span_start}–{complaint.span_end}"
    complaint.span_start, complaint.span_end = round(cand.start, 2), round(cand.end, 2)
    complaint.text = cand.text
    # Every machine suggestion goes: the analysis below fills them again from the new text.
    complaint.topic, complaint.topics, complaint.kind, complaint.urgent = None, [], Kind.PENGADUAN, False
    complaint.public_text, complaint.suggestions, complaint.agency_id = "", {}, None
    complaint.reporter_name, complaint.reporter_phone, complaint.reporter_nik = cand.reporter_name, None, None
    complaint.region_code = policy.home_region(db_session, recording.uploaded_by)
    complaint.updated_at = utcnow()
    db_session.flush()
    complaint_service.record(
        db_session=db_session, complaint=complaint, actor=actor, action="edit", field=TURNS,
        from_value=before, to_value=f"{complaint.span_start}–{complaint.span_end}",
        note="the show's turns were fixed; this caller's stretch and text follow them",
    )  # fmt: skip
    if cand.analysis is not None:
        apply_analysis(
            db_session=db_session, complaint=complaint, analysis=cand.analysis, actor=flows.MACHINE.username,
            default_zone=settings.timezone,
        )  # fmt: skip


def _same(complaint: Complaint, cand: flows.Candidate) -> bool:
    return (
        _span(complaint) == (round(cand.start, 2), round(cand.end, 2))
        and complaint.text == cand.text
        and (complaint.reporter_name or None) == (cand.reporter_name or None)
    )


def follow_turns(
    *, db_session: Session, recording: Recording, transcript: Transcript, actor: str, settings: Settings
) -> FollowResult:
    """Bring the show's complaints in line with the turns of `transcript` (rules in the module docstring)."""
    home = policy.home_region(db_session, recording.uploaded_by)
    cands = flows.candidates(recording, transcripts.spoken(transcript), settings, home)
    existing = list(
        db_session.scalars(
            select(Complaint).where(Complaint.recording_id == recording.id).order_by(Complaint.span_start)
        )
    )
    result = FollowResult(version=transcript.version)
    locked = {e.id for e in existing if handled(db_session, e)}
    paired = _pairs(cands, existing)
    owner: dict[int, Complaint] = {}  # candidate index → the complaint that now stands for it
    for i, cand in enumerate(cands):
        complaint = paired.get(i)
        if complaint is None:
            made, _ = complaint_service.create(
                db_session=db_session, principal=flows.MACHINE, text=cand.text, channel=recording.channel,
                recording_id=recording.id, span=(cand.start, cand.end), reporter_name=cand.reporter_name,
                filed_by=recording.uploaded_by, default_zone=settings.timezone,
                start_clock=cand.analysis is None,  # else apply_analysis starts it, once, in the final zone
            )  # fmt: skip
            if cand.analysis is not None:
                apply_analysis(
                    db_session=db_session, complaint=made, analysis=cand.analysis,
                    actor=flows.MACHINE.username, default_zone=settings.timezone,
                )  # fmt: skip
            spoken.refresh(db_session=db_session, complaint=made, transcript_data=transcript.data)
            complaint_service.record(
                db_session=db_session, complaint=made, actor=actor, action="create", field=TURNS,
                to_value=f"{made.span_start}–{made.span_end}",
                note="a caller told apart by a fix of the turns",
            )  # fmt: skip
            result.created.append(made.id)
            owner[i] = made
            continue
        owner[i] = complaint
        if complaint.id in locked:
            if not _same(complaint, cand):
                _note_handled(db_session, complaint, cand, actor)
                result.untouched_handled.append(complaint.id)
            else:
                result.kept.append(complaint.id)
            continue
        if complaint.status != Status.DRAFT:  # retracted by an earlier fix; its caller is back
            note = "a later fix of the turns restored this caller"
            _set_status(db_session, complaint, Status.DRAFT, actor, note, settings)
            complaint.duplicate_of_id = None
            result.restored.append(complaint.id)
        if _same(complaint, cand):
            if complaint.id not in result.restored:
                result.kept.append(complaint.id)
            continue
        _refresh(db_session, complaint, cand, recording, actor, settings)
        result.updated.append(complaint.id)
    _retract_unpaired(db_session, existing, paired, locked, cands, owner, actor, result, settings)
    db_session.flush()
    return result


def _note_handled(db_session: Session, complaint: Complaint, cand: flows.Candidate, actor: str) -> None:
    complaint_service.record(
        db_session=db_session, complaint=complaint, actor=actor, action="note", field=TURNS,
        to_value=f"{round(cand.start, 2)}–{round(cand.end, 2)}",
        note="the show's turns were fixed and this caller's stretch now reads differently; the complaint "
        "was not changed because an official has already handled it",
    )  # fmt: skip


def _retract_unpaired(
    db_session: Session,
    existing: list[Complaint],
    paired: dict[int, Complaint],
    locked: set[int],
    cands: list[flows.Candidate],
    owner: dict[int, Complaint],
    actor: str,
    result: FollowResult,
    settings: Settings,
) -> None:
    kept_ids = {c.id for c in paired.values()}
    for complaint in existing:
        if complaint.id in kept_ids:
            continue
        if complaint.id in locked:
            if complaint.status not in workflow.TERMINAL:
                complaint_service.record(
                    db_session=db_session, complaint=complaint, actor=actor, action="note", field=TURNS,
                    note="after a fix of the show's turns no caller's call covers this stretch any more; "
                    "the complaint was not changed because an official has already handled it",
                )  # fmt: skip
                result.untouched_handled.append(complaint.id)
            continue
        if complaint.status != Status.DRAFT:
            continue  # retracted by an earlier fix and still without a caller
        overlaps = [(_overlap(_span(complaint), (c.start, c.end)), i) for i, c in enumerate(cands)]
        best = max(overlaps, default=(0.0, -1))
        absorbing = owner.get(best[1]) if best[0] > 0 else None
        if absorbing is not None and absorbing.status != Status.DUPLICATE:
            complaint.duplicate_of_id = absorbing.id
            note = f"after a fix of the turns this stretch is part of {absorbing.tracking_number}"
            _set_status(db_session, complaint, Status.DUPLICATE, actor, note, settings)
        else:
            note = "after a fix of the turns no caller's call covers this stretch (a host or guest speaks)"
            _set_status(db_session, complaint, Status.ARCHIVED, actor, note, settings)
        result.retracted.append(complaint.id)


def apply_edit(
    *,
    db_session: Session,
    principal: Principal,
    settings: Settings,
    recording_id: int,
    action: str,
    based_on: int | None = None,
    keep: str | None = None,
    absorb: str | None = None,
    speaker: str | None = None,
    at: float | None = None,
    to: TurnRole | None = None,
) -> FollowResult:
    """Fix a show's turns (merge `absorb` into `keep`; split `speaker` at `at`; relabel `speaker` as a
    `to`) and let its complaints follow. Validation errors leave nothing written."""
    recording, current = turns.editable(
        db_session=db_session, principal=principal, recording_id=recording_id,
        default_region=settings.default_region,
    )  # fmt: skip
    if flows.nlp_or_none() is None:  # without nlp a show has no callers to tell apart
        raise Unavailable(
            "the language pipeline (nlp) is not installed; the complaints could not follow the turns"
        )
    segments = [dict(s) for s in current.data.get("segments", [])]
    if action == "merge":
        if not keep or not absorb:
            raise _missing("choose the two speakers to merge")
        edited, note = turns.merge(segments, keep=keep, absorb=absorb), f"merged {absorb} into {keep}"
    elif action == "split":
        if not speaker or at is None:
            raise _missing("choose the speaker and the time to split at")
        edited = turns.split(segments, speaker=speaker, at=at, role=to)
        note = f"split {speaker} at {at:.1f} s"
    elif action == "relabel":
        if not speaker or to is None:
            raise _missing("choose the speaker and their role")
        edited, note = turns.relabel(segments, speaker=speaker, to=to), f"relabelled {speaker} as {to}"
    else:
        raise _missing(f"unknown fix {action!r}; expected merge, split or relabel")
    saved = turns.save_edit(
        db_session=db_session, principal=principal, recording=recording, current=current,
        segments=edited, action=action, note=note, based_on=based_on,
    )  # fmt: skip
    return follow_turns(
        db_session=db_session,
        recording=recording,
        transcript=saved,
        actor=principal.username,
        settings=settings,
    )


def _missing(message: str) -> Exception:
    return InvalidInput(message)
