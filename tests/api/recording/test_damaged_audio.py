"""Damaged recordings do not vanish: what can be heard becomes a complaint flagged as damaged audio,
what cannot fails with a reason an operator finds in the list of failed jobs, and a retry never doubles.

The damage is made at test time with plain byte edits on generated speech (espeak-ng → WAV/MP3); the
transcription runs the real Whisper model, as in the rest of tests/api/recording.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest
from rapidfuzz import fuzz
from sqlalchemy import func, select

from api.complaint.models import Complaint

V1 = "/api/v1"
SAID = ["jalan", "rusak", "desa", "januari", "melapor", "motor", "mohon", "pagi", "berlubang", "diperbaiki"]


def needs_model(settings) -> None:
    if not (settings.models_dir / "manifest.json").exists():
        pytest.skip("no ASR model installed under models/ (run `suara models install`)")


def upload(client, path: Path, **fields):
    with path.open("rb") as fh:
        return client.post(f"{V1}/recordings", files={"file": (path.name, fh, "audio/wav")}, data=fields)


def complaints_of(db, recording_id: int) -> list[Complaint]:
    db.rollback()
    return list(db.scalars(select(Complaint).where(Complaint.recording_id == recording_id)))


def heard(text: str) -> list[str]:
    words = text.lower().replace(",", " ").replace(".", " ").split()
    return [w for w in SAID if any(fuzz.ratio(w, h) >= 75 for h in words)]


def no_server_path(text: str, settings) -> None:
    for folder in (settings.recordings_dir, settings.data_dir, Path("/tmp"), Path("/work")):
        assert str(folder) not in text, (folder, text)
    assert not any(part.startswith("/") for part in text.split()), text


@pytest.fixture
def truncated_wav(unique_wav: Path, tmp_path: Path) -> Path:
    """The call missing its last 6 KB (0.4 s at 8 kHz): the header still promises the whole call."""
    out = tmp_path / "cut.wav"
    out.write_bytes(unique_wav.read_bytes()[:-6000])
    return out


@pytest.fixture
def corrupt_mp3(unique_wav: Path, tmp_path: Path) -> Path:
    """The call as a 32 kbps MP3 with a fifth of it, from a third of the way in, overwritten (seeded)."""
    mp3 = tmp_path / "call.mp3"
    encode = ["ffmpeg", "-nostdin", "-y", "-v", "error", "-i", str(unique_wav), "-b:a", "32k", str(mp3)]
    subprocess.run(encode, check=True)
    data = bytearray(mp3.read_bytes())
    rng = random.Random(14)
    start, length = len(data) // 3, len(data) // 5
    data[start : start + length] = bytes(rng.randrange(256) for _ in range(length))
    mp3.write_bytes(bytes(data))
    return mp3


@pytest.fixture
def stub_wav(unique_wav: Path, tmp_path: Path) -> Path:
    """The first 2 KB of a call (0.1 s of sound at 8 kHz), with unique last bytes."""
    out = tmp_path / "stub.wav"
    out.write_bytes(unique_wav.read_bytes()[:2000] + os.urandom(48))
    return out


@pytest.mark.parametrize("damaged", ["truncated_wav", "corrupt_mp3"])
def test_damaged_speech_becomes_a_complaint_flagged_as_damaged_audio(client, db, settings, request, damaged):
    needs_model(settings)
    path: Path = request.getfixturevalue(damaged)
    created = upload(client, path, channel="hotline")
    assert created.status_code == 201, created.text
    job = client.get(f"{V1}/jobs/{created.json()['job']['id']}").json()
    assert job["status"] == "done" and job["error"] is None, job
    recording = client.get(f"{V1}/recordings/{job['recording_id']}").json()
    assert recording["damage"].startswith("damaged audio: ") and " could be decoded" in recording["damage"]
    no_server_path(recording["damage"], settings)
    [complaint] = complaints_of(db, job["recording_id"])
    detail = client.get(f"{V1}/complaints/{complaint.id}").json()
    assert detail["audio_damaged"] is True
    assert len(heard(detail["text"])) >= 3, detail["text"]  # speech on both sides of the damage
    assert detail["transcript"]["data"]["metadata"]["damage"]["decoded_seconds"] > 5
    listed = client.get(f"{V1}/complaints", params={"limit": 200}).json()["items"]
    assert [c["audio_damaged"] for c in listed if c["id"] == complaint.id] == [True]


def test_whole_audio_is_not_flagged(client, db, settings, unique_wav):
    needs_model(settings)
    body = upload(client, unique_wav, channel="hotline").json()
    assert client.get(f"{V1}/recordings/{body['recording']['id']}").json()["damage"] is None
    assert [c.audio_damaged for c in complaints_of(db, body["recording"]["id"])] == [False]


def test_a_stub_fails_with_a_clear_reason_and_waits_in_the_failed_list(client, db, settings, stub_wav):
    needs_model(settings)
    created = upload(client, stub_wav, channel="hotline")
    assert created.status_code == 201, created.text
    job_id = created.json()["job"]["id"]
    job = client.get(f"{V1}/jobs/{job_id}").json()
    assert job["status"] == "failed" and job["finished_at"]
    assert "too little to hear" in job["error"] and "truncated or corrupt" in job["error"]
    no_server_path(job["error"], settings)
    failed = client.get(f"{V1}/jobs", params={"status": "failed", "limit": 200}).json()
    assert [j["error"] for j in failed if j["id"] == job_id] == [job["error"]]
    assert all(j["status"] == "failed" for j in failed)
    assert job_id not in {j["id"] for j in client.get(f"{V1}/jobs", params={"status": "done"}).json()}
    assert complaints_of(db, job["recording_id"]) == []
    again = client.post(f"{V1}/jobs/{job_id}/retry").json()
    assert again["status"] == "failed" and again["attempts"] == job["attempts"] + 1
    assert complaints_of(db, job["recording_id"]) == []


def test_retry_after_the_cause_is_fixed_files_once_and_never_again(
    client, db, settings, corrupt_mp3, tmp_path, monkeypatch
):
    """The job fails for good (no model installed); once the model is back, a retry makes the one
    complaint, and further retries — of a done job — change nothing."""
    needs_model(settings)
    models = settings.models_dir
    monkeypatch.setattr(settings, "models_dir", tmp_path / "no-models")
    body = upload(client, corrupt_mp3, channel="hotline").json()
    job_id, recording_id = body["job"]["id"], body["recording"]["id"]
    failed = client.get(f"{V1}/jobs/{job_id}").json()
    assert failed["status"] == "failed" and failed["error"]
    no_server_path(failed["error"], settings)
    assert job_id in {j["id"] for j in client.get(f"{V1}/jobs", params={"status": "failed"}).json()}
    monkeypatch.setattr(settings, "models_dir", models)
    retried = client.post(f"{V1}/jobs/{job_id}/retry")
    assert retried.status_code == 200 and retried.json()["status"] == "done", retried.text
    [complaint] = complaints_of(db, recording_id)
    assert complaint.audio_damaged
    for _ in range(2):
        again = client.post(f"{V1}/jobs/{job_id}/retry")
        assert again.status_code == 200 and again.json()["status"] == "done"
        assert again.json()["attempts"] == retried.json()["attempts"]
    assert [c.id for c in complaints_of(db, recording_id)] == [complaint.id]
    db.rollback()
    total = db.scalar(select(func.count(Complaint.id)).where(Complaint.recording_id == recording_id))
    assert total == 1


def test_a_refused_upload_names_no_server_folder(client, settings):
    """415's detail speaks of the upload by the name it was sent under, never of the staging file."""
    response = client.post(
        f"{V1}/recordings", files={"file": ("notes.wav", b"not audio at all, only words " * 80, "audio/wav")}
    )
    assert response.status_code == 415
    detail = response.json()["detail"]
    assert detail.startswith("not a playable audio file")
    assert "upload-" not in detail and "incoming" not in detail
    no_server_path(detail, settings)


def test_job_errors_name_the_archive_file_at_most(client, settings, unique_wav, monkeypatch):
    """A file gone from the archive (a disk swapped, a path mistyped): the reason names the archive's
    relative name, never the folder the server keeps it in."""
    needs_model(settings)
    from api.intake import flows

    real = flows._transcribe

    # Patched because jobs run inline in the tests (Huey's immediate mode): there is no moment between
    # the upload and its job to take the file away, so it goes just before the real transcription reads it.
    def archive_lost(recording, path, settings_, progress):
        path.unlink()
        return real(recording, path, settings_, progress)

    monkeypatch.setattr(flows, "_transcribe", archive_lost)
    body = upload(client, unique_wav, channel="hotline").json()
    job = client.get(f"{V1}/jobs/{body['job']['id']}").json()
    assert job["status"] == "failed", job
    no_server_path(job["error"], settings)
    assert body["recording"]["sha256"] in job["error"]
