"""Complaints through the real app and database: create, list, edit, workflow, merge, export, stats."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from api.agency.models import Agency
from api.complaint import service, transitions, workflow
from api.complaint.models import Complaint, Status
from api.config import get_settings
from api.kernel import SYSTEM

V1 = "/api/v1"


def new(client, text: str | None = None, **fields) -> dict:
    body = {"text": text or f"jalan rusak berlubang di dekat pasar {uuid.uuid4().hex[:8]}", **fields}
    response = client.post(f"{V1}/complaints", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def step(client, cid: int, to: str, **extra) -> dict:
    response = client.post(f"{V1}/complaints/{cid}/transitions", json={"to": to, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def bare(db, text: str = "keluhan tanpa analisis mesin") -> int:
    """A complaint made through the service without nlp's analysis (so no agency is suggested)."""
    complaint, _ = service.create(
        db_session=db, principal=SYSTEM, text=text, channel="web", default_zone=get_settings().timezone
    )
    db.commit()
    return complaint.id


def agency_code(db, code: str = "reg-33.03") -> int:
    return db.scalars(select(Agency.id).where(Agency.code == code)).one()


def test_create_gives_tracking_number_deadline_and_event(client):
    made = new(client, region_code="33.03")
    assert made["tracking_number"] == f"SUA-{datetime.now(UTC).year}-{made['id']:06d}"
    assert made["status"] == "draft"
    assert made["due_at"] is not None
    detail = client.get(f"{V1}/complaints/{made['id']}").json()
    assert detail["events"][0]["action"] == "create"
    assert detail["events"][0]["actor"] == client.principal_username
    by_tracking = client.get(f"{V1}/complaints/by-tracking/{made['tracking_number'].lower()}")
    assert by_tracking.json()["id"] == made["id"]


def test_whole_workflow_with_events_and_timestamps(client, db):
    cid = new(client)["id"]
    step(client, cid, "verified", note="lengkap", minutes=4)
    dispatched = step(client, cid, "dispatched", agency="reg-33.03")
    assert dispatched["agency_id"] == agency_code(db)
    step(client, cid, "in_progress")
    answered = client.post(f"{V1}/complaints/{cid}/responses", json={"text": "Perbaikan dijadwalkan Senin."})
    assert answered.status_code == 201, answered.text
    closed = step(client, cid, "closed")
    assert closed["status"] == "closed" and closed["closed_at"] and closed["due_at"] is None
    actions = [(e["action"], e["from_value"], e["to_value"]) for e in closed["events"]]
    assert ("verified", "draft", "verified") in actions
    assert ("route", str(agency_code(db))) in [(a, to) for a, _, to in actions]
    assert ("dispatch", "verified", "dispatched") in actions
    assert ("responded", "in_progress", "responded") in actions
    assert ("closed", "responded", "closed") in actions
    assert closed["responses"][0]["text"] == "Perbaikan dijadwalkan Senin."
    reopened = step(client, cid, "in_progress", note="warga keberatan")
    assert reopened["events"][-1]["action"] == "reopen" and reopened["closed_at"] is None


def test_invalid_transition_answers_409_with_allowed(client):
    cid = new(client)["id"]
    response = client.post(f"{V1}/complaints/{cid}/transitions", json={"to": "closed"})
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["allowed"] == ["archived", "duplicate", "postponed", "rejected", "verified"]
    assert "draft to closed" in body["detail"]
    assert client.get(f"{V1}/complaints/{cid}").json()["status"] == "draft"


def test_dispatch_without_agency_is_refused_and_changes_nothing(client, db):
    cid = bare(db)
    step(client, cid, "verified")
    response = client.post(f"{V1}/complaints/{cid}/transitions", json={"to": "dispatched"})
    assert response.status_code == 422 and "agency" in response.json()["detail"]
    unknown = client.post(f"{V1}/complaints/{cid}/transitions", json={"to": "dispatched", "agency": "nope"})
    assert unknown.status_code == 422
    after = client.get(f"{V1}/complaints/{cid}").json()
    assert after["status"] == "verified" and after["agency_id"] is None


