"""Pydantic shapes of agencies, routing rules and SLA policies."""

from __future__ import annotations

from typing import Annotated, Any, Literal

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


class AgencyRuleWrite(BaseModel):
    """Shorthand for "send this topic (in this region) to this agency": an nlp rule of weight 1."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"topic": "infrastruktur", "region_prefix": "33.03"}]}
    )

    topic: str = Field(min_length=1, max_length=64)
    region_prefix: RegionCode | None = Field(default=None, description="null: the agency's whole region")
    priority: int = Field(default=0, ge=-1000, le=1000, strict=True)
    note: str | None = Field(default=None, max_length=2000)


Words = list[Annotated[str, Field(min_length=1, max_length=200)]]


class RoutingRuleWrite(BaseModel):
    """A rule of nlp's routing engine (nlp/routing.py documents each field); nlp validates the whole set."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "infra-jembatan-33.03", "topics": ["infrastruktur"], "level": "regency",
                    "agency": "dinas-pupr", "weight": 0.9, "keywords": ["jembatan"], "region_prefix": "33.03",
                }
            ]
        },
    )  # fmt: skip

    id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    topics: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(min_length=1, max_length=50)
    level: Literal["national", "province", "regency", "district", "village"]
    agency: str = Field(min_length=1, max_length=64)
    weight: float = Field(gt=0, le=1, strict=True)
    keywords: Words = Field(default_factory=list, max_length=500)
    exclude_keywords: Words = Field(default_factory=list, max_length=500)
    region_prefix: RegionCode | None = None
    replaces: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=50
    )
    note: str | None = Field(default=None, max_length=2000)
    enabled: bool = Field(default=True, strict=True)
    priority: int = Field(default=0, ge=-1000, le=1000, strict=True, description="higher: tried first")

    def rule(self) -> dict[str, Any]:
        """The rule in nlp's JSON form (without the store's priority)."""
        return self.model_dump(exclude={"priority"}, exclude_none=True)


class RoutingRuleRead(BaseModel):
    """As stored (not re-validated: a rule written before a check was added must still be readable)."""

    id: str
    topics: list[str]
    level: str
    agency: str
    weight: float
    keywords: list[str] = []
    exclude_keywords: list[str] = []
    region_prefix: str | None = None
    replaces: list[str] = []
    note: str | None = None
    enabled: bool = True
    priority: int = 0
