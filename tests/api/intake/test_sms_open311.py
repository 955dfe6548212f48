"""Text intake: the SMS gateway webhook and Open311 GeoReport v2 (read and submit)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from api.complaint import service, transitions
from api.complaint.models import Complaint
from api.config import get_settings
from api.kernel import SYSTEM

V1 = "/api/v1"
O311 = f"{V1}/open311/v2"


def sms(client, text: str, msg_id: str | None = None, sender: str = "+6281234567890"):
    return client.post(f"{V1}/intake/sms", json={"from": sender, "text": text, "id": msg_id})


def test_sms_keyword_format_files_a_draft_and_replies_with_tracking(client, db):
    msg = uuid.uuid4().hex
    response = sms(client, "lapor  Lampu jalan di Desa Kedungwuluh mati sudah seminggu", msg)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["tracking_number"] in body["reply"] and body["created"]
    complaint = db.scalars(select(Complaint).where(Complaint.external_ref == f"sms:{msg}")).one()
    assert complaint.channel == "sms" and complaint.reporter_phone == "+6281234567890"
    assert complaint.text == "Lampu jalan di Desa Kedungwuluh mati sudah seminggu"
    again = sms(client, "LAPOR Lampu jalan di Desa Kedungwuluh mati sudah seminggu", msg)
    assert again.status_code == 200 and again.json()["tracking_number"] == body["tracking_number"]


@pytest.mark.parametrize(
    "text", ["HALO jalan rusak", "LAPOR", "LAPOR  ", "LAPOR ok", "", "jalan rusak tanpa kata kunci"]
)
def test_sms_in_the_wrong_format_is_refused(client, db, text):
    before = db.scalar(select(Complaint.id).order_by(Complaint.id.desc()).limit(1))
    response = sms(client, text)
    assert response.status_code == 422, response.text
    db.rollback()
    assert db.scalar(select(Complaint.id).order_by(Complaint.id.desc()).limit(1)) == before


def test_sms_bad_sender_and_huge_text(client):
    assert sms(client, "LAPOR jalan rusak", sender="'; DROP TABLE--").status_code == 422
    assert sms(client, "LAPOR " + "x" * 5000).status_code == 422


def test_open311_services_are_topics(client):
    services = client.get(f"{O311}/services.json").json()
    codes = {s["service_code"] for s in services}
    assert {"infrastruktur", "kesehatan", "korupsi_pungli"} <= codes
    assert all(s["type"] == "realtime" and s["metadata"] is False for s in services)


def test_open311_post_then_read_back(client, db):
    response = client.post(
        f"{O311}/requests.json",
        data={
            "service_code": "kesehatan",
            "description": "Puskesmas tutup di jam kerja",
            "first_name": "Siti",
            "attribute[region_code]": "33.03",
        },
    )
    assert response.status_code == 201, response.text
    [created] = response.json()
    tracking = created["service_request_id"]
    complaint = service.get_by_tracking(
        db_session=db, principal=SYSTEM, tracking=tracking, default_region=get_settings().default_region
    )
    assert (
        complaint.topic == "kesehatan"
        and complaint.region_code == "33.03"
        and complaint.reporter_name == "Siti"
    )
    # Not public until verified (review before publish).
    assert tracking not in [r["service_request_id"] for r in client.get(f"{O311}/requests.json").json()]
    transitions.transition(
        db_session=db,
        complaint=complaint,
        to="verified",
        principal=SYSTEM,
        default_zone=get_settings().timezone,
    )
    db.commit()
    listed = client.get(
        f"{O311}/requests.json", params={"service_code": "kesehatan", "status": "open"}
    ).json()
    assert tracking in [r["service_request_id"] for r in listed]
    [one] = client.get(f"{O311}/requests/{tracking}.json").json()
    assert one["status"] == "open" and one["service_code"] == "kesehatan" and one["expected_datetime"]
    assert "Siti" not in str(one)
    closed = client.get(f"{O311}/requests.json", params={"status": "closed", "service_request_id": tracking})
    assert closed.json() == []


def test_open311_hides_confidential_reports(client, db):
    complaint, _ = service.create(
        db_session=db,
        principal=SYSTEM,
        text="pungli rahasia",
        channel="web",
        confidential=True,
        default_zone=get_settings().timezone,
    )
    transitions.transition(
        db_session=db,
        complaint=complaint,
        to="verified",
        principal=SYSTEM,
        default_zone=get_settings().timezone,
    )
    db.commit()
    assert client.get(f"{O311}/requests/{complaint.tracking_number}.json").status_code == 404
    listed = client.get(
        f"{O311}/requests.json", params={"service_request_id": complaint.tracking_number}
    ).json()
    assert listed == []


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"service_code": "nope", "description": "abc def"},
        {"service_code": "kesehatan"},
        {"service_code": "kesehatan", "description": "x" * 30_000},
        {"service_code": "kesehatan", "description": "ok ok", "phone": "call me"},
    ],
)
def test_open311_bad_posts_answer_its_error_format(client, form):
    response = client.post(f"{O311}/requests.json", data=form)
    assert response.status_code == 422
    [error] = response.json()
    assert error["code"] == 422 and error["description"]


def test_open311_bad_dates(client):
    assert (
        client.get(f"{O311}/requests.json", params={"start_date": "2026-01-01T00:00:00"}).status_code == 422
    )
    assert client.get(f"{O311}/requests.json", params={"status": "maybe"}).status_code == 422
    assert client.get(f"{O311}/requests/SUA-1999-000000.json").status_code == 404


def test_an_sms_from_a_gateway_without_an_agency_files_in_six_statements(client, db):
    """Every SMS pays for each statement (a gateway sends hundreds a minute): the filer's region is read
    only when the filer has an agency, so the durable analysis job costs no more statements than the
    old in-queue analysis did — savepoint, insert, release, tracking number, creation event, job."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    sms(client, "LAPOR lampu jalan mati", uuid.uuid4().hex)  # the token is checked, then trusted for 5 s
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    def commit(_conn) -> None:
        statements.append("COMMIT")

    event.listen(Engine, "before_cursor_execute", count)
    event.listen(Engine, "commit", commit)
    try:
        response = sms(client, "LAPOR jalan rusak di depan pasar", uuid.uuid4().hex)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
        event.remove(Engine, "commit", commit)
    assert response.status_code == 201, response.text
    filing = statements[: statements.index("COMMIT")]  # then the test queue runs the analysis job at once
    data = [s for s in filing if s in ("SELECT", "INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE")]
    assert data == ["SAVEPOINT", "INSERT", "RELEASE", "UPDATE", "INSERT", "INSERT"], statements
