"""Pydantic shapes of complaints going in and out of the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from api.complaint.models import Kind, Status
from api.kernel import Channel
from api.validation import NOT_NULL, DbId, RegionCode, omittable

EXAMPLE_TEXT = "Jalan di RT 03 RW 05 Desa Sukamaju rusak parah sejak Januari, mohon segera diperbaiki."
AgencyCode = Annotated[str, Field(min_length=1, max_length=64)]
# A complaint's or a response's words: at least 3 characters once surrounding whitespace is trimmed.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=20_000)]
# Operator minutes: a JSON number (strict: `true` is not one minute), at most ten hours.
Minutes = Annotated[float, Field(strict=True, ge=0, le=600, allow_inf_nan=False)]
# An agency by id (a JSON integer: `true` is not agency 1) or by code ("reg-33.03"); "5" is a code.
AgencyRef = Annotated[DbId | AgencyCode, Field(description="agency id (integer) or code")]


class ComplaintCreate(BaseModel):
    """A complaint typed in by an operator or arriving as text (web, SMS)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"text": EXAMPLE_TEXT, "channel": "web"}]})

    text: Text
    channel: Channel = Channel.WEB
    kind: Kind = Kind.PENGADUAN
    topic: str | None = Field(default=None, max_length=64)
    region_code: RegionCode | None = None
    reporter_name: str | None = Field(default=None, max_length=200)
    reporter_phone: str | None = Field(default=None, pattern=r"^\+?[0-9]{6,15}$")
    reporter_nik: str | None = Field(default=None, pattern=r"^[0-9]{16}$")
    anonymous: bool = False
    confidential: bool = False


