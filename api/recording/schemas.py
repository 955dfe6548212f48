"""Pydantic shapes of recordings, jobs and transcripts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.kernel import Channel
from api.recording.messages import without_paths
from api.validation import PastDatetime, refuse_nul_in_fields

# Notes are a few lines typed at the end of a call. 1,000 characters stay under the upload's 4,096-byte
# limit for a form field even when every character takes four bytes in UTF-8.
NOTES_MAX = 1000


class RecordingMeta(BaseModel):
    """What the uploader tells about the audio; the file itself is checked by content."""

    model_config = ConfigDict(extra="forbid")

    channel: Channel = Channel.UPLOAD
    station: str | None = Field(default=None, max_length=120)
    programme: str | None = Field(default=None, max_length=200)
    caller_number: str | None = Field(default=None, pattern=r"^\+?[0-9]{3,15}$")
    language: str = Field(default="id", pattern=r"^[a-z]{2,3}$")
    recorded_at: PastDatetime | None = None
    notes: str | None = Field(default=None, max_length=NOTES_MAX)

    @field_validator("notes")
    @classmethod
    def _blank_notes_are_none(cls, notes: str | None) -> str | None:
        return notes.strip() or None if notes is not None else None

    # Form fields arrive in a streamed multipart body, which the app-wide NUL check does not read.
    _no_nul = model_validator(mode="before")(refuse_nul_in_fields)


class RecordingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sha256: str
    size_bytes: int
    format_name: str
    codec: str
    duration: float
    original_name: str | None
    channel: str
    station: str | None
    programme: str | None
    caller_number: str | None
    language: str
    uploaded_by: str | None
    recorded_at: datetime | None
    created_at: datetime
    damage: str | None = None  # what was lost when the audio could be decoded only in part
    notes: str | None = None  # the operator's notes on the call


class JobRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    recording_id: int | None
    status: str
    stage: str | None
    progress: float
    attempts: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @field_validator("error")
    @classmethod
    def _no_server_paths(cls, error: str | None) -> str | None:
        """Errors are stored without paths; one written before that rule still shows none."""
        return without_paths(error) if error else error


class UploadResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "created": True,
                    "recording": {"id": 1, "sha256": "9f86d0…", "duration": 42.5, "channel": "hotline"},
                    "job": {"id": 1, "status": "queued", "progress": 0.0},
                }
            ]
        }
    )

    created: bool
    recording: RecordingRead
    job: JobRead | None


class TurnRole(StrEnum):
    """What a speaker of a talkshow is: the studio's host or guest, or a caller on the phone."""

    HOST = "host"
    GUEST = "guest"
    CALLER = "caller"


class _TurnFix(BaseModel):
    model_config = ConfigDict(extra="forbid")

    based_on_version: int | None = Field(
        default=None, ge=1, description="the transcript version the editor saw; another fix since → 409"
    )


class TurnMerge(_TurnFix):
    keep: str = Field(max_length=40, examples=["caller-1"])
    absorb: str = Field(max_length=40, examples=["caller-2"])


class TurnSplit(_TurnFix):
    speaker: str = Field(max_length=40, examples=["caller-1"])
    at: float = Field(ge=0, le=86_400, description="seconds from the start of the show")
    role: TurnRole | None = Field(default=None, description="the new speaker's role (default: the same)")


class TurnRelabel(_TurnFix):
    speaker: str = Field(max_length=40, examples=["guest-1"])
    to: TurnRole


class TurnRead(BaseModel):
    index: int
    speaker: str
    start: float
    end: float
    text: str
    band: str | None


class TurnsRead(BaseModel):
    recording_id: int
    version: int
    speakers: list[str]
    turns: list[TurnRead]


class TurnFixResult(BaseModel):
    """A fix's new transcript version, the turns after it, and what happened to the show's complaints."""

    version: int
    kept: list[int]
    updated: list[int]
    created: list[int]
    retracted: list[int]
    restored: list[int]
    untouched_handled: list[int] = Field(description="complaints an official has handled: not changed")
    turns: TurnsRead
