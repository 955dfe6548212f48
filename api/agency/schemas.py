"""Pydantic shapes of agencies, routing rules and SLA policies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.validation import RegionCode


class AgencyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    level: str
    region_code: str | None
    parent_id: int | None
    timezone: str


class SlaWrite(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"verify_days": 1, "respond_days": 1, "close_days": 10}]},
    )

    verify_days: int = Field(default=3, ge=1, le=365, strict=True)
    respond_days: int = Field(default=5, ge=1, le=365, strict=True)
    close_days: int = Field(default=10, ge=1, le=365, strict=True)


class RoutingRuleWrite(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"topic": "infrastruktur", "region_prefix": "33.03"}]}
    )

    topic: str = Field(min_length=1, max_length=64)
    region_prefix: RegionCode | None = Field(default=None, description="null: every region")
    priority: int = Field(default=0, ge=-1000, le=1000, strict=True)
    note: str | None = Field(default=None, max_length=2000)


class RoutingRuleRead(BaseModel):
    """As stored (not re-validated: a rule written before a check was added must still be readable)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    agency_id: int
    topic: str
    region_prefix: str | None
    priority: int
    note: str | None
