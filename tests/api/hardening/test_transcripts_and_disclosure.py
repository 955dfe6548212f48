"""Transcript corrections are validated (issue 14, item 10); a note on an edit of the reporter's details
is withheld as the values are, and an edited text gets its public text redacted again (item 11)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.recording.models import Transcript

V1 = "/api/v1"
NOTE = "nama lengkap penelepon Budi Santoso, anaknya dirawat"


def versions(db, recording_id: int) -> int:
    db.rollback()
    return db.scalar(select(func.count(Transcript.id)).where(Transcript.recording_id == recording_id)) or 0


@pytest.mark.parametrize(
    "segments",
    [
        [{"start": "x", "end": None, "text": 5}],
        [{"start": 2.0, "end": 1.0, "text": "mundur"}],
        [{"start": 1.0, "end": 1.0, "text": "kosong"}],
        [{"start": -1.0, "end": 1.0, "text": "sebelum awal"}],
        [{"start": 0.0, "end": 60.0, "text": "lewat akhir rekaman"}],
        [{"start": 0.0, "end": 1.0}],
        [{"start": 0.0, "end": 1.0, "text": ["a"]}],
        [{"start": "0", "end": "1", "text": "angka sebagai teks"}],
        [{"start": 0.0, "end": 1.0, "text": "a", "words": [{"start": 1, "end": 0, "text": "a"}]}],
        [{"start": 0.0, "end": 1.0, "text": "a", "speaker": 7}],
        [None],
        "segmen",
    ],
)
def test_bad_segments_are_refused_and_no_version_is_stored(
    client, db, store_recording, file_complaint, segments
):
    rid = store_recording(client.principal_username, transcript_text="jalan rusak parah")
    cid = file_complaint(recording_id=rid).id
    before = versions(db, rid)
    response = client.post(
        f"{V1}/complaints/{cid}/transcript", json={"text": "jalan rusak", "segments": segments}
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith("body.segments") or "segments.0" in response.json()["detail"]
    assert versions(db, rid) == before
    shown = client.get(f"{V1}/complaints/{cid}").json()["transcript"]
    assert shown["version"] == 1 and shown["text"] == "jalan rusak parah"


def test_good_segments_within_the_recording_are_stored(client, db, store_recording, file_complaint):
    rid = store_recording(client.principal_username, transcript_text="jalan rusak parah")
    cid = file_complaint(recording_id=rid).id
    segments = [
        {"start": 0, "end": 2.5, "text": "jalan rusak", "speaker": "caller-1"},
        {
            "start": 2.5,
            "end": 5.0,
            "text": "parah sekali",
            "words": [{"start": 2.5, "end": 3.0, "text": "parah"}],
        },
    ]
    response = client.post(
        f"{V1}/complaints/{cid}/transcript", json={"text": "jalan rusak parah sekali", "segments": segments}
    )
    assert response.status_code == 201, response.text
    shown = response.json()["transcript"]
    assert shown["version"] == 2 and shown["text"] == "jalan rusak parah sekali"
    assert [(s["start"], s["end"], s["text"]) for s in shown["data"]["segments"]] == [
        (0.0, 2.5, "jalan rusak"),
        (2.5, 5.0, "parah sekali"),
    ]


def _notes_seen(client, cid: int) -> list[str]:
    detail = client.get(f"{V1}/complaints/{cid}")
    assert detail.status_code == 200, detail.text
    return [e["note"] for e in detail.json()["events"] if e["note"]]


def test_a_note_on_a_reporter_edit_is_withheld_as_the_values_are(client, as_role, file_complaint):
    filed = file_complaint(region="33.03", agency="reg-33.03", dispatched=True, reporter_name="Budi")
    edit = {"reporter_name": "Budi Santoso", "topic": "kesehatan", "urgent": True, "note": NOTE}
    assert client.patch(f"{V1}/complaints/{filed.id}", json=edit).status_code == 200
    leader = as_role("leader", "reg-33.03")
    assert NOTE not in _notes_seen(leader, filed.id)  # neither on the name's event nor on its siblings
    events = client.get(f"{V1}/complaints/{filed.id}").json()["events"]
    noted = {e["field"] for e in events if e["note"] == NOTE}
    assert noted == {"reporter_name"}  # kept, for those who may read the reporter's details


def test_a_note_on_an_anonymous_reporter_edit_is_withheld_from_the_liaison(client, as_role, file_complaint):
    filed = file_complaint(region="33.03", agency="reg-33.03", dispatched=True, anonymous=True)
    edit = {"reporter_phone": "081234567890", "note": NOTE}
    assert client.patch(f"{V1}/complaints/{filed.id}", json=edit).status_code == 200
    liaison = as_role("liaison", "reg-33.03")
    assert NOTE not in _notes_seen(liaison, filed.id)
    assert NOTE in _notes_seen(client, filed.id)


def test_an_edited_text_gets_its_public_text_redacted_again(client):
    made = client.post(f"{V1}/complaints", json={"text": "Lampu jalan mati di depan pasar sejak minggu lalu"})
    cid = made.json()["id"]
    new_text = "Halo saya mau lapor, nomor saya 081234567890, jembatan gantung di desa putus total"
    edited = client.patch(f"{V1}/complaints/{cid}", json={"text": new_text})
    assert edited.status_code == 200, edited.text
    public = edited.json()["public_text"]
    assert "jembatan gantung" in public and "lampu" not in public.lower()  # the new words, not the old
    assert "081234567890" not in public and "[TELEPON]" in public
    own = client.patch(
        f"{V1}/complaints/{cid}", json={"text": new_text + " mohon", "public_text": "Jembatan putus."}
    )
    assert own.json()["public_text"] == "Jembatan putus."  # a public text given with the edit wins
