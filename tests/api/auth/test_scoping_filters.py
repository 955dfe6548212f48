"""SQL metacharacters, search syntax, NUL bytes and huge values in every filter of /complaints, /stats
and Open311: 422 or an ordinary (possibly empty) answer, never a 5xx, and nothing changes."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from api.complaint.models import Complaint, Event
from tests.api.auth.scoping import V1

NASTY = [
    "' OR '1'='1",
    "1; DROP TABLE complaints; --",
    '") OR 1=1 --',
    "%",
    "_",
    "\\",
    "*",
    'NEAR("a" "b")',
    "a:* & !b | c",
    "\x00",
    "abc\x00def",
    "٣٣",
    "🙂",
    "-1",
    "9" * 40,
    "x" * 20_000,
]
COMPLAINT_FILTERS = [
    "status", "agency_id", "topic", "region", "channel", "overdue", "created_from", "created_to", "q",
    "reporter_phone", "reporter_nik", "sort", "order", "limit", "offset",
]  # fmt: skip
OPEN311_FILTERS = ["service_request_id", "service_code", "start_date", "end_date", "status"]


def _state(db) -> tuple[int, int]:
    db.rollback()
    return db.scalar(select(func.count(Complaint.id))), db.scalar(select(func.count(Event.id)))


def _survives(response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert response.status_code in (200, 422), (response.status_code, response.text[:300])


@pytest.mark.parametrize("path", ["/complaints", "/complaints/export.csv", "/stats"])
def test_complaint_and_stats_filters_survive_attack(db, client, as_role, path):
    liaison = as_role("liaison", "reg-33.03")
    before = _state(db)
    for caller in (client, liaison):
        for name in COMPLAINT_FILTERS:
            for value in NASTY:
                response = caller.get(f"{V1}{path}", params={name: value})
                if caller is liaison and path != "/complaints":
                    assert response.status_code in (403, 422), response.text[:300]
                else:
                    _survives(response)
    assert _state(db) == before


def test_open311_filters_survive_attack(db, anon_client):
    before = _state(db)
    for name in OPEN311_FILTERS:
        for value in NASTY:
            response = anon_client.get(f"{V1}/open311/v2/requests.json", params={name: value})
            _survives(response)
        for value in NASTY[:-1]:
            response = anon_client.get(f"{V1}/open311/v2/requests/{quote(value[:30], safe='')}.json")
            assert response.status_code in (404, 422), response.text[:300]
    for value in NASTY:
        _survives(anon_client.get(f"{V1}/public/stats", params={"group_by": value}))
    assert _state(db) == before
