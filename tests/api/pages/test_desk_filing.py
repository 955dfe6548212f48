"""The live-call page's two JSON helpers, without a browser: nlp's reading of a transcript (with where
each number was said) and filing a call with its recording — once, checked like the API, and not
doubled by the intake job that transcribes the recording afterwards (jobs run inline in these tests)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from api.complaint.models import Complaint
from api.recording.models import Recording

TEXT = (
    "selamat pagi nama saya budi santoso dari desa karanglewas kecamatan karanglewas banyumas "
    "nomor hp saya kosong delapan satu dua tiga empat lima enam tujuh delapan sembilan nol "
    "jalan di desa kami rusak parah mohon segera diperbaiki"
)


@pytest.fixture
def operator(make_user, auth_headers) -> dict[str, str]:
    return auth_headers(make_user("operator"))


def _timed(text: str) -> list[dict]:
    """The words as the socket gives them: 0.4 s each, one after the other."""
    return [
        {"text": word, "start": round(i * 0.4, 2), "end": round(i * 0.4 + 0.35, 2), "confidence": 0.9}
        for i, word in enumerate(text.split())
    ]


def test_the_reading_names_caller_village_number_and_where_the_number_was_said(client, operator) -> None:
    answer = client.post("/desk/analysis", headers=operator, json={"text": TEXT, "words": _timed(TEXT)})
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["name"] == "Budi Santoso"
    assert found["place"]["code"] == "33.02.03.2003" and found["place"]["name"] == "Karanglewas"
    assert found["phone"]["value"] == "+6281234567890"
    words = TEXT.split()
    first, last = words.index("kosong"), words.index("nol")
    assert found["phone"]["start"] == pytest.approx(first * 0.4, abs=0.01), "play this stretch starts there"
    assert found["phone"]["end"] == pytest.approx(last * 0.4 + 0.35, abs=0.01)
    assert found["topic"] == "infrastruktur"
    empty = client.post("/desk/analysis", headers=operator, json={"text": "  ", "words": []}).json()
    assert empty["name"] is None and empty["phone"] is None


def test_a_bad_reading_request_is_answered_in_json(client, operator) -> None:
    answer = client.post("/desk/analysis", headers=operator, content=b'{"text": 5}')
    assert answer.status_code == 422 and "text" in answer.json()["detail"]


def _call(path: Path, seconds: float = 2.0, tone: int = 300) -> Path:
    t = np.arange(int(16000 * seconds)) / 16000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes((0.2 * 32767 * np.sin(2 * np.pi * tone * t)).astype("<i2").tobytes())
    return path


def _file(client, headers, wav: Path, **fields):
    with wav.open("rb") as fh:
        return client.post(
            "/desk/calls", headers=headers, data=fields, files={"file": ("panggilan.wav", fh, "audio/wav")}
        )


def _rows(db) -> tuple[int, int]:
    db.rollback()
    return db.scalar(select(func.count(Recording.id))), db.scalar(select(func.count(Complaint.id)))


def test_a_call_is_filed_once_with_its_recording_and_the_form(client, operator, db, tmp_path) -> None:
    wav = _call(tmp_path / "call.wav")
    form = {
        "text": "Jalan di desa kami rusak parah", "reporter_name": "Budi Santoso",
        "region_code": "33.02.03.2003", "reporter_phone": "+6281234567890", "topic": "infrastruktur",
        "urgent": "1",
        "caller_number": "+6281234567890", "notes": "penelepon minta ditelepon balik",
    }  # fmt: skip
    before = _rows(db)
    first = _file(client, operator, wav, **form)
    assert first.status_code == 201, first.text
    again = _file(client, operator, wav, **form)  # the button pressed twice, or the page resent it
    assert again.status_code == 200 and again.json()["complaint_id"] == first.json()["complaint_id"]
    assert _rows(db) == (before[0] + 1, before[1] + 1), "one recording, one complaint (the job added none)"
    complaint = db.get(Complaint, first.json()["complaint_id"])
    recording = db.get(Recording, first.json()["recording_id"])
    assert complaint.recording_id == recording.id and complaint.channel == "hotline"
    assert complaint.reporter_name == "Budi Santoso" and complaint.region_code == "33.02.03.2003"
    assert complaint.topic == "infrastruktur" and complaint.urgent
    assert complaint.text == "Jalan di desa kami rusak parah"
    assert recording.channel == "hotline" and recording.notes == "penelepon minta ditelepon balik"
    assert recording.sha256 and recording.duration == pytest.approx(2.0, abs=0.05)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reporter_nik", "12345", "reporter_nik"),
        ("region_code", "99.99", "region_code"),
        ("notes", "x" * 1001, "notes"),
        ("text", "", "text"),
    ],
)
def test_a_bad_form_files_nothing_and_says_why(
    client, operator, db, settings, tmp_path, field, value, message
) -> None:
    form = {"text": "Jalan rusak", field: value}
    before = _rows(db)
    answer = _file(client, operator, _call(tmp_path / "call.wav", tone=350), **form)
    assert answer.status_code == 422, answer.text
    assert message in answer.json()["detail"]
    assert _rows(db) == before
    incoming = settings.data_dir / "incoming"
    assert not (incoming.exists() and list(incoming.iterdir())), "no staged file left behind"


@pytest.mark.parametrize(
    ("role", "agency"), [("liaison", "reg-33.03"), ("leader", "reg-33.03"), ("producer", None)]
)
def test_roles_that_do_not_file_calls_get_nothing(
    make_user, auth_headers, client, tmp_path, role, agency
) -> None:
    headers = auth_headers(make_user(role, agency))
    assert client.get("/desk", headers=headers).status_code == 403
    answer = client.post("/desk/analysis", headers=headers, json={"text": TEXT, "words": []})
    assert answer.status_code == 403 and "Budi" not in answer.text
    assert _file(client, headers, _call(tmp_path / "c.wav", tone=400), text="x").status_code == 403
