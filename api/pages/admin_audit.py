"""The audit log: sign-ins, account and token changes, agency, SLA and routing-rule changes, newest
first, filtered by actor, kind of event and a range of days, one page at a time.

Days are the administrator's own (their agency's zone, WIB by default): "until 5 December" includes
the whole of that day on their clock.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.audit import service as audit
from api.deps import SessionDep
from api.errors import InvalidInput
from api.pages.admin_kit import PAGE_SIZE, AdminViewer, page_numbers, zone
from api.pages.refusals import refusal_text
from api.pages.render import render

router = APIRouter(include_in_schema=False)
# The kinds of event written by api/auth, api/agency and the migrations (a datalist: others may be typed).
ACTIONS = (
    "login_ok",
    "login_failed",
    "locked",
    "logout",
    "password_changed",
    "password_reset",
    "user_created",
    "user_renamed",
    "role_changed",
    "user_disabled",
    "user_enabled",
    "user_unlocked",
    "token_created",
    "token_revoked",
    "agency_created",
    "agency_changed",
    "sla_changed",
    "routing_rule_added",
    "routing_rule_changed",
    "routing_rule_removed",
    "routing_rule_dropped",
)


def _day(raw: str, field: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(f"{field}: a date such as 2026-12-05") from None


def _start_of(day: date | None, zone_name: str) -> datetime | None:
    """Midnight of `day` on the administrator's clock, as the UTC instant the log is stored in."""
    if day is None:
        return None
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone_name)).astimezone(ZoneInfo("UTC"))


@router.get("/admin/audit")
def audit_log(
    request: Request,
    viewer: AdminViewer,
    db_session: SessionDep,
    actor: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
    page: int = 1,
) -> Response:
    zone_name = zone(viewer)
    error = None
    try:
        first, last = _day(since, "since"), _day(until, "until")
    except InvalidInput as refusal:
        first = last = None
        error = refusal_text(viewer.t, refusal.detail)
    page = max(1, min(page, 10_000))
    rows = audit.search(
        db_session=db_session,
        actor=actor.strip()[:120] or None,
        action=action.strip()[:32] or None,
        since=_start_of(first, zone_name),
        until=_start_of(last + timedelta(days=1), zone_name) if last else None,
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    query = {"actor": actor, "action": action, "since": since, "until": until}
    return render(
        request,
        viewer,
        "admin/audit.html",
        events=rows[:PAGE_SIZE],
        zone=zone_name,
        error=error,
        query=query,
        page=page,
        actions=ACTIONS,
        **page_numbers(page, len(rows) > PAGE_SIZE),
    )
