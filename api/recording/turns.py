"""A talkshow's speaker turns and the producer's fixes to them: merge, split, relabel.

The turns live in the recording's transcript (voice.Transcript data: every segment carries its speaker
label and band), so a fix is a new human version of the transcript whose segments are relabelled; the
machine's version 1 and every earlier fix stay for comparison. The edits below are pure functions on
segment dicts; `save_edit` stores their result with an audit event. Re-deriving the complaints that
follow from the turns is intake's work (api/intake/turns.py): this domain never touches complaints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.audit import service as audit
from api.errors import Conflict, Forbidden, InvalidInput
from api.kernel import Channel, Principal, Role
from api.recording import service, transcripts
from api.recording.models import JobStatus, Recording, Transcript
from api.recording.schemas import TurnRole

NO_LABEL = "speaker"  # a segment without a speaker label (voice's Transcript.turns() says the same)
LABEL = re.compile(r"^(host|guest-[1-9][0-9]{0,2}|caller-[1-9][0-9]{0,2}|speaker)$")
# A split closer than this to either end of the turn would leave a part too short to be a voice.
MIN_PART_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class TurnView:
    """One turn of the timeline: consecutive segments of one speaker."""

    index: int
    speaker: str
    start: float
    end: float
    text: str
    band: str | None

    @property
    def role(self) -> str:
        return self.speaker.split("-")[0]


def label_of(segment: dict[str, Any]) -> str:
    return segment.get("speaker") or NO_LABEL


def timeline(segments: list[dict[str, Any]]) -> list[TurnView]:
    """Consecutive segments of one speaker as turns, in time order (the band of a turn's first segment)."""
    turns: list[TurnView] = []
    for seg in sorted(segments, key=lambda s: float(s["start"])):
        label, text = label_of(seg), str(seg.get("text") or "").strip()
        if turns and turns[-1].speaker == label:
            last = turns[-1]
            joined = f"{last.text} {text}".strip()
            turns[-1] = TurnView(last.index, label, last.start, float(seg["end"]), joined, last.band)
        else:
            turns.append(
                TurnView(len(turns), label, float(seg["start"]), float(seg["end"]), text, seg.get("band"))
            )
    return turns


def speakers(segments: list[dict[str, Any]]) -> list[str]:
    """Every label in the show, hosts first, then guests and callers in number order."""
    order = {"host": 0, "guest": 1, "caller": 2}

    def key(label: str) -> tuple[int, int]:
        role, _, number = label.partition("-")
        return order.get(role, 3), int(number) if number.isdigit() else 0

    return sorted({label_of(s) for s in segments}, key=key)


def _known(segments: list[dict[str, Any]], label: str) -> None:
    if label not in {label_of(s) for s in segments}:
        raise InvalidInput(f"no speaker {label!r} in this show")


def fresh_label(segments: list[dict[str, Any]], role: TurnRole) -> str:
    """The next unused label of `role` ("caller-4" after caller-3); the host is always just "host"."""
    if role == TurnRole.HOST:
        return "host"
    taken = [label_of(s) for s in segments]
    numbers = [int(x.split("-")[1]) for x in taken if x.startswith(f"{role}-") and x.split("-")[1].isdigit()]
    return f"{role}-{max(numbers, default=0) + 1}"


def merge(segments: list[dict[str, Any]], *, keep: str, absorb: str) -> list[dict[str, Any]]:
    """Two labels that are one person: every segment of `absorb` becomes `keep`'s."""
    if keep == absorb:
        raise InvalidInput("choose two different speakers to merge")
    _known(segments, keep)
    _known(segments, absorb)
    return [{**s, "speaker": keep} if label_of(s) == absorb else dict(s) for s in segments]


def relabel(segments: list[dict[str, Any]], *, speaker: str, to: TurnRole) -> list[dict[str, Any]]:
    """A speaker taken for the wrong role (a guest who was a caller): all their segments get a new label."""
    _known(segments, speaker)
    if speaker.split("-")[0] == to and to != TurnRole.HOST:
        raise InvalidInput(f"{speaker} is already a {to}")
    if speaker == "host":
        raise InvalidInput("the host keeps the host label; relabel the other speaker instead")
    label = fresh_label(segments, to)
    return [{**s, "speaker": label} if label_of(s) == speaker else dict(s) for s in segments]


def _cut(segment: dict[str, Any], at: float) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A segment cut before its first word starting at or after `at`; None when no word boundary is
    there (a segment without word times, or `at` after its last word's start)."""
    words = list(segment.get("words") or ())
    first = next((i for i, w in enumerate(words) if float(w["start"]) >= at), None)
    if first is None or first == 0:
        return None
    head, tail = words[:first], words[first:]

    def part(chosen: list[dict[str, Any]]) -> dict[str, Any]:
        text = " ".join(str(w["text"]) for w in chosen)
        conf = sum(float(w.get("confidence", 0.0)) for w in chosen) / len(chosen)
        start, end = float(chosen[0]["start"]), float(chosen[-1]["end"])
        return {**segment, "start": start, "end": end, "text": text, "words": chosen, "confidence": conf}

    return part(head), part(tail)


def split(
    segments: list[dict[str, Any]], *, speaker: str, at: float, role: TurnRole | None = None
) -> list[dict[str, Any]]:
    """One label that is two people: from `at` on, what `speaker` says is a new speaker's.

    `at` must fall inside one of `speaker`'s turns, at least MIN_PART_SECONDS from its ends; a segment
    it falls inside is cut at the first word starting at or after `at`. Everything `speaker` says later
    in the show goes to the new label too (relabel or merge it back where that is wrong).
    """
    _known(segments, speaker)
    turn = next((t for t in timeline(segments) if t.speaker == speaker and t.start <= at <= t.end), None)
    if turn is None:
        raise InvalidInput(f"{at:.1f} s is not inside a turn of {speaker}")
    if at - turn.start < MIN_PART_SECONDS or turn.end - at < MIN_PART_SECONDS:
        raise InvalidInput(
            f"split at least {MIN_PART_SECONDS} s inside the turn ({turn.start:.1f}–{turn.end:.1f} s)"
        )
    same = speaker.split("-")[0]
    label = fresh_label(segments, role or (TurnRole(same) if same in set(TurnRole) else TurnRole.CALLER))
    out: list[dict[str, Any]] = []
    moved = False
    for seg in sorted(segments, key=lambda s: float(s["start"])):
        if label_of(seg) != speaker or float(seg["end"]) <= at:
            out.append(dict(seg))
        elif float(seg["start"]) >= at:
            out.append({**seg, "speaker": label})
            moved = True
        else:
            parts = _cut(seg, at)
            if parts is None:  # no word boundary: the segment goes where most of it lies
                mid = (float(seg["start"]) + float(seg["end"])) / 2
                out.append({**seg, "speaker": label} if mid >= at else dict(seg))
                moved = moved or mid >= at
            else:
                out.extend([parts[0], {**parts[1], "speaker": label}])
                moved = True
    if not moved:
        raise InvalidInput(f"nothing {speaker} says after {at:.1f} s can be told apart; choose a later time")
    return out


def may_edit(principal: Principal, recording: Recording) -> bool:
    """The producer who uploaded the show fixes its turns; a verifier or the system may too."""
    if not policy.allowed(principal, Action.UPLOAD):
        return False
    return principal.role in (Role.VERIFIER, Role.SYSADMIN) or recording.uploaded_by == principal.username


def editable(
    *, db_session: Session, principal: Principal, recording_id: int, default_region: str | None
) -> tuple[Recording, Transcript]:
    """The show and its newest transcript, when the principal may fix its turns now.

    NotFound for a show out of sight; Forbidden for someone who may hear it but not fix it; InvalidInput
    for a recording that is not a talkshow; Conflict while its intake job has not finished.
    """
    recording = service.audible(
        db_session=db_session, principal=principal, recording_id=recording_id, default_region=default_region
    )
    if not may_edit(principal, recording):
        raise Forbidden("only the show's producer or a verifier may fix its turns")
    if recording.channel != Channel.RADIO:
        raise InvalidInput("only a radio talkshow has turns to fix")
    job = service.latest_job(db_session=db_session, recording_id=recording_id)
    current = transcripts.transcript(db_session=db_session, recording_id=recording_id)
    if current is None or (job is not None and job.status != JobStatus.DONE):
        raise Conflict("the show is still being processed; its turns can be fixed once that is done")
    return recording, current


def save_edit(
    *,
    db_session: Session,
    principal: Principal,
    recording: Recording,
    current: Transcript,
    segments: list[dict[str, Any]],
    action: str,
    note: str,
    based_on: int | None = None,
) -> Transcript:
    """Store the relabelled segments as a new transcript version and the fix in the audit log.

    `based_on` is the version the editor saw: if another fix was stored meanwhile, Conflict (their
    view is stale; two fixes made on the same turns would silently undo each other).
    """
    if based_on is not None and based_on != current.version:
        raise Conflict(f"the turns changed meanwhile (version {current.version}, not {based_on}); reload")
    text = " ".join(str(s.get("text") or "").strip() for s in segments if s.get("text")).strip()
    try:
        with db_session.begin_nested():
            row = transcripts.correct_transcript(
                db_session=db_session, recording_id=recording.id, text=text, actor=principal.username,
                segments=segments, note=note,
            )  # fmt: skip
    except IntegrityError as exc:  # another fix took the same version number first
        raise Conflict("the turns changed meanwhile; reload and try again") from exc
    audit.record(
        db_session, actor=principal.username, action=f"turns_{action}", subject=f"recording:{recording.id}",
        note=f"{note} (transcript version {row.version})",
    )  # fmt: skip
    db_session.flush()
    return row
