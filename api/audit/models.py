"""The append-only audit log of accounts and administration: sign-ins, account and token changes, SLA
and routing-rule changes. A folder of its own, below auth/ and agency/, so both can write to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, UTCDateTime, utcnow


class AuthEvent(Base):
    """One sign-in attempt or account change. Rows are only ever inserted (guarded below and in 0005)."""

    __tablename__ = "auth_events"
    __table_args__ = (
        Index("ix_auth_events_subject_at", "subject", "at"),
        Index("ix_auth_events_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(String(120))  # the username acted upon or tried
    ip: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


@event.listens_for(AuthEvent, "before_update")
@event.listens_for(AuthEvent, "before_delete")
def _auth_events_are_append_only(_mapper: Any, _connection: Any, target: AuthEvent) -> None:
    raise RuntimeError(f"auth event {target.id} is part of the audit log and cannot be changed or deleted")
