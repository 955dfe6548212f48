"""HTTP routes of the four indicators: for officials, filtered like the complaint list and scoped to what
they may reach; for the public, over published reports with small cells withheld."""

from __future__ import annotations

import threading
from typing import Any

from cachetools import TTLCache
from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from api.complaint.views import FilterDep
from api.config import Settings
from api.deps import PrincipalDep, SessionDep, SettingsDep, SignedIn
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
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    flt: FilterDep,
    group_by: GroupBy = GroupBy.NONE,
) -> list[dict[str, Any]]:
    """Over the complaints the caller may reach (verifiers, leaders and administrators)."""
    return service.indicators(
        db_session=db_session, principal=principal, flt=flt, group_by=group_by,
        default_region=settings.default_region,
    )  # fmt: skip


@router.get(
    "/public/stats",
    summary="Public indicators by topic, province or month; cells under SUARA_PUBLIC_MIN_CELL withheld",
)
def public_statistics(
    request: Request, db_session: SessionDep, settings: SettingsDep, group_by: GroupBy = GroupBy.NONE
) -> dict[str, Any]:
    """No sign-in needed. Confidential and unreviewed reports are never counted, and a group with fewer
    reports than the threshold is left out (with the smallest others, if needed, so that totals cannot
    give it back). Answers may be up to SUARA_PUBLIC_STATS_CACHE_SECONDS old."""
    return public_answer(request.app.state, db_session=db_session, settings=settings, group_by=group_by)


def public_answer(
    state: Any, *, db_session: Session, settings: Settings, group_by: GroupBy
) -> dict[str, Any]:
    """The public indicators through the app's short cache: the API route and the public page share it."""
    cache = _public_cache(state, settings.public_stats_cache_seconds)
    key = (group_by, settings.public_min_cell)
    if cache is not None:
        with _CACHE_LOCK:
            answer = cache.get(key)
        if answer is not None:
            return answer
    answer = service.public_indicators(
        db_session=db_session, group_by=group_by, min_cell=settings.public_min_cell
    )
    if cache is not None:
        with _CACHE_LOCK:
            cache[key] = answer
    return answer


# Public answers, per grouping, for a short while: each one reads every published report (about a
# second at 100,000 complaints), and the page that shows them is the most visited one.
_CACHE_LOCK = threading.Lock()


def _public_cache(state: Any, seconds: float) -> TTLCache[tuple[GroupBy, int], dict[str, Any]] | None:
    """The app's cache of public answers (made on first use), or None when turned off."""
    if seconds <= 0:
        return None
    with _CACHE_LOCK:
        if getattr(state, "public_stats_cache", None) is None:
            state.public_stats_cache = TTLCache(maxsize=len(GroupBy) * 4, ttl=seconds)
        return state.public_stats_cache
