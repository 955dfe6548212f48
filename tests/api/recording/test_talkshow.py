"""A radio talkshow upload: host in the studio, callers on the phone band → one draft per caller.

The talkshow is generated: espeak-ng voices, callers passed through a 300–3,400 Hz telephone band at
8 kHz. Speaker separation of robotic voices is uncertain, so the test asserts what must hold either way:
drafts on the radio channel, each with its own time span inside the recording, no duplicates on re-run.
"""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from api.complaint.models import Complaint
from api.intake import flows
from api.recording.models import JobStatus

V1 = "/api/v1"
SCRIPT = [
    ("host", "Selamat pagi pendengar, kita buka telepon untuk keluhan warga. Silakan penelepon pertama."),
    (
        "caller",
        "Halo pak, saya Budi dari Karanglewas. Jalan di desa kami rusak parah dan berlubang, tolong.",
    ),
    (
        "host",
        "Terima kasih pak Budi, akan kami sampaikan ke dinas pekerjaan umum. Penelepon berikutnya silakan.",
    ),
    (
        "caller2",
        "Selamat pagi, saya Siti dari Kedungwuluh. Puskesmas sering tutup dan bidan tidak ada di tempat.",
    ),
    ("host", "Baik ibu Siti, terima kasih atas laporannya."),
]


def phone_band(src: Path, dst: Path) -> Path:
    subprocess.run(
        ["sox", str(src), "-r", "8000", str(dst.with_suffix(".8k.wav")), "sinc", "300-3400"], check=True
    )  # fmt: skip
    subprocess.run(["sox", str(dst.with_suffix(".8k.wav")), "-r", "16000", str(dst)], check=True)
    return dst


@pytest.fixture(scope="module")
def talkshow_wav(tmp_path_factory, speak) -> Path:
    folder = tmp_path_factory.mktemp("talkshow")
    parts = []
    for i, (who, text) in enumerate(SCRIPT):
        voice = {"host": "id", "caller": "id+m3", "caller2": "id+f2"}[who]
        clip = speak(text, folder / f"{i}.wav", voice=voice)
        parts.append(phone_band(clip, folder / f"{i}-phone.wav") if who != "host" else clip)
    out = folder / "talkshow.wav"
    subprocess.run(["sox", *map(str, parts), str(out), "pad", "0", "0.8"], check=True)
    return out


def test_talkshow_gives_drafts_per_caller_span(client, db, settings, talkshow_wav):
    if not (settings.models_dir / "manifest.json").exists():
        pytest.skip("no ASR model installed under models/")
    with talkshow_wav.open("rb") as fh:
        response = client.post(
            f"{V1}/recordings",
            files={"file": ("halo-bupati.wav", fh)},
            data={"channel": "radio", "station": "RRI Purwokerto", "programme": "Halo Bupati"},
        )
    assert response.status_code in (200, 201), response.text
    body = response.json()
    assert body["recording"]["station"] == "RRI Purwokerto"
    job = client.get(f"{V1}/jobs/{body['job']['id']}").json()
    assert job["status"] == "done", job
    rec_id, duration = body["recording"]["id"], body["recording"]["duration"]
    complaints = db.scalars(select(Complaint).where(Complaint.recording_id == rec_id)).all()
    assert 1 <= len(complaints) <= 4
    spans = sorted((c.span_start, c.span_end) for c in complaints)
    assert all(0 <= a < b <= duration + 0.5 for a, b in spans)
    assert all(prev[1] <= nxt[0] + 0.01 for prev, nxt in itertools.pairwise(spans)), "spans overlap"
    assert {c.channel for c in complaints} == {"radio"} and {c.status for c in complaints} == {"draft"}
    assert flows.run_intake(body["job"]["id"], settings=settings) == JobStatus.DONE
    db.expire_all()
    assert len(db.scalars(select(Complaint).where(Complaint.recording_id == rec_id)).all()) == len(complaints)