def test_returned_as_not_our_authority_is_rerouted(client, db):
    cid = new(client)["id"]
    step(client, cid, "verified")
    step(client, cid, "dispatched", agency="reg-33.03")
    returned = step(client, cid, "returned", note="bukan wewenang kami")
    assert returned["events"][-1]["action"] == "return"
    rerouted = step(client, cid, "dispatched", agency="prov-33")
    assert rerouted["agency_id"] == agency_code(db, "prov-33")


def test_edit_records_one_event_per_field(client, db):
    cid = bare(db)
    response = client.patch(
        f"{V1}/complaints/{cid}",
        json={
            "topic": "infrastruktur",
            "region_code": "33.03",
            "urgent": True,
            "note": "cek",
            "minutes": 2.5,
        },
    )
    assert response.status_code == 200, response.text
    edits = [e for e in response.json()["events"] if e["action"] == "edit"]
    assert {e["field"] for e in edits} == {"topic", "region_code", "urgent"}
    assert sum(e["minutes"] or 0 for e in edits) == 2.5
    assert all(e["actor"] == client.principal_username for e in edits)


def test_bad_edits_are_refused(client):
    cid = new(client)["id"]
    for body in ({"status": "closed"}, {"region_code": "'; DROP TABLE complaints;--"}, {"reporter_nik": "12"},
                 {"text": ""}, {"minutes": -1}):  # fmt: skip
        response = client.patch(f"{V1}/complaints/{cid}", json=body)
        assert response.status_code == 422, body
        assert response.json()["status"] == 422
    assert client.get(f"{V1}/complaints/999999999").status_code == 404
    assert client.get(f"{V1}/complaints/abc").status_code == 404
    assert client.get(f"{V1}/complaints/{2**63}").status_code == 422


def test_list_filters_sort_and_paging(client):
    tag = uuid.uuid4().hex[:10]
    a = new(
        client, f"sampah menumpuk di pasar {tag}", topic="lingkungan", region_code="33.03.07", channel="web"
    )
    b = new(client, f"sampah lagi di terminal {tag}", topic="lingkungan", region_code="35.01", channel="sms")
    new(client, f"air PDAM mati {tag}", topic="listrik_air", region_code="33.03")
    step(client, b["id"], "verified")

    def ids(**params):
        response = client.get(f"{V1}/complaints", params={"q": tag, **params})
        assert response.status_code == 200, response.text
        return [c["id"] for c in response.json()["items"]], response.json()["total"]

    assert ids(topic="lingkungan", sort="id", order="asc") == ([a["id"], b["id"]], 2)
    assert ids(region="33")[1] == 2
    assert ids(region="33.03.07")[0] == [a["id"]]
    assert ids(status="verified")[0] == [b["id"]]
    assert ids(status=["verified", "draft"])[1] == 3
    assert ids(channel="sms")[0] == [b["id"]]
    page = client.get(
        f"{V1}/complaints", params={"q": tag, "limit": 1, "offset": 1, "sort": "id", "order": "asc"}
    )
    assert [c["id"] for c in page.json()["items"]] == [b["id"]] and page.json()["total"] == 3
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert ids(created_from=future)[1] == 0
    assert ids(created_to=future)[1] == 3
    assert ids(overdue=True)[1] == 0


def test_list_refuses_bad_filters_and_survives_metacharacters(client):
    bad = [{"status": "bogus"}, {"limit": 0}, {"limit": 10_000}, {"created_from": "2026-01-01T00:00:00"}]
    bad += [{"region": "33%"}, {"sort": "password"}, {"q": "x" * 500}, {"offset": -1}]
    for params in bad:
        assert client.get(f"{V1}/complaints", params=params).status_code == 422, params
    for q in ("%", "_", "' OR 1=1 --", "\\", '"; DROP TABLE complaints; --'):
        response = client.get(f"{V1}/complaints", params={"q": q})
        assert response.status_code == 200
        assert all(q.lower() in c["text"].lower() for c in response.json()["items"])


