"""Agencies (national bodies, provinces, regencies/cities), routing rules and SLA policies."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base


@dataclass(frozen=True, slots=True)
class Sla:
    """Working days allowed for each stage of a complaint (an `SlaPolicy` row, or the defaults)."""

    verify_days: int = 3
    respond_days: int = 5
    close_days: int = 10


class AgencyLevel(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    REGENCY = "regency"
    OFFICE = "office"


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[AgencyLevel] = mapped_column(String(16))
    region_code: Mapped[str | None] = mapped_column(String(16), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    timezone: Mapped[str] = mapped_column(String(32), default="Asia/Jakarta")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class RoutingRule(Base):
    """Sends complaints of a topic (optionally within a region prefix) to an agency; higher priority wins."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), index=True)
    region_prefix: Mapped[str | None] = mapped_column(String(16))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class SlaPolicy(Base):
    """Working days allowed per stage; the row without agency is the default for everyone."""

    __tablename__ = "sla_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), unique=True)
    verify_days: Mapped[int] = mapped_column(Integer, default=3)
    respond_days: Mapped[int] = mapped_column(Integer, default=5)
    close_days: Mapped[int] = mapped_column(Integer, default=10)
