"""Numbers heard in a complaint, stored with it and shown as its reporter's contact is shown.

A phone number or NIK spoken in a call is the reporter's contact: a liaison before an anonymous report
gets its kind, spans and confidence (the review page can still play the stretch) but never its digits,
and a reader shown the digits leaves a `read_contact` event. Numbers are read again when the transcript
is corrected, and for a typed complaint when its text is edited.
"""

from __future__ import annotations

from sqlalchemy import select, text

from api.complaint.models import SpokenNumber
from tests.api.auth.scoping import V1, events_of

PHONE_WORDS = "kosong delapan satu dua tiga empat lima enam tujuh delapan sembilan nol"
PHONE = "081234567890"


def _words(text: str, *, confidence: float = 0.9) -> list[dict]:
    return [
        {"start": round(0.2 * i, 2), "end": round(0.2 * i + 0.15, 2), "text": w, "confidence": confidence}
        for i, w in enumerate(text.split())
    ]


def _correct(client, complaint_id: int, text: str, *, confidence: float = 0.9):
    words = _words(text, confidence=confidence)
    segment = {"start": 0.0, "end": words[-1]["end"], "text": text, "words": words}
    response = client.post(
        f"{V1}/complaints/{complaint_id}/transcript", json={"text": text, "segments": [segment]}
    )
    assert response.status_code == 201, response.text
    return response.json()


def _report(file_complaint, store_recording, *, anonymous: bool):
    spoken = f"jembatan putus nomor hp saya {PHONE_WORDS} terima kasih"
    recording = store_recording("operator-rec", transcript_text=spoken)
    return file_complaint(
        spoken, region="33.03.01", agency="reg-33.03", dispatched=True, anonymous=anonymous,
        public_text="jembatan putus nomor hp saya [TELEPON] terima kasih", recording_id=recording,
    )  # fmt: skip


def test_a_spoken_phone_number_is_stored_with_its_audio_span(client, db, file_complaint, store_recording):
    filed = _report(file_complaint, store_recording, anonymous=False)
    said = f"jembatan putus nomor hp saya {PHONE_WORDS} terima kasih"
    detail = _correct(client, filed.id, said)
    [number] = detail["spoken_numbers"]
    assert number["kind"] == "mobile" and number["digits"] == PHONE and number["value"] == "+6281234567890"
    assert said[number["start_char"] : number["end_char"]] == PHONE_WORDS
    # The sixth to seventeenth words, 0.2 s apart: the stretch to play.
    assert (number["audio_start"], number["audio_end"]) == (1.0, 3.35)
    assert number["confidence"] == 0.9 and len(number["digit_confidences"]) == 12
    assert number["plausible"] and not number["needs_confirmation"] and number["source"] == "transcript"
    db.rollback()
    [row] = db.scalars(select(SpokenNumber).where(SpokenNumber.complaint_id == filed.id)).all()
    raw = db.execute(text("SELECT digits FROM spoken_numbers WHERE id = :id"), {"id": row.id}).scalar_one()
    assert PHONE not in raw, "digits are encrypted at rest"
    shown = client.get(f"{V1}/complaints/{filed.id}").json()
    assert shown["spoken_numbers"][0]["digits"] == PHONE
    reads = events_of(db, filed.id, "read_contact")
    assert reads and "spoken_numbers" in (reads[-1].to_value or "")


def test_a_liaison_gets_the_span_but_not_the_digits_of_an_anonymous_report(
    client, db, as_role, file_complaint, store_recording
):
    anonymous = _report(file_complaint, store_recording, anonymous=True)
    named = _report(file_complaint, store_recording, anonymous=False)
    amount = "petugas minta lima puluh ribu rupiah"
    for filed in (anonymous, named):
        _correct(client, filed.id, f"jembatan putus nomor hp saya {PHONE_WORDS} {amount}")
    liaison = as_role("liaison", "reg-33.03")
    db.rollback()
    before = len(events_of(db, anonymous.id, "read_contact"))
    response = liaison.get(f"{V1}/complaints/{anonymous.id}")
    assert response.status_code == 200, response.text
    phone, money = response.json()["spoken_numbers"]
    assert phone["kind"] == "mobile" and phone["masked"]
    assert phone["digits"] is None and phone["value"] is None
    assert phone["start_char"] < phone["end_char"] and phone["audio_start"] is not None
    assert money["kind"] == "amount" and money["digits"] == "50000"  # not the reporter's contact
    assert "1234567890" not in response.text
    db.rollback()
    assert len(events_of(db, anonymous.id, "read_contact")) == before
    seen = liaison.get(f"{V1}/complaints/{named.id}").json()["spoken_numbers"]
    assert seen[0]["digits"] == PHONE


def test_numbers_are_read_again_when_the_transcript_is_corrected(client, file_complaint, store_recording):
    filed = _report(file_complaint, store_recording, anonymous=False)
    heard = _correct(client, filed.id, f"nomor saya {PHONE_WORDS}", confidence=0.3)
    [unsure] = heard["spoken_numbers"]
    assert unsure["needs_confirmation"] and unsure["confidence"] == 0.3
    fixed = _correct(client, filed.id, "nomor saya kosong delapan lima dua satu satu satu dua dua dua tiga")
    [number] = fixed["spoken_numbers"]
    assert number["digits"] == "08521112223" and not number["needs_confirmation"]
    assert _correct(client, filed.id, "jembatan putus tolong diperbaiki")["spoken_numbers"] == []


def test_a_typed_complaint_reads_its_numbers_again_after_an_edit(client, file_complaint):
    filed = file_complaint("lampu jalan mati, hubungi 081234567890", region="33.03.01")
    edited = client.patch(
        f"{V1}/complaints/{filed.id}", json={"text": "lampu jalan mati, hubungi 0856 4117 3901"}
    )
    assert edited.status_code == 200, edited.text
    [number] = edited.json()["spoken_numbers"]
    assert number["digits"] == "085641173901" and number["source"] == "text"
