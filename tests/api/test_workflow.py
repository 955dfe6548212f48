"""The pure workflow rules: the status graph and working-day deadlines (holidays, time zones)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from api.agency.models import Sla
from api.complaint import workflow
from api.complaint.models import Status
from api.errors import InvalidInput, InvalidTransition


def test_happy_path_is_allowed():
    path = [
        Status.DRAFT,
        Status.VERIFIED,
        Status.DISPATCHED,
        Status.IN_PROGRESS,
        Status.RESPONDED,
        Status.CLOSED,
    ]
    for current, target in itertools.pairwise(path):
        workflow.check(current, target)


def test_invalid_transition_lists_allowed_targets():
    with pytest.raises(InvalidTransition) as info:
        workflow.check(Status.DRAFT, Status.CLOSED)
    assert info.value.extra["allowed"] == ["archived", "duplicate", "postponed", "rejected", "verified"]
    assert info.value.status == 409


def test_not_our_authority_goes_back_to_the_administrator_for_rerouting():
    workflow.check(Status.DISPATCHED, Status.RETURNED)
    workflow.check(Status.RETURNED, Status.DISPATCHED)
    with pytest.raises(InvalidTransition):
        workflow.check(Status.RETURNED, Status.RESPONDED)


def test_reopen_and_names():
    assert workflow.action_name(Status.CLOSED, Status.IN_PROGRESS) == "reopen"
    assert workflow.action_name(Status.REJECTED, Status.DRAFT) == "reopen"
    assert workflow.action_name(Status.DISPATCHED, Status.RETURNED) == "return"
    with pytest.raises(InvalidTransition):
        workflow.check(Status.CLOSED, Status.DRAFT)


def test_dispatch_needs_an_agency_and_duplicate_an_original():
    with pytest.raises(InvalidInput):
        workflow.require_for(Status.DISPATCHED, agency_id=None, duplicate_of_id=None)
    with pytest.raises(InvalidInput):
        workflow.require_for(Status.DUPLICATE, agency_id=1, duplicate_of_id=None)
    workflow.require_for(Status.DISPATCHED, agency_id=1, duplicate_of_id=None)


def test_three_working_days_skip_a_national_holiday_and_the_weekend():
    # Wednesday 18 March 2026, 10:00 WIB. Thursday 19 March is Nyepi (Day of Silence), then a weekend.
    filed = datetime(2026, 3, 18, 3, 0, tzinfo=UTC)
    due = workflow.add_working_days(filed, 3, "Asia/Jakarta")
    # Working days: Fri 20, Mon 23, Tue 24 → end of Tuesday 24 March WIB = 16:59:59 UTC.
    assert due == datetime(2026, 3, 24, 16, 59, 59, tzinfo=UTC)


def test_without_the_holiday_the_same_span_is_a_day_shorter():
    filed = datetime(2026, 3, 11, 3, 0, tzinfo=UTC)  # Wednesday a week earlier: no holiday
    assert workflow.add_working_days(filed, 3, "Asia/Jakarta") == datetime(
        2026, 3, 16, 16, 59, 59, tzinfo=UTC
    )


def test_time_zone_decides_which_day_a_report_arrives():
    # Friday 16:30 UTC is Friday 23:30 WIB but already Saturday 01:30 WIT.
    filed = datetime(2026, 2, 6, 16, 30, tzinfo=UTC)
    jakarta = workflow.add_working_days(filed, 1, "Asia/Jakarta")
    jayapura = workflow.add_working_days(filed, 1, "Asia/Jayapura")
    assert jakarta == datetime(2026, 2, 9, 16, 59, 59, tzinfo=UTC)  # Monday 23:59:59 WIB
    assert jayapura == datetime(2026, 2, 9, 14, 59, 59, tzinfo=UTC)  # Monday 23:59:59 WIT (UTC+9)
    makassar = workflow.add_working_days(filed, 1, "Asia/Makassar")
    assert makassar == datetime(2026, 2, 9, 15, 59, 59, tzinfo=UTC)  # Saturday 00:30 WITA → Monday


def test_stage_deadlines_follow_the_sla():
    since = datetime(2026, 6, 8, 2, 0, tzinfo=UTC)  # Monday
    sla = Sla(verify_days=3, respond_days=1, close_days=10)
    assert workflow.due_for(Status.DRAFT, since=since, sla=sla, tz="Asia/Jakarta").day == 11
    assert workflow.due_for(Status.DISPATCHED, since=since, sla=sla, tz="Asia/Jakarta").day == 9
    assert workflow.due_for(Status.POSTPONED, since=since, sla=sla, tz="Asia/Jakarta") is None
    assert workflow.due_for(Status.CLOSED, since=since, sla=sla, tz="Asia/Jakarta") is None


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        workflow.add_working_days(datetime(2026, 1, 5), 1, "Asia/Jakarta")


def test_overdue_and_auto_close():
    due = datetime(2026, 1, 5, tzinfo=UTC)
    later = datetime(2026, 1, 6, tzinfo=UTC)
    assert workflow.is_overdue(Status.DISPATCHED, due, later)
    assert not workflow.is_overdue(Status.RESPONDED, due, later)
    assert workflow.auto_closes(Status.RESPONDED, due, later)
    assert not workflow.is_overdue(Status.CLOSED, due, later)