def test_merge_marks_duplicates(client):
    original, dup1, dup2 = new(client)["id"], new(client)["id"], new(client)["id"]
    response = client.post(f"{V1}/complaints/{original}/merge", json={"duplicates": [dup1, dup2]})
    assert response.status_code == 200, response.text
    assert sum(e["action"] == "merge" for e in response.json()["events"]) == 2
    for dup in (dup1, dup2):
        body = client.get(f"{V1}/complaints/{dup}").json()
        assert body["status"] == "duplicate" and body["duplicate_of_id"] == original
    assert (
        client.post(f"{V1}/complaints/{original}/merge", json={"duplicates": [original]}).status_code == 422
    )
    assert client.post(f"{V1}/complaints/{original}/merge", json={"duplicates": [dup1]}).status_code == 409
    assert client.post(f"{V1}/complaints/{dup1}/merge", json={"duplicates": [original]}).status_code == 409
    assert client.post(f"{V1}/complaints/{original}/merge", json={"duplicates": []}).status_code == 422
    direct = client.post(f"{V1}/complaints/{new(client)['id']}/transitions", json={"to": "duplicate"})
    assert direct.status_code == 422


def test_exports_stream_and_honour_filters(client):
    tag = uuid.uuid4().hex[:10]
    made = [new(client, f"banjir di kampung {tag} nomor {i}")["id"] for i in range(3)]
    step(client, made[0], "verified")
    response = client.get(f"{V1}/complaints/export.csv", params={"q": tag, "status": "draft"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2 and {r["status"] for r in rows} == {"draft"}
    assert "reporter_phone" not in rows[0]
    as_json = client.get(f"{V1}/complaints/export.json", params={"q": tag})
    assert len(as_json.json()) == 3
    assert client.get(f"{V1}/complaints/export.json", params={"status": "nope"}).status_code == 422


def test_statistics_four_indicators(client, db):
    tag = uuid.uuid4().hex[:10]
    cid = new(client, f"pungli di kantor desa {tag}", topic="korupsi_pungli")["id"]
    new(client, f"pungli lagi {tag}", topic="korupsi_pungli", channel="sms")
    step(client, cid, "verified", minutes=5)
    step(client, cid, "dispatched", agency="reg-33.03")
    client.post(f"{V1}/complaints/{cid}/responses", json={"text": "Sudah ditindak.", "minutes": 3})
    step(client, cid, "closed")
    response = client.get(f"{V1}/stats", params={"q": tag, "group_by": "topic"})
    assert response.status_code == 200, response.text
    [group] = response.json()
    assert group["group"] == "korupsi_pungli" and group["complaints"] == 2
    assert group["fast"]["to_verification"]["count"] == 1
    assert group["fast"]["to_closure"]["median_hours"] >= 0
    assert group["easy"]["by_channel"] == {"sms": 1, "web": 1}
    assert group["cheap"]["operator_minutes_per_complaint"] == 4.0
    assert group["complete"] == {"closure_rate": 0.5, "closed_within_sla": 1.0}
    assert client.get(f"{V1}/stats", params={"group_by": "secret"}).status_code == 422


def test_per_agency_sla_and_periodic_escalation(client, db):
    agency_id = agency_code(db, "prov-33")  # Central Java: respond within 1 day
    assert (
        client.put(f"{V1}/agencies/{agency_id}/sla", json={"verify_days": 3, "respond_days": 1}).status_code
        == 200
    )
    assert client.get(f"{V1}/agencies/{agency_id}/sla").json()["respond_days"] == 1
    cid = new(client)["id"]
    step(client, cid, "verified")
    dispatched = step(client, cid, "dispatched", agency=agency_id)
    dispatched_at = datetime.fromisoformat(dispatched["dispatched_at"])
    due = datetime.fromisoformat(dispatched["due_at"])
    assert timedelta(0) < due - dispatched_at <= timedelta(days=4)  # one working day (plus weekend/holiday)
    db.rollback()  # a fresh snapshot: the API wrote since this session last read
    counts = transitions.sweep_deadlines(
        db_session=db, now=due + timedelta(seconds=1), default_zone=get_settings().timezone
    )
    db.commit()
    assert counts["escalated"] >= 1
    body = client.get(f"{V1}/complaints/{cid}").json()
    assert body["overdue"] is True and body["events"][-1]["action"] == "escalate"
    assert cid in [
        c["id"]
        for c in client.get(f"{V1}/complaints", params={"overdue": True, "limit": 500}).json()["items"]
    ]
    # Escalated once only; the next sweep leaves it alone.
    transitions.sweep_deadlines(
        db_session=db, now=due + timedelta(hours=1), default_zone=get_settings().timezone
    )
    db.commit()
    assert sum(e["action"] == "escalate" for e in client.get(f"{V1}/complaints/{cid}").json()["events"]) == 1
    assert client.put(f"{V1}/agencies/{agency_id}/sla", json={"respond_days": 0}).status_code == 422


def test_responded_complaints_close_by_themselves(client, db):
    cid = new(client)["id"]
    step(client, cid, "verified")
    step(client, cid, "dispatched", agency="reg-33.03")
    responded = client.post(f"{V1}/complaints/{cid}/responses", json={"text": "Selesai diperbaiki."}).json()
    due = datetime.fromisoformat(responded["due_at"])
    assert due - datetime.fromisoformat(responded["responded_at"]) >= timedelta(days=11)  # 10 working days
    db.rollback()
    transitions.sweep_deadlines(
        db_session=db, now=due + timedelta(minutes=1), default_zone=get_settings().timezone
    )
    db.commit()
    body = client.get(f"{V1}/complaints/{cid}").json()
    assert body["status"] == "closed" and body["events"][-1]["actor"] == "system"


def test_deadline_counts_in_the_agency_time_zone(db):
    papua = db.scalars(select(Agency).where(Agency.code == "prov-91")).one()
    bali = db.scalars(select(Agency).where(Agency.code == "prov-51")).one()
    assert (papua.timezone, bali.timezone) == ("Asia/Jayapura", "Asia/Makassar")
    friday_late = datetime(2026, 2, 6, 16, 30, tzinfo=UTC)  # Fri 23:30 WIB, Sat 01:30 WIT
    made = []
    for agency in (papua, None):
        complaint, _ = service.create(
            db_session=db,
            principal=SYSTEM,
            text="tes zona",
            channel="web",
            now=friday_late,
            default_zone=get_settings().timezone,
        )
        if agency:
            complaint.agency_id = agency.id
        transitions.transition(
            db_session=db,
            complaint=complaint,
            to=Status.VERIFIED,
            principal=SYSTEM,
            now=friday_late,
            default_zone=get_settings().timezone,
        )
        made.append(complaint.due_at)
    db.rollback()
    assert made[0] == datetime(2026, 2, 11, 14, 59, 59, tzinfo=UTC)  # Wed 23:59:59 WIT (Mon, Tue, Wed)
    assert made[1] == datetime(2026, 2, 11, 16, 59, 59, tzinfo=UTC)  # Wed 23:59:59 WIB


def test_intake_is_idempotent_per_recording_span(db):
    first, created = service.create(
        db_session=db,
        principal=SYSTEM,
        text="a",
        channel="sms",
        external_ref="sms:x-1",
        default_zone=get_settings().timezone,
    )
    again, created_again = service.create(
        db_session=db,
        principal=SYSTEM,
        text="b",
        channel="sms",
        external_ref="sms:x-1",
        default_zone=get_settings().timezone,
    )
    assert created and not created_again and first.id == again.id
    assert db.scalars(select(Complaint).where(Complaint.external_ref == "sms:x-1")).all() == [first]
    db.rollback()


def test_full_text_search_follows_edits_and_matches_word_prefixes(client, db):
    tag = uuid.uuid4().hex[:8]
    cid = bare(db, f"Jembatan gantung di dusun {tag}x putus")
    found = client.get(f"{V1}/complaints", params={"q": f"jembat {tag}"}).json()["items"]
    assert [c["id"] for c in found] == [cid]
    client.patch(f"{V1}/complaints/{cid}", json={"text": f"Irigasi sawah di dusun {tag}y tersumbat"})
    assert client.get(f"{V1}/complaints", params={"q": f"{tag}x"}).json()["total"] == 0
    assert client.get(f"{V1}/complaints", params={"q": f"irigasi {tag}y"}).json()["total"] == 1
    tracking = client.get(f"{V1}/complaints/{cid}").json()["tracking_number"]
    assert [c["id"] for c in client.get(f"{V1}/complaints", params={"q": tracking}).json()["items"]] == [cid]


def test_routing_rule_of_the_store_wins_over_suggestions(client, db):
    """An administrator's rule (topic × region prefix → agency) decides the agency of new complaints."""
    target = agency_code(db, "reg-33.02")
    rule = client.post(
        f"{V1}/agencies/{target}/routing-rules",
        json={"topic": "pendidikan", "region_prefix": "33.02", "priority": 10},
    )
    assert rule.status_code == 201, rule.text
    made = new(
        client,
        "Guru honorer di SD negeri belum digaji tiga bulan",
        topic="pendidikan",
        region_code="33.02.05",
    )
    body = client.get(f"{V1}/complaints/{made['id']}").json()
    assert body["agency_id"] == target
    elsewhere = new(client, "Guru honorer di SD negeri belum digaji", topic="pendidikan", region_code="35.01")
    assert client.get(f"{V1}/complaints/{elsewhere['id']}").json()["agency_id"] != target
    bad = client.post(f"{V1}/agencies/{target}/routing-rules", json={"topic": "", "region_prefix": "x"})
    assert bad.status_code == 422
    assert (
        client.post(f"{V1}/agencies/99999999/routing-rules", json={"topic": "pendidikan"}).status_code == 404
    )


def test_possible_duplicates_are_suggested_for_merging(client, db):
    tag = uuid.uuid4().hex[:6]
    topic = f"uji_{tag}"
    first = new(client, f"Banjir rob di Kampung Tambaklorok {tag}", topic=topic, region_code="33.74.01")
    second = new(client, f"Rob lagi di Tambaklorok {tag}", topic=topic, region_code="33.74.05")
    other = new(client, f"Banjir di Jepara {tag}", topic=topic, region_code="33.20")
    detail = client.get(f"{V1}/complaints/{second['id']}").json()
    assert [c["id"] for c in detail["possible_duplicates"]] == [first["id"]]
    assert other["id"] not in [
        c["id"] for c in client.get(f"{V1}/complaints/{first['id']}").json()["possible_duplicates"]
    ]
    client.post(f"{V1}/complaints/{first['id']}/merge", json={"duplicates": [second["id"]]})
    assert client.get(f"{V1}/complaints/{first['id']}").json()["possible_duplicates"] == []


def test_stored_deadline_skips_nyepi_and_the_weekend(db):
    """Filed Wednesday 18 March 2026 (WIB); Thursday is Nyepi: due end of Tuesday 24 March WIB."""
    complaint, _ = service.create(
        db_session=db, principal=SYSTEM, text="tes hari libur", channel="web", region_code="33.03",
        now=datetime(2026, 3, 18, 3, 0, tzinfo=UTC), default_zone=get_settings().timezone,
    )  # fmt: skip
    assert complaint.due_at == datetime(2026, 3, 24, 16, 59, 59, tzinfo=UTC)
    db.rollback()


def test_statistics_group_by_every_axis(client):
    tag = uuid.uuid4().hex[:10]
    new(client, f"sampah {tag}", topic="lingkungan", region_code="33.03")
    new(client, f"sampah {tag}", topic="lingkungan", region_code="35.01", channel="sms")
    groups = {
        axis: {g["group"] for g in client.get(f"{V1}/stats", params={"q": tag, "group_by": axis}).json()}
        for axis in ("region", "period", "topic", "none")
    }
    assert groups["region"] == {"33", "35"}
    assert groups["period"] == {f"{datetime.now(UTC):%Y-%m}"}
    assert groups["topic"] == {"lingkungan"} and groups["none"] == {"all"}


def test_default_sla_can_be_read_and_changed(client):
    assert client.get(f"{V1}/sla/default").json() == {"verify_days": 3, "respond_days": 5, "close_days": 10}
    try:
        assert client.put(f"{V1}/sla/default", json={"verify_days": 2}).status_code == 200
        made = new(client, region_code="33.03")
        created = datetime.fromisoformat(made["created_at"])
        assert datetime.fromisoformat(made["due_at"]) == workflow.add_working_days(created, 2, "Asia/Jakarta")
        assert client.put(f"{V1}/sla/default", json={"verify_days": 400}).status_code == 422
    finally:
        client.put(f"{V1}/sla/default", json={"verify_days": 3, "respond_days": 5, "close_days": 10})
    assert client.get(f"{V1}/agencies", params={"q": "%"}).json() == []
    assert len(client.get(f"{V1}/agencies", params={"q": "Jawa Tengah"}).json()) == 1