class ComplaintUpdate(BaseModel):
    """Fields an administrator may correct; omitted fields stay as they are.

    Null clears a field that may be empty (topic, region_code, reporter_name, reporter_phone,
    reporter_nik, note, minutes); a field that always has a value (text, public_text, kind, agency,
    anonymous, confidential, urgent) may be omitted but not set to null: 422. A new `text` without a
    `public_text` gets its public text redacted again from the new words.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"topic": "infrastruktur", "region_code": "33.03", "note": "cek ulang"}]
        },
    )

    text: Annotated[Text, NOT_NULL] = omittable()
    public_text: Annotated[str, NOT_NULL] = omittable(max_length=20_000)
    kind: Annotated[Kind, NOT_NULL] = omittable()
    topic: str | None = Field(default=None, max_length=64)
    region_code: RegionCode | None = None
    agency: Annotated[AgencyRef, NOT_NULL] = omittable()
    reporter_name: str | None = Field(default=None, max_length=200)
    reporter_phone: str | None = Field(default=None, pattern=r"^\+?[0-9]{6,15}$")
    reporter_nik: str | None = Field(default=None, pattern=r"^[0-9]{16}$")
    anonymous: Annotated[bool, NOT_NULL] = omittable()
    confidential: Annotated[bool, NOT_NULL] = omittable()
    urgent: Annotated[bool, NOT_NULL] = omittable()
    note: str | None = Field(default=None, max_length=2000)
    minutes: Minutes | None = Field(default=None, description="operator minutes spent")


class TransitionRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"to": "verified", "note": "lengkap", "minutes": 3}]},
    )

    to: Status
    note: str | None = Field(default=None, max_length=2000)
    agency: AgencyRef | None = Field(default=None, description="agency id or code, to dispatch in one step")
    minutes: Minutes | None = None


class ResponseCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"text": "Perbaikan dijadwalkan minggu depan."}]}
    )

    text: Text
    minutes: Minutes | None = None


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"duplicates": [12, 13]}]})

    duplicates: list[DbId] = Field(min_length=1, max_length=100, description="complaint ids (integers)")
    note: str | None = Field(default=None, max_length=2000)


Seconds = Annotated[float, Field(strict=True, ge=0, le=7 * 24 * 3600, allow_inf_nan=False)]
Confidence = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]


class _Timed(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: Seconds
    end: Seconds

    @model_validator(mode="after")
    def _ordered(self) -> _Timed:
        if self.start >= self.end:
            raise ValueError(f"start ({self.start}) must come before end ({self.end})")
        return self


class WordCorrection(_Timed):
    text: str = Field(strict=True, max_length=200)
    confidence: Confidence = 1.0


class SegmentCorrection(_Timed):
    """One retimed utterance, in voice.Transcript's segment shape (seconds from the recording's start)."""

    text: str = Field(strict=True, max_length=20_000)
    words: list[WordCorrection] = Field(default_factory=list, max_length=5_000)
    confidence: Confidence = 1.0
    speaker: str | None = Field(default=None, max_length=32)
    channel: int | None = Field(default=None, strict=True, ge=0, le=8)
    band: Literal["phone", "studio"] | None = None
    alternatives: list[Annotated[str, Field(max_length=20_000)]] = Field(default_factory=list, max_length=10)


class TranscriptCorrection(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"text": EXAMPLE_TEXT, "note": "nama desa"}]}
    )

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200_000)]
    segments: list[SegmentCorrection] | None = Field(
        default=None,
        max_length=20_000,
        description="retimed segments, each within the recording (start < end ≤ its duration); "
        "null or omitted keeps the machine's",
    )
    note: str | None = Field(default=None, max_length=2000)


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    field: str | None
    from_value: str | None
    to_value: str | None
    note: str | None
    minutes: float | None


class ResponseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    agency_id: int | None
    author: str
    text: str
    created_at: datetime


class TranscriptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    recording_id: int
    version: int
    source: str
    text: str
    engine: str | None
    model: str | None
    author: str | None
    note: str | None
    created_at: datetime
    data: dict[str, Any]


class ComplaintRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tracking_number: str | None
    status: Status
    channel: str
    kind: str
    text: str
    public_text: str
    topic: str | None
    topics: list[dict[str, Any]]
    region_code: str | None
    region_codes: list[str]
    agency_id: int | None
    reporter_name: str | None
    reporter_phone: str | None
    reporter_nik: str | None
    anonymous: bool
    confidential: bool
    urgent: bool
    audio_damaged: bool = False  # cut from a recording decoded only in part
    recording_id: int | None
    span_start: float | None
    span_end: float | None
    duplicate_of_id: int | None
    created_at: datetime
    updated_at: datetime
    verified_at: datetime | None
    dispatched_at: datetime | None
    responded_at: datetime | None
    closed_at: datetime | None
    due_at: datetime | None
    overdue: bool


class ComplaintBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tracking_number: str | None
    status: Status
    public_text: str
    region_code: str | None
    created_at: datetime


class SpokenNumberRead(BaseModel):
    """A number heard in the complaint; `digits`/`value` are null (`masked`) for a phone number or NIK the
    reader may not see. Spans index the text it was read from (`source`); audio times are seconds of the
    recording, for playing just that stretch."""

    kind: str
    digits: str | None
    value: str | None
    start_char: int
    end_char: int
    audio_start: float | None
    audio_end: float | None
    confidence: float  # the weakest digit's
    digit_confidences: list[float]
    plausible: bool
    needs_confirmation: bool
    source: str
    masked: bool = False

    @classmethod
    def from_row(cls, row: Any) -> SpokenNumberRead:
        return cls(
            kind=row.kind, digits=row.digits, value=row.value, start_char=row.start_char,
            end_char=row.end_char, audio_start=row.audio_start, audio_end=row.audio_end,
            confidence=min(row.confidences, default=0.0), digit_confidences=list(row.confidences),
            plausible=row.plausible, needs_confirmation=row.needs_confirmation, source=row.source,
        )  # fmt: skip


class ComplaintDetail(ComplaintRead):
    allowed_transitions: list[str]
    possible_duplicates: list[ComplaintBrief]
    suggestions: dict[str, Any]
    transcript: TranscriptRead | None
    events: list[EventRead]
    responses: list[ResponseRead]
    spoken_numbers: list[SpokenNumberRead] = []


class ComplaintPage(BaseModel):
    items: list[ComplaintRead]
    total: int
    limit: int
    offset: int


class SortField(StrEnum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    DUE_AT = "due_at"
    ID = "id"
    STATUS = "status"
    URGENCY = "urgency"  # the officials' queue: overdue first, then urgent, then the nearest deadline


@dataclass(frozen=True, slots=True)
class ComplaintFilter:
    """Every list, export and statistic takes the same filter, so scoping can be added in one place."""

    status: tuple[Status, ...] = ()
    agency_id: int | None = None
    topic: str | None = None
    region: str | None = None  # a Kemendagri code prefix: "33" matches all of Central Java
    channel: str | None = None
    overdue: bool | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    q: str | None = None
    reporter_phone: str | None = None  # exact match in any written form: 0812…, 62812…, +62812…
    reporter_nik: str | None = None
    sort: SortField = SortField.CREATED_AT
    descending: bool = True
    limit: int = 50
    offset: int = 0
