"""A token is narrowed by its scopes: whatever its user's role allows, it does only what it was issued for."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from api.complaint.models import Complaint
from tests.api.auth.scoping import V1, events_of, snapshot


def test_a_recorder_token_uploads_and_reads_nothing(db, as_role, file_complaint):
    filed = file_complaint(region="33.03.01")
    recorder = as_role("sysadmin", scopes={"recordings:write"})
    before = snapshot(db, filed.id)
    for path in (f"/complaints/{filed.id}", "/complaints", "/complaints/export.csv", "/stats", "/jobs/1"):
        assert recorder.get(f"{V1}{path}").status_code == 403, path
    assert recorder.patch(f"{V1}/complaints/{filed.id}", json={"urgent": True}).status_code == 403
    assert recorder.post(f"{V1}/complaints", json={"text": "bukan tugas perekam"}).status_code == 403
    # Allowed through to the upload itself, which then judges the bytes (not audio: 415).
    upload = recorder.post(
        f"{V1}/recordings", files={"file": ("x.wav", b"not audio at all" * 64, "audio/wav")}
    )
    assert upload.status_code == 415, upload.text
    assert snapshot(db, filed.id) == before


def test_a_read_only_token_cannot_write(db, as_role, file_complaint):
    filed = file_complaint(region="33.03.01")
    reader = as_role("verifier", "prov-33", scopes={"complaints:read"})
    assert reader.get(f"{V1}/complaints/{filed.id}").status_code == 200
    before = snapshot(db, filed.id)
    assert reader.post(f"{V1}/complaints/{filed.id}/transitions", json={"to": "verified"}).status_code == 403
    assert reader.patch(f"{V1}/complaints/{filed.id}", json={"topic": "air"}).status_code == 403
    assert reader.get(f"{V1}/stats").status_code == 403  # stats:read not granted
    assert snapshot(db, filed.id) == before


def test_the_sms_gateway_token_files_sms_only(db, as_role):
    gateway = as_role("operator", scopes={"intake:sms"})
    body = {"from": "+6281298765432", "text": "LAPOR lampu jalan mati di desa", "id": uuid.uuid4().hex}
    filed = gateway.post(f"{V1}/intake/sms", json=body)
    assert filed.status_code == 201, filed.text
    assert gateway.get(f"{V1}/complaints").status_code == 403
    assert gateway.post(f"{V1}/complaints", json={"text": "lewat jalur lain"}).status_code == 403
    tracking = filed.json()["tracking_number"]
    db.rollback()
    complaint = db.scalars(select(Complaint).where(Complaint.tracking_number == tracking)).one()
    assert events_of(db, complaint.id)[0].actor == gateway.user.username
    assert complaint.filed_by == gateway.user.username
    # Without the scope, an operator's other token may not act as the gateway.
    other = as_role("operator", scopes={"complaints:write"})
    assert other.post(f"{V1}/intake/sms", json={**body, "id": uuid.uuid4().hex}).status_code == 403
    # And a role that may not file cannot, whatever its token says.
    leader = as_role("leader", "reg-33.03", scopes={"intake:sms"})
    assert leader.post(f"{V1}/intake/sms", json={**body, "id": uuid.uuid4().hex}).status_code == 403


def test_open311_submission_needs_its_scope(as_role):
    form = {"service_code": "kesehatan", "description": "Puskesmas tutup di jam kerja", "first_name": "Ani"}
    partner = as_role("operator", scopes={"open311:write"})
    created = partner.post(f"{V1}/open311/v2/requests.json", data=form)
    assert created.status_code == 201, created.text
    plain = as_role("operator", scopes={"complaints:read"})
    refused = plain.post(f"{V1}/open311/v2/requests.json", data=form)
    assert refused.status_code == 403 and refused.json()[0]["code"] == 403


def test_agency_reference_reads_for_all_signed_in_writes_for_sysadmins_only(as_role, client):
    liaison = as_role("liaison", "reg-33.03")
    assert liaison.get(f"{V1}/agencies", params={"q": "Purbalingga"}).status_code == 200
    assert liaison.get(f"{V1}/sla/default").status_code == 200
    sla = {"verify_days": 3, "respond_days": 5, "close_days": 10}
    assert liaison.put(f"{V1}/sla/default", json=sla).status_code == 403
    admin_without_scope = as_role("sysadmin", scopes={"complaints:read"})
    assert admin_without_scope.put(f"{V1}/sla/default", json=sla).status_code == 403
    assert client.put(f"{V1}/sla/default", json=sla).status_code == 200


def test_a_dashboard_token_reads_statistics_only(as_role):
    dashboard = as_role("leader", "reg-33.03", scopes={"stats:read"})
    assert dashboard.get(f"{V1}/stats", params={"group_by": "topic"}).status_code == 200
    assert dashboard.get(f"{V1}/complaints").status_code == 403
    assert dashboard.get(f"{V1}/complaints/export.csv").status_code == 403
    # Counting complaints by a phone number would tell a leader who reported: refused.
    assert dashboard.get(f"{V1}/stats", params={"reporter_phone": "+6281234567890"}).status_code == 403
