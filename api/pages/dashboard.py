"""The leader dashboard: the four indicators (fast, easy, cheap, complete) as charts with their tables,
the overdue list and the exports, over the complaints the viewer may reach.

The figures are api/stats' `indicators`, the overdue list the API's complaint list and the export buttons
the API's export endpoints, all with the viewer as principal: a regency's leader sees the regency.
Each chart is drawn by dashboard.js from a data attribute; the table beside it is the same data for
screen readers and for anyone who wants the numbers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from cachetools import TTLCache
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.access.policy import Action
from api.agency import service as agency_service
from api.complaint import disclosure, query, service
from api.complaint.schemas import ComplaintFilter, ComplaintRead, SortField
from api.config import Settings
from api.deps import SessionDep, SettingsDep
from api.pages.i18n import Translate
from api.pages.render import render
from api.pages.viewer import Viewer, page_viewer
from api.stats import service as stats
from api.stats.service import GroupBy
from api.validation import region_name

router = APIRouter(include_in_schema=False)
StatsViewer = Annotated[Viewer, Depends(page_viewer(Action.STATS))]
GROUPS: dict[str, GroupBy] = {
    "agency": GroupBy.AGENCY, "topic": GroupBy.TOPIC, "region": GroupBy.REGION, "month": GroupBy.PERIOD,
}  # fmt: skip
OVERDUE_SHOWN = 50
TOP_GROUPS = 25  # a chart of 600 agencies says nothing, and four tables of them take long to render
Day = Annotated[date | None, Query()]
All = Annotated[bool, Query(alias="all")]


@dataclass(frozen=True)
class OverdueRow:
    complaint: ComplaintRead
    agency_name: str | None
    zone: str


def group_labels(t: Translate, agencies: dict[str, str], group_by: GroupBy, keys: list[str]) -> list[str]:
    """What each group key means to a reader: an agency's name (from `agencies`, id → name), a
    province's name, a topic, a month."""
    if group_by == GroupBy.AGENCY:
        return [t("Not yet assigned") if key == "unassigned" else agencies.get(key, key) for key in keys]
    return [group_label(t, group_by, key) for key in keys]


def group_label(t: Translate, group_by: GroupBy, key: str) -> str:
    """A topic, province or month key as a reader sees it."""
    if group_by == GroupBy.TOPIC:
        return t("Not classified") if key == "unclassified" else key
    if group_by == GroupBy.REGION:
        return t("Unknown") if key == "unknown" else f"{region_name(key) or key} ({key})"
    if group_by == GroupBy.NONE:
        return t("All complaints")
    return key


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def charts(t: Translate, rows: list[dict[str, Any]], labels: list[str]) -> dict[str, dict[str, Any]]:
    """The data of the four charts (and of their tables), one entry per indicator."""
    fast = [("to_verification", t("to verification")), ("to_first_response", t("to first response")),
            ("to_closure", t("to closure"))]  # fmt: skip
    channels = sorted({channel for row in rows for channel in row["easy"]["by_channel"]})
    return {
        "fast": {
            "unit": t("h"), "stacked": False, "labels": labels,
            "datasets": [
                {"label": t("Median hours {stage}", stage=name),
                 "data": [row["fast"][key]["median_hours"] for row in rows]}
                for key, name in fast
            ],
        },
        "easy": {
            "unit": "", "stacked": True, "labels": labels,
            "datasets": [
                {"label": channel, "data": [row["easy"]["by_channel"].get(channel, 0) for row in rows]}
                for channel in channels
            ],
        },
        "cheap": {
            "unit": "min", "stacked": False, "labels": labels,
            "datasets": [
                {"label": t("Processing minutes per complaint"),
                 "data": [row["cheap"]["processing_minutes_per_complaint"] for row in rows]},
                {"label": t("Operator minutes per complaint"),
                 "data": [row["cheap"]["operator_minutes_per_complaint"] for row in rows]},
            ],
        },
        "complete": {
            "unit": "%", "stacked": False, "labels": labels,
            "datasets": [
                {"label": t("Closed (%)"),
                 "data": [_percent(row["complete"]["closure_rate"]) for row in rows]},
                {"label": t("Closed within the deadline (%)"),
                 "data": [_percent(row["complete"]["closed_within_sla"]) for row in rows]},
            ],
        },
    }  # fmt: skip


def _moment(day: date | None, *, end: bool = False) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1) if end else day, time(0), tzinfo=UTC)


_CACHE_LOCK = threading.Lock()
Figures = list[dict[str, Any]]


