"""The intake job listens again where a number is spoken and files the numbers with the complaint.

Real path: upload through the app, the real job, Whisper base on an espeak-ng call at telephone rate.
espeak-ng is robotic and Whisper base mishears its digits, so the assertions are what a reviewer relies
on (a number found, where to play it, how sure), not the exact digits.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from api.complaint.models import Complaint
from tests.api.conftest import say
from tests.api.recording.test_recording_api import V1, needs_model, upload


def test_a_called_in_phone_number_is_listened_to_again_and_filed(client, db, settings, tmp_path: Path):
    needs_model(settings)
    call = say(
        "Selamat pagi, jalan di desa kami rusak parah. Nomor HP saya kosong delapan satu dua, tiga empat "
        "lima enam, tujuh delapan sembilan. Terima kasih.",
        tmp_path / "call.wav",
        rate=8000,
    )
    response = upload(client, call, channel="hotline")
    assert response.status_code == 201, response.text
    job = client.get(f"{V1}/jobs/{response.json()['job']['id']}").json()
    assert job["status"] == "done", job
    rec_id = response.json()["recording"]["id"]
    [complaint] = db.scalars(select(Complaint).where(Complaint.recording_id == rec_id)).all()
    detail = client.get(f"{V1}/complaints/{complaint.id}").json()
    transcript = detail["transcript"]
    second = transcript["data"]["metadata"]["numbers"]
    assert second, "the number's stretch was decoded again"
    numbers = detail["spoken_numbers"]
    assert numbers, transcript["text"]
    duration = transcript["data"]["duration"]
    for n in numbers:
        assert n["digits"] and len(n["digit_confidences"]) == len(n["digits"])
        assert 0 <= n["audio_start"] < n["audio_end"] <= duration + 0.01
        assert any(s["start"] - 0.5 <= n["audio_start"] <= s["end"] for s in second)
        assert 0 <= n["confidence"] <= 1 and isinstance(n["needs_confirmation"], bool)
        assert transcript["text"][n["start_char"] : n["end_char"]].strip()
