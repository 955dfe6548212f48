"""Agencies (national bodies, provinces, regencies/cities), routing rules and SLA policies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, UTCDateTime, utcnow


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
    """One rule of nlp's routing engine, stored so a system administrator can change it over the API.

    `body` is the rule in nlp/routing.py's JSON format (validated by nlp on every write); `rule_id` is its
    `id`, named in every suggestion it produces. The engine tries rules by priority (highest first), then
    by position: among suggestions of equal score the first rule wins. Seeded from nlp/data/routing_rules.json
    by migration 0009.
    """

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64), unique=True)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SlaPolicy(Base):
    """Working days allowed per stage; the row without agency is the default for everyone."""

    __tablename__ = "sla_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), unique=True)
    verify_days: Mapped[int] = mapped_column(Integer, default=3)
    respond_days: Mapped[int] = mapped_column(Integer, default=5)
    close_days: Mapped[int] = mapped_column(Integer, default=10)
