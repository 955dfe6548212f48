"""HTTP routes of the four indicators: for officials, filtered like the complaint list and scoped to what
they may reach; for the public, over published reports with small cells withheld."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.complaint.views import FilterDep, SignedIn
from api.deps import PrincipalDep, SessionDep, SettingsDep
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
    dependencies=[SignedIn],
    summary="Fast, easy, cheap, complete — by agency, topic, region (province) or month",
    responses={200: {"content": {"application/json": {"example": [EXAMPLE]}}}},
)
def statistics(
    db_session: SessionDep, principal: PrincipalDep, flt: FilterDep, group_by: GroupBy = GroupBy.NONE
) -> list[dict[str, Any]]:
    """Over the complaints the caller may reach (verifiers, leaders and administrators)."""
    return service.indicators(db_session=db_session, principal=principal, flt=flt, group_by=group_by)


@router.get(
    "/public/stats",
    summary="Public indicators by topic, province or month; cells under SUARA_PUBLIC_MIN_CELL withheld",
)
def public_statistics(
    db_session: SessionDep, settings: SettingsDep, group_by: GroupBy = GroupBy.NONE
) -> dict[str, Any]:
    """No sign-in needed. Confidential and unreviewed reports are never counted, and a group with fewer
    reports than the threshold is left out (with the smallest others, if needed, so that totals cannot
    give it back)."""
    return service.public_indicators(
        db_session=db_session, group_by=group_by, min_cell=settings.public_min_cell
    )
