"""The public: no credentials reach nothing but Open311 reads and the public statistics; confidential
reports never appear there, and cells with fewer reports than SUARA_PUBLIC_MIN_CELL are withheld."""

from __future__ import annotations

import uuid

import pytest

from api.complaint.models import Status
from api.stats.service import withheld
from tests.api.auth.scoping import V1

O311 = f"{V1}/open311/v2"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/complaints"),
        ("get", "/complaints/1"),
        ("get", "/complaints/by-tracking/SUA-2026-000001"),
        ("get", "/complaints/export.csv"),
        ("get", "/complaints/export.json"),
        ("post", "/complaints"),
        ("patch", "/complaints/1"),
        ("post", "/complaints/1/transitions"),
        ("get", "/recordings/1"),
        ("get", "/recordings/1/audio"),
        ("get", "/recordings/1/transcripts"),
        ("post", "/recordings"),
        ("get", "/jobs/1"),
        ("post", "/jobs/1/retry"),
        ("get", "/stats"),
        ("get", "/agencies"),
        ("put", "/sla/default"),
        ("post", "/intake/sms"),
    ],
)
def test_no_credentials_no_entry(anon_client, method, path):
    body = (
        {"json": {"text": "halo halo", "to": "verified", "from": "+62812345678"}} if method != "get" else {}
    )
    response = getattr(anon_client, method)(f"{V1}{path}", **body)
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_open311_writes_need_a_token(anon_client):
    response = anon_client.post(
        f"{O311}/requests.json", data={"service_code": "kesehatan", "description": "abc"}
    )
    assert response.status_code == 401 and response.json()[0]["code"] == 401


def test_confidential_reports_are_absent_from_open311_and_public_statistics(anon_client, file_complaint):
    topic = f"uji-{uuid.uuid4().hex[:8]}"
    public = [file_complaint(f"got public {i}", topic=topic, status=Status.VERIFIED) for i in range(6)]
    secret = [
        file_complaint(f"pungli rahasia {i}", topic=topic, confidential=True, status=Status.VERIFIED)
        for i in range(3)
    ]
    draft = file_complaint("belum ditinjau", topic=topic)
    # Five one-report topics: withheld, and together as large as a cell, so the complementary suppression
    # never needs to hide this test's cell whatever other tests left in the shared store.
    for _ in range(5):
        file_complaint("satu laporan", topic=f"uji-{uuid.uuid4().hex[:8]}", status=Status.VERIFIED)
    listed = anon_client.get(f"{O311}/requests.json", params={"service_code": topic}).json()
    assert {r["service_request_id"] for r in listed} == {c.tracking for c in public}
    by_ids = ",".join(c.tracking for c in [*secret, draft])
    assert anon_client.get(f"{O311}/requests.json", params={"service_request_id": by_ids}).json() == []
    for hidden in [*secret, draft]:
        response = anon_client.get(f"{O311}/requests/{hidden.tracking}.json")
        assert response.status_code == 404
        assert response.json() == [
            {"code": 404, "description": f"service request {hidden.tracking} does not exist"}
        ]
    stats = anon_client.get(f"{V1}/public/stats", params={"group_by": "topic"}).json()
    [cell] = [g for g in stats["groups"] if g["group"] == topic]
    assert cell["complaints"] == 6 and "cheap" not in cell


def test_small_cells_are_withheld(anon_client, file_complaint):
    small, other_small, big = (f"uji-{uuid.uuid4().hex[:8]}" for _ in range(3))
    for topic, count in ((small, 3), (other_small, 2), (big, 7)):
        for i in range(count):
            file_complaint(f"laporan {topic} {i}", topic=topic, status=Status.VERIFIED)
    stats = anon_client.get(f"{V1}/public/stats", params={"group_by": "topic"})
    assert stats.status_code == 200
    body = stats.json()
    shown = {g["group"]: g for g in body["groups"]}
    assert small not in shown and other_small not in shown and shown[big]["complaints"] == 7
    assert body["min_cell"] == 5 and body["withheld_groups"] >= 2
    assert all(g["complaints"] >= 5 for g in body["groups"])
    assert all(n >= 5 for g in body["groups"] for n in g["easy"]["by_channel"].values())
    assert all(s["count"] is None or s["count"] >= 5 for g in body["groups"] for s in g["fast"].values())
    assert anon_client.get(f"{V1}/public/stats", params={"group_by": "agency"}).status_code == 422


def test_withheld_also_hides_enough_to_keep_the_total_from_giving_a_cell_back():
    assert withheld({"a": 3, "b": 40, "c": 9}, 5) == {"a", "c"}  # 40+9+3 known: a alone would show
    assert withheld({"a": 3, "b": 2, "c": 9}, 5) == {"a", "b"}  # 3+2 ≥ 5 already
    assert withheld({"a": 7, "b": 9}, 5) == set()
    assert withheld({"all": 4}, 5) == {"all"}
    assert withheld({}, 5) == set()