def figures(
    request: Request, viewer: Viewer, db_session: Session, settings: Settings, flt: ComplaintFilter,
    group_by: GroupBy,
) -> Figures:  # fmt: skip
    """api/stats' indicators for the viewer, from the app's short cache when it has them.

    Each computation reads every complaint in reach (seconds at 100,000), and everyone with the same
    role and agency reaches the same complaints (policy.complaint_scope), so they share one entry.
    """
    seconds = settings.dashboard_cache_seconds

    def compute() -> Figures:
        return stats.indicators(
            db_session=db_session, principal=viewer.principal, flt=flt, group_by=group_by,
            default_region=settings.default_region,
        )  # fmt: skip

    if seconds <= 0:
        return compute()
    state = request.app.state
    with _CACHE_LOCK:
        if getattr(state, "dashboard_cache", None) is None:
            state.dashboard_cache = TTLCache(maxsize=256, ttl=seconds)
        cache: TTLCache[tuple[Any, ...], Figures] = state.dashboard_cache
        key = (viewer.principal.role, viewer.principal.agency_id, group_by, flt.created_from, flt.created_to)
        found = cache.get(key)
    if found is not None:
        return found
    rows = compute()
    with _CACHE_LOCK:
        cache[key] = rows
    return rows


def shown_groups(rows: Figures, group_by: GroupBy, everything: bool) -> Figures:
    """The groups the page draws: all of them on request, else the latest months or the largest groups."""
    if everything or len(rows) <= TOP_GROUPS:
        return rows
    if group_by == GroupBy.PERIOD:
        return rows[-TOP_GROUPS:]
    return sorted(rows, key=lambda row: row["complaints"], reverse=True)[:TOP_GROUPS]


def _agency_names(db_session: Session, viewer: Viewer) -> dict[str, str]:
    agencies = agency_service.list_agencies(db_session=db_session, principal=viewer.principal)
    return {str(agency.id): agency.name for agency in agencies}


def _overdue(db_session: Session, viewer: Viewer, settings: Settings) -> tuple[list[OverdueRow], int]:
    flt = ComplaintFilter(overdue=True, sort=SortField.DUE_AT, descending=False, limit=OVERDUE_SHOWN)
    complaints, total = query.list_complaints(
        db_session=db_session, principal=viewer.principal, flt=flt, default_region=settings.default_region
    )
    agencies = agency_service.by_ids(db_session=db_session, agency_ids=(c.agency_id for c in complaints))
    rows = []
    for complaint in complaints:  # at most OVERDUE_SHOWN
        agency = agencies.get(complaint.agency_id) if complaint.agency_id is not None else None
        zone = (
            agency.timezone
            if agency
            else service.zone_of(db_session=db_session, complaint=complaint, default_zone=settings.timezone)
        )
        shown = disclosure.shaped(viewer.principal, complaint)
        rows.append(OverdueRow(shown, agency.name if agency else None, zone))
    return rows, total


@router.get("/dashboard")
def dashboard(
    request: Request, viewer: StatsViewer, db_session: SessionDep, settings: SettingsDep,
    group: str = "agency", created_from: Day = None, created_to: Day = None, everything: All = False,
) -> Response:  # fmt: skip
    """The indicators by agency, topic, region or month, for the period chosen (all time by default)."""
    group = group if group in GROUPS else "agency"
    group_by = GROUPS[group]
    t = viewer.t
    period = {"created_from": _moment(created_from), "created_to": _moment(created_to, end=True)}
    flt = ComplaintFilter(**period)
    computed = figures(request, viewer, db_session, settings, flt, group_by)
    rows = shown_groups(computed, group_by, everything)
    agencies = _agency_names(db_session, viewer) if group_by == GroupBy.AGENCY else {}
    labels = group_labels(t, agencies, group_by, [row["group"] for row in rows])
    overdue, overdue_total = _overdue(db_session, viewer, settings)
    exports = {
        kind: f"/api/v1/complaints/export.{kind}?"
        + urlencode({k: v.isoformat() for k, v in period.items() if v is not None})
        for kind in ("csv", "json")
    }
    return render(
        request, viewer, "dashboard/dashboard.html", group=group, groups=list(GROUPS), rows=rows,
        labels=labels, charts=charts(t, rows, labels), overdue=overdue, overdue_total=overdue_total,
        overdue_shown=OVERDUE_SHOWN, exports=exports if viewer.may(Action.EXPORT) else None,
        created_from=created_from, created_to=created_to,
        cache_seconds=round(settings.dashboard_cache_seconds), group_count=len(computed),
        top_groups=TOP_GROUPS,
    )  # fmt: skip
