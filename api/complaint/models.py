"""Complaints, their append-only event log and agency responses."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, String, Text, UniqueConstraint, event, false
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, validates

from api.crypto import ContactKind, EncryptedString, contact_hash
from api.database import Base, UTCDateTime, utcnow


class Status(StrEnum):
    DRAFT = "draft"
    VERIFIED = "verified"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    RESPONDED = "responded"
    CLOSED = "closed"
    POSTPONED = "postponed"
    RETURNED = "returned"
    REJECTED = "rejected"
    ARCHIVED = "archived"
    DUPLICATE = "duplicate"


class Kind(StrEnum):
    PENGADUAN = "pengaduan"
    ASPIRASI = "aspirasi"
    PERMINTAAN_INFORMASI = "permintaan_informasi"


class Complaint(Base):
    __tablename__ = "complaints"
    # Intake is idempotent: one complaint per recording and time span, one per external message id.
    __table_args__ = (
        UniqueConstraint("recording_id", "span_start", "span_end"),
        Index("ix_complaints_status_created", "status", "created_at"),
        Index("ix_complaints_agency_created", "agency_id", "created_at"),
        # For the dashboard filters that count thousands of rows: topic × region/status, channel × period.
        Index("ix_complaints_topic_region", "topic", "region_code"),
        Index("ix_complaints_topic_status", "topic", "status", "created_at"),
        Index("ix_complaints_channel_created", "channel", "created_at"),
        Index("ix_complaints_overdue_due", "overdue", "due_at"),
        Index("ix_complaints_queue", "status", "overdue", "urgent", "due_at"),  # the officials' queue
        Index("ix_complaints_filed_by", "filed_by", "created_at"),  # an operator's own complaints
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    recording_id: Mapped[int | None] = mapped_column(ForeignKey("recordings.id", ondelete="SET NULL"))
    span_start: Mapped[float | None] = mapped_column(Float)
    span_end: Mapped[float | None] = mapped_column(Float)
    external_ref: Mapped[str | None] = mapped_column(String(128), unique=True)
    channel: Mapped[str] = mapped_column(String(16), index=True)
    text: Mapped[str] = mapped_column(Text)
    public_text: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[Kind] = mapped_column(String(32), default=Kind.PENGADUAN)
    topic: Mapped[str | None] = mapped_column(String(64), index=True)
    topics: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"label", "score"}]
    region_code: Mapped[str | None] = mapped_column(String(16), index=True)
    region_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    # Encrypted at rest; the keyed hashes beside them serve exact-match search (api/crypto.py).
    reporter_phone: Mapped[str | None] = mapped_column(EncryptedString("complaints.reporter_phone"))
    reporter_nik: Mapped[str | None] = mapped_column(EncryptedString("complaints.reporter_nik"))
    reporter_phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    reporter_nik_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Cut from a recording that could be decoded only in part (recordings.damage says what was lost).
    audio_damaged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[Status] = mapped_column(String(16), default=Status.DRAFT)
    suggestions: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict
    )  # nlp's agencies, places, entities
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    filed_by: Mapped[str | None] = mapped_column(String(120))  # username; for a recording, its uploader
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    analyzed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when nlp's analysis was applied
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # deadline of the current stage
    overdue: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    ever_overdue: Mapped[bool] = mapped_column(Boolean, default=False)

    @validates("reporter_phone", "reporter_nik")
    def _keep_contact_hash(self, key: str, value: str | None) -> str | None:
        """Every write of a contact value, by any caller, updates its search hash with it."""
        kind = ContactKind.PHONE if key == "reporter_phone" else ContactKind.NIK
        setattr(self, f"{key}_hash", contact_hash(kind, value))
        return value


class Event(Base):
    """One change to a complaint. Rows are only ever inserted (guarded below and in the migration)."""

    __tablename__ = "events"
    __table_args__ = (
        # The operator minutes of the "cheap" indicator (api/stats/aggregate.py): only the events that carry
        # any (migration 0015).
        Index(
            "ix_events_minutes", "complaint_id", "minutes",
            sqlite_where=sql_text("minutes IS NOT NULL"), postgresql_where=sql_text("minutes IS NOT NULL"),
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(32))
    field: Mapped[str | None] = mapped_column(String(64))
    from_value: Mapped[str | None] = mapped_column(Text)
    to_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[float | None] = mapped_column(Float)  # operator time spent, for the "cheap" indicator


class AgencyResponse(Base):
    """The agency's follow-up (tindak lanjut) as written by its liaison."""

    __tablename__ = "agency_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    author: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@event.listens_for(Event, "before_update")
@event.listens_for(Event, "before_delete")
def _events_are_append_only(_mapper: Any, _connection: Any, target: Event) -> None:
    raise RuntimeError(f"event {target.id} is part of the audit log and cannot be changed or deleted")


class SpokenNumber(Base):
    """A number heard in the complaint (phone, NIK, amount, ticket): digits, where, and how sure.

    Read by nlp from the recording's latest transcript (`source` "transcript"; char spans index the
    complaint's stretch of that transcript) or, for a typed complaint, from its text ("text"). Digits and
    value are encrypted at rest like the reporter's contact: a phone number or NIK names a person.
    """

    __tablename__ = "spoken_numbers"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()  # order in the text
    source: Mapped[str] = mapped_column(String(16))  # transcript | text
    kind: Mapped[str] = mapped_column(String(16))  # mobile | landline | nik | amount | number
    digits: Mapped[str] = mapped_column(EncryptedString("spoken_numbers.digits"))
    value: Mapped[str | None] = mapped_column(EncryptedString("spoken_numbers.value"))
    start_char: Mapped[int] = mapped_column()
    end_char: Mapped[int] = mapped_column()
    audio_start: Mapped[float | None] = mapped_column(Float)
    audio_end: Mapped[float | None] = mapped_column(Float)
    confidences: Mapped[list[float]] = mapped_column(JSON, default=list)  # one per digit
    plausible: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_confirmation: Mapped[bool] = mapped_column(Boolean, default=True)
