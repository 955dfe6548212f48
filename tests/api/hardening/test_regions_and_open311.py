"""Region codes and Open311 fields are checked against the Kemendagri list and the columns' sizes
(issue 14, item 9): a code that is not a region, a regency that does not exist, or a value longer than
its column gets a 422 naming the field, on SQLite (which would store it) as on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.complaint.models import Complaint

V1 = "/api/v1"
O311 = f"{V1}/open311/v2/requests.json"
NOT_REGIONS = ["zz-not-a-region", "3" * 40, "33." + "0" * 37, "99.99", "33.99", "33.03.07.9999", "99"]


def complaints_count(db) -> int:
    db.rollback()
    return db.scalar(select(func.count(Complaint.id))) or 0


@pytest.mark.parametrize("code", NOT_REGIONS)
def test_a_complaint_names_an_existing_region_only(client, db, code):
    before = complaints_count(db)
    filed = client.post(f"{V1}/complaints", json={"text": "jalan rusak parah", "region_code": code})
    assert filed.status_code == 422, filed.text
    assert filed.json()["detail"].startswith("body.region_code: "), filed.json()["detail"]
    assert complaints_count(db) == before
    cid = client.post(f"{V1}/complaints", json={"text": "jalan rusak parah", "region_code": "33.03"}).json()[
        "id"
    ]
    edited = client.patch(f"{V1}/complaints/{cid}", json={"region_code": code})
    assert edited.status_code == 422, edited.text
    assert client.get(f"{V1}/complaints/{cid}").json()["region_code"] == "33.03"


def test_an_unknown_regency_says_so(client):
    answer = client.post(f"{V1}/complaints", json={"text": "jalan rusak parah", "region_code": "99.99"})
    assert answer.json()["detail"] == (
        "body.region_code: no region has the Kemendagri code 99.99 (e.g. 33 a province, 33.03 a regency)"
    )


@pytest.mark.parametrize("code", ["33", "33.03", "33.03.07", "33.03.07.2012"])
def test_every_level_of_an_existing_region_is_accepted(client, code):
    filed = client.post(f"{V1}/complaints", json={"text": "jalan rusak parah", "region_code": code})
    assert filed.status_code == 201, filed.text
    assert filed.json()["region_code"] == code


def test_routing_rules_and_filters_take_existing_regions_only(client):
    for code in ("99.99", "zz-not-a-region"):
        rule = client.post(
            f"{V1}/agencies/1/routing-rules", json={"topic": "kesehatan", "region_prefix": code}
        )
        assert rule.status_code == 422, rule.text
        for path in ("/complaints", "/complaints/export.csv", "/stats"):
            listed = client.get(f"{V1}{path}", params={"region": code})
            assert listed.status_code == 422, (path, listed.text)
    assert client.get(f"{V1}/complaints", params={"region": "33"}).status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attribute[region_code]", "zz-not-a-region"),
        ("attribute[region_code]", "3" * 40),
        ("attribute[region_code]", "99.99"),
        ("device_id", "d" * 500),
        ("first_name", "S" * 500),
        ("last_name", "A" * 500),
        ("service_code", "k" * 500),
        ("phone", "0812" * 10),
    ],
)
def test_open311_fields_are_checked_against_the_gazetteer_and_column_sizes(client, db, field, value):
    before = complaints_count(db)
    form = {"service_code": "kesehatan", "description": "Puskesmas tutup di jam kerja", field: value}
    response = client.post(O311, data=form)
    assert response.status_code == 422, response.text
    [error] = response.json()
    assert error["code"] == 422 and error["description"].startswith(f"{field}: "), error
    assert complaints_count(db) == before


def test_open311_accepts_a_full_request_at_the_limits(client, db):
    form = {
        "service_code": "kesehatan",
        "description": "Puskesmas tutup di jam kerja",
        "first_name": "S" * 99,
        "last_name": "A" * 99,
        "device_id": "d" * 64,
        "phone": "+628123456789",
        "attribute[region_code]": "33.03.07.2012",
        "lat": "-7.4",  # GeoReport fields Suara does not read are ignored
    }
    response = client.post(O311, data=form)
    assert response.status_code == 201, response.text
    db.rollback()
    tracking = response.json()[0]["service_request_id"]
    complaint = db.scalars(select(Complaint).where(Complaint.tracking_number == tracking)).one()
    assert complaint.region_code == "33.03.07.2012" and len(complaint.reporter_name) == 199
    assert complaint.external_ref.startswith("open311:" + "d" * 64 + ":")
