"""Anonymous (anonim) reports before an agency: no name, phone, NIK or audio anywhere — detail, list,
search, export, events, transcript, suggestions — and every read of phone or NIK leaves an audit event.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from api.database import WRITE, engine_for
from tests.api.auth.scoping import V1, events_of, word

NAME, PHONE, NIK = "Budi Santoso", "+6281234509876", "3303010101900002"
SUGGESTIONS = {
    "agencies": [{"code": "reg-33.03", "name": "Pemerintah Kabupaten Purbalingga"}],
    "places": [],
    "entities": [
        {"label": "PERSON", "text": "Budi Santoso", "start_char": 9, "end_char": 21},
        {"label": "PHONE", "start_char": 30, "end_char": 42},
        {"label": "FACILITY", "text": "jembatan", "start_char": 50, "end_char": 58},
    ],
    "warnings": [],
}


@pytest.fixture
def reported(file_complaint, store_recording, edit_as_system):
    """One anonymous and one named report, both dispatched to reg-33.03, from hotline recordings."""

    def make(anonymous: bool) -> tuple:
        secret = word()
        spoken = f"saya {NAME} nomor saya {PHONE} jembatan putus {secret}"
        recording = store_recording("operator-rec", caller_number=PHONE, transcript_text=spoken)
        filed = file_complaint(
            spoken, region="33.03.01", agency="reg-33.03", dispatched=True, anonymous=anonymous,
            public_text=f"saya [NAMA] nomor saya [TELEPON] jembatan putus {secret}", reporter_name=NAME,
            reporter_phone=PHONE, reporter_nik=NIK, recording_id=recording, suggestions=SUGGESTIONS,
        )  # fmt: skip
        edit_as_system(filed.id, reporter_name="Budi S.", text=spoken + " (dikoreksi)")
        return filed, secret

    return make


def test_a_liaison_never_sees_who_made_an_anonymous_report(db, as_role, reported):
    filed, secret = reported(anonymous=True)
    liaison = as_role("liaison", "reg-33.03")
    response = liaison.get(f"{V1}/complaints/{filed.id}")
    assert response.status_code == 200, response.text
    detail = response.json()
    assert (
        detail["reporter_name"] is None
        and detail["reporter_phone"] is None
        and detail["reporter_nik"] is None
    )
    assert detail["text"] == detail["public_text"] and "[NAMA]" in detail["text"]
    assert detail["transcript"] is None
    assert [e["label"] for e in detail["suggestions"]["entities"]] == ["FACILITY"]
    edits = [e for e in detail["events"] if e["field"] in ("reporter_name", "text")]
    assert edits and all(e["from_value"] is None and e["to_value"] is None for e in edits)
    for leak in ("Budi", "Santoso", "81234509876", NIK):
        assert leak not in response.text, leak
    assert liaison.get(f"{V1}/complaints/by-tracking/{filed.tracking}").json()["reporter_name"] is None

    listed = liaison.get(f"{V1}/complaints", params={"q": secret})
    assert listed.json()["total"] == 1 and "Budi" not in listed.text and "81234509876" not in listed.text
    # Searching the name or the number must not single the report out.
    assert liaison.get(f"{V1}/complaints", params={"q": f"budi {secret}"}).json()["total"] == 0
    by_phone = liaison.get(f"{V1}/complaints", params={"reporter_phone": PHONE, "limit": 500}).json()
    assert filed.id not in {c["id"] for c in by_phone["items"]}
    for path in (f"/recordings/{filed.recording_id}/audio", f"/recordings/{filed.recording_id}/transcripts"):
        assert liaison.get(f"{V1}{path}").status_code == 404
    recording = liaison.get(f"{V1}/recordings/{filed.recording_id}")
    assert "81234509876" not in recording.text  # metadata may show, the caller's number never
    assert events_of(db, filed.id, "read_contact") == []


def test_exports_never_carry_the_reporter(as_role, reported):
    filed, secret = reported(anonymous=True)
    for role, agency in (("leader", "reg-33.03"), ("verifier", "reg-33.03")):
        reader = as_role(role, agency)
        for export in ("export.csv", "export.json"):
            response = reader.get(f"{V1}/complaints/{export}", params={"q": secret})
            assert response.status_code == 200 and filed.tracking in response.text
            for leak in ("Budi", "81234509876", NIK, "reporter_"):
                assert leak not in response.text, (role, export, leak)


def test_a_named_report_shows_the_liaison_who_and_the_read_is_recorded(db, as_role, reported):
    filed, _ = reported(anonymous=False)
    liaison = as_role("liaison", "reg-33.03")
    detail = liaison.get(f"{V1}/complaints/{filed.id}").json()
    assert detail["reporter_phone"] == PHONE and detail["reporter_nik"] == NIK and detail["transcript"]
    assert liaison.get(f"{V1}/recordings/{filed.recording_id}/audio").status_code == 200
    [audit] = events_of(db, filed.id, "read_contact")
    assert audit.actor == liaison.user.username
    assert audit.to_value == "reporter_phone,reporter_nik"
    assert PHONE not in (audit.note or "") and NIK not in (audit.note or "")
    # A list read shows neither phone nor NIK, so it records nothing.
    listed = liaison.get(f"{V1}/complaints", params={"agency_id": detail["agency_id"], "limit": 500}).json()
    assert all(c["reporter_phone"] is None and c["reporter_nik"] is None for c in listed["items"])
    assert len(events_of(db, filed.id, "read_contact")) == 1


def test_a_verifier_reading_phone_and_nik_leaves_an_event_per_read(db, as_role, reported):
    filed, _ = reported(anonymous=True)
    verifier = as_role("verifier", "prov-33")
    for _ in range(2):
        assert verifier.get(f"{V1}/complaints/{filed.id}").json()["reporter_nik"] == NIK
    audits = events_of(db, filed.id, "read_contact")
    assert [a.actor for a in audits] == [verifier.user.username] * 2
    changed = verifier.patch(f"{V1}/complaints/{filed.id}", json={"urgent": True})
    assert changed.status_code == 200 and len(events_of(db, filed.id, "read_contact")) == 3


def test_a_contact_read_that_cannot_be_recorded_is_not_served(db, db_url, as_role, reported):
    """The audit store refuses (another writer holds SQLite's lock past the busy timeout): no detail."""
    if not db_url.startswith("sqlite"):
        pytest.skip("holds SQLite's single write lock")
    filed, _ = reported(anonymous=False)
    verifier = as_role("verifier", "prov-33")
    release = threading.Event()
    locked = threading.Event()

    def hold_the_write_lock() -> None:
        with engine_for(db_url).connect().execution_options(**WRITE) as conn:
            conn.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the write lock, held until released
            locked.set()
            release.wait(60)
            conn.rollback()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    try:
        assert locked.wait(10)
        response = verifier.get(f"{V1}/complaints/{filed.id}")
    finally:
        release.set()
        holder.join()
    assert response.status_code == 503, response.text
    assert NIK not in response.text and PHONE not in response.text
    assert events_of(db, filed.id, "read_contact") == []
