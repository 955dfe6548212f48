"""HTTP route of the four indicators, filtered like the complaint list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.complaint.views import FilterDep
from api.deps import SessionDep
from api.stats import service
from api.stats.service import GroupBy

router = APIRouter(tags=["statistics"])

EXAMPLE = {
    "group": "33",
    "complaints": 120,
    "fast": {"to_verification": {"count": 110, "median_hours": 20.5, "p90_hours": 70.1}},
    "easy": {"by_channel": {"hotline": 80, "radio": 30, "sms": 10}},
    "cheap": {"processing_minutes_per_complaint": 0.8, "operator_minutes_per_complaint": 6.5},
    "complete": {"closure_rate": 0.72, "closed_within_sla": 0.9},
}


@router.get(
    "/stats",
    summary="Fast, easy, cheap, complete — by agency, topic, region (province) or month",
    responses={200: {"content": {"application/json": {"example": [EXAMPLE]}}}},
)
def statistics(
    db_session: SessionDep, flt: FilterDep, group_by: GroupBy = GroupBy.NONE
) -> list[dict[str, Any]]:
    return service.indicators(db_session=db_session, flt=flt, group_by=group_by)
