"""Tables of the audio archive: recordings, their versioned transcripts, and the background jobs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from api.crypto import ContactKind, EncryptedString, contact_hash
from api.database import Base, UTCDateTime, utcnow
from api.kernel import Channel


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(StrEnum):
    INTAKE = "intake"  # a recording: transcribe, analyse, file its complaints
    ANALYZE = "analyze"  # a text complaint (SMS, typed, Open311): nlp's analysis applied to it


class TranscriptSource(StrEnum):
    MACHINE = "machine"
    HUMAN = "human"


class Recording(Base):
    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(String(255))  # relative to the recordings directory
    size_bytes: Mapped[int] = mapped_column(Integer)
    format_name: Mapped[str] = mapped_column(String(64))
    codec: Mapped[str] = mapped_column(String(64))
    duration: Mapped[float] = mapped_column(Float)
    original_name: Mapped[str | None] = mapped_column(String(255))
    channel: Mapped[Channel] = mapped_column(String(16), index=True)
    station: Mapped[str | None] = mapped_column(String(120))
    programme: Mapped[str | None] = mapped_column(String(200))
    # Encrypted at rest, with a keyed hash for exact-match search (api/crypto.py).
    caller_number: Mapped[str | None] = mapped_column(EncryptedString("recordings.caller_number"))
    caller_number_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(8), default="id")
    uploaded_by: Mapped[str | None] = mapped_column(String(120), index=True)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when aired or called
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What was wrong with the file when its audio could be decoded only in part; None: it was whole.
    damage: Mapped[str | None] = mapped_column(Text)
    # What the operator wrote about the call at its end (the desk's notes); None: nothing written.
    notes: Mapped[str | None] = mapped_column(Text)

    @validates("caller_number")
    def _keep_contact_hash(self, _key: str, value: str | None) -> str | None:
        """Every write of the caller's number, by any caller, updates its search hash with it."""
        self.caller_number_hash = contact_hash(ContactKind.PHONE, value)
        return value


class Job(Base):
    """One piece of background work, with a lease: the row, not the queue, is the truth about progress.

    An intake job names its recording, an analysis job its complaint (the other id is None).
    """

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[JobKind] = mapped_column(String(32))
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), index=True
    )
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[JobStatus] = mapped_column(String(16), default=JobStatus.QUEUED, index=True)
    stage: Mapped[str | None] = mapped_column(String(32))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the row was last handed to the queue again (None: only when it was created); the sweep hands a
    # queued row again only when this is old, so that rows still waiting their turn are not sent twice.
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Transcript(Base):
    """One version of a recording's transcript: version 1 is the machine's, later ones human corrections."""

    __tablename__ = "transcripts"
    __table_args__ = (UniqueConstraint("recording_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[TranscriptSource] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # voice.Transcript.to_dict(): segments with words
    engine: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(120))
    author: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
