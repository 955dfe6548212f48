"""The complaint life cycle as pure rules: which status may follow which, and when each stage is due.

Modelled on SP4N-LAPOR!: an administrator verifies and dispatches (disposisi) within 3 working days, the
agency follows up within 5, and a responded report closes 10 working days later if nobody objects.
No I/O here: services feed it times and policies and store what it answers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from api.agency.models import Sla
from api.complaint.models import Status
from api.errors import InvalidInput, InvalidTransition

S = Status
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.DRAFT: frozenset({S.VERIFIED, S.POSTPONED, S.REJECTED, S.ARCHIVED, S.DUPLICATE}),
    S.POSTPONED: frozenset({S.DRAFT, S.VERIFIED, S.REJECTED, S.ARCHIVED}),
    S.VERIFIED: frozenset({S.DISPATCHED, S.POSTPONED, S.REJECTED, S.ARCHIVED, S.DUPLICATE}),
    S.DISPATCHED: frozenset({S.IN_PROGRESS, S.RESPONDED, S.RETURNED}),
    S.IN_PROGRESS: frozenset({S.RESPONDED, S.RETURNED}),
    # "Not our authority": back to the administrator, who re-routes it or gives up on it.
    S.RETURNED: frozenset({S.DISPATCHED, S.VERIFIED, S.REJECTED, S.ARCHIVED}),
    # The reporter or administrator objects to a response: back to the agency.
    S.RESPONDED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    # Reopen: a closed report goes back to the agency, the others back to the administrator.
    S.CLOSED: frozenset({S.IN_PROGRESS}),
    S.REJECTED: frozenset({S.DRAFT}),
    S.ARCHIVED: frozenset({S.DRAFT}),
    S.DUPLICATE: frozenset({S.DRAFT}),
}
TERMINAL = frozenset({S.CLOSED, S.REJECTED, S.ARCHIVED, S.DUPLICATE})
OPEN = frozenset(Status) - TERMINAL


def allowed(current: Status) -> list[str]:
    return sorted(TRANSITIONS[current])


def check(current: Status, target: Status) -> None:
    """Raise InvalidTransition (with the allowed targets) unless current → target is a legal step."""
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(
            f"cannot go from {current} to {target}; allowed: {', '.join(allowed(current)) or 'none'}",
            current=str(current),
            allowed=allowed(current),
        )


def action_name(current: Status, target: Status) -> str:
    """The verb recorded in the event log for a step."""
    if current in TERMINAL:
        return "reopen"
    if current == S.RESPONDED and target == S.IN_PROGRESS:
        return "object"
    return {S.RETURNED: "return", S.DISPATCHED: "dispatch", S.DRAFT: "resume"}.get(target, str(target))


def require_for(target: Status, *, agency_id: int | None, duplicate_of_id: int | None) -> None:
    """Preconditions beyond the status graph: dispatching needs an agency, a duplicate its original."""
    if target == S.DISPATCHED and agency_id is None:
        raise InvalidInput("choose an agency before dispatching")
    if target == S.DUPLICATE and duplicate_of_id is None:
        raise InvalidInput("use the merge endpoint to mark a duplicate: it needs the original complaint")


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an Indonesian national holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime, days: int, tz: str) -> datetime:
    """End (23:59:59 local) of the `days`-th working day after the local day of `start`, returned in UTC.

    The day of receipt does not count, as in "within 3 working days"; weekends and national holidays
    are skipped in the agency's own zone, since a report filed at 23:30 WIT is already the next day in
    Papua but not in Jakarta.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    zone = ZoneInfo(tz)
    day = start.astimezone(zone).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone).astimezone(UTC)


def due_for(status: Status, *, since: datetime, sla: Sla, tz: str) -> datetime | None:
    """Deadline of the stage a complaint enters at `since`; None where no clock runs (postponed, ended)."""
    if status in (S.DRAFT, S.VERIFIED, S.RETURNED):
        return add_working_days(since, sla.verify_days, tz)
    if status in (S.DISPATCHED, S.IN_PROGRESS):
        return add_working_days(since, sla.respond_days, tz)
    if status == S.RESPONDED:
        return add_working_days(since, sla.close_days, tz)
    return None


def is_overdue(status: Status, due_at: datetime | None, now: datetime) -> bool:
    """A responded report past its date closes instead of escalating; every other running clock escalates."""
    return status in OPEN and status != S.RESPONDED and due_at is not None and now > due_at


def auto_closes(status: Status, due_at: datetime | None, now: datetime) -> bool:
    return status == S.RESPONDED and due_at is not None and now > due_at
