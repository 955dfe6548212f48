"""Pydantic shapes of agencies, routing rules and SLA policies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


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

    verify_days: int = Field(default=3, ge=1, le=365)
    respond_days: int = Field(default=5, ge=1, le=365)
    close_days: int = Field(default=10, ge=1, le=365)


class RoutingRuleWrite(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"topic": "infrastruktur", "region_prefix": "33.03"}]}
    )

    topic: str = Field(min_length=1, max_length=64)
    region_prefix: str | None = Field(default=None, pattern=r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
    priority: int = Field(default=0, ge=-1000, le=1000)
    note: str | None = Field(default=None, max_length=2000)


class RoutingRuleRead(RoutingRuleWrite):
    model_config = ConfigDict(from_attributes=True)

    id: int
    agency_id: int
