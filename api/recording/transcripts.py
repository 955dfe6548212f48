"""Transcript versions of a recording: the machine's (version 1, made once by the intake job and reused
by every retry) and the human corrections after it, each a new version; earlier ones stay for comparison.

The machine's is voice's typed `Transcript`; its JSON is written and read back here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.database import utcnow
from api.recording.models import Transcript, TranscriptSource

if TYPE_CHECKING:  # voice is heavy: imported on use, the API starts without it
    import voice


def transcript(*, db_session: Session, recording_id: int, version: int | None = None) -> Transcript | None:
    """A given version, or the newest (the best human correction, else the machine's)."""
    stmt = select(Transcript).where(Transcript.recording_id == recording_id)
    stmt = stmt.where(Transcript.version == version) if version else stmt.order_by(Transcript.version.desc())
    return db_session.scalars(stmt.limit(1)).first()


def transcripts(*, db_session: Session, recording_id: int) -> list[Transcript]:
    stmt = select(Transcript).where(Transcript.recording_id == recording_id).order_by(Transcript.version)
    return list(db_session.scalars(stmt))


def spoken(row: Transcript) -> voice.Transcript:
    """A stored transcript version as voice's typed Transcript (the one place its JSON is read back)."""
    from voice.types import Transcript as SpokenTranscript

    return SpokenTranscript.from_dict(row.data)


def machine_transcript(*, db_session: Session, recording_id: int) -> voice.Transcript | None:
    """The machine's transcript (version 1) as voice made it; None until the intake job stored it."""
    row = transcript(db_session=db_session, recording_id=recording_id, version=1)
    return None if row is None else spoken(row)


def save_machine_transcript(
    *, db_session: Session, recording_id: int, transcript: voice.Transcript
) -> voice.Transcript:
    """Store version 1 once and return what is stored: a retried job finds it and skips transcribing
    again, and a second delivery that lost the race gets the winner's. Here, and only here, a
    voice.Transcript becomes the row's JSON."""
    existing = machine_transcript(db_session=db_session, recording_id=recording_id)
    if existing is not None:
        return existing
    row = Transcript(
        recording_id=recording_id, version=1, source=TranscriptSource.MACHINE, text=transcript.text.strip(),
        data=transcript.to_dict(), engine=transcript.engine, model=transcript.model, created_at=utcnow(),
    )  # fmt: skip
    try:
        with db_session.begin_nested():
            db_session.add(row)
            db_session.flush()
    except IntegrityError:  # a second delivery of the same job got there first
        found = machine_transcript(db_session=db_session, recording_id=recording_id)
        if found is None:
            raise
        return found
    return transcript


def correct_transcript(
    *,
    db_session: Session,
    recording_id: int,
    text: str,
    actor: str,
    segments: list[dict[str, Any]] | None = None,
    note: str | None = None,
) -> Transcript:
    """Add a human correction as a new version; earlier versions stay untouched for comparison."""
    last = db_session.scalar(
        select(func.max(Transcript.version)).where(Transcript.recording_id == recording_id)
    )
    previous = transcript(db_session=db_session, recording_id=recording_id)
    data = dict(previous.data) if previous else {}
    data["segments"] = segments if segments is not None else data.get("segments", [])
    data["corrected_text"] = text
    data["based_on_version"] = last
    row = Transcript(
        recording_id=recording_id, version=(last or 0) + 1, source=TranscriptSource.HUMAN, text=text,
        data=data, author=actor, note=note, created_at=utcnow(),
        engine=previous.engine if previous else None, model=previous.model if previous else None,
    )  # fmt: skip
    db_session.add(row)
    db_session.flush()
    return row
