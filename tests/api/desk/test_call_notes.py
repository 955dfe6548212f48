"""Notes on calls: written at the end of a call (`suara record`) or sent with an upload, kept on the
recording and shown when it is read; too long or holding NUL, refused before anything is stored."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from api.desk.outbox import Outbox
from api.recording.models import Recording
from api.recording.schemas import NOTES_MAX

V1 = "/api/v1"
NOTES = "Penelepon minta ditelepon balik sore ini; jalan rusak di RT 03/RW 02. Ibu Sri, suaranya putus-putus."


def _call(path: Path, tone: int = 440) -> Path:
    """One second of a tone: real audio the server accepts (distinct bytes per tone)."""
    t = np.arange(8000) / 8000
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes((0.3 * 32767 * np.sin(2 * np.pi * tone * t)).astype("<i2").tobytes())
    return path


def _upload(client, path: Path, **fields):
    with path.open("rb") as fh:
        return client.post(f"{V1}/recordings", files={"file": (path.name, fh)}, data=fields)


def _stored(db, settings) -> tuple[int, list[Path]]:
    db.rollback()
    folder = settings.recordings_dir
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    return db.scalar(select(func.count(Recording.id))), files


def test_notes_sent_with_a_call_are_kept_and_shown(client, tmp_path: Path) -> None:
    created = _upload(client, _call(tmp_path / "call.wav"), channel="hotline", notes=f"  {NOTES}\n")
    assert created.status_code == 201, created.text
    recording = created.json()["recording"]
    assert recording["notes"] == NOTES, "kept as typed, without the surrounding blanks"
    read = client.get(f"{V1}/recordings/{recording['id']}").json()
    assert read["notes"] == NOTES
    blank = _upload(client, _call(tmp_path / "other.wav", tone=550), notes="   ").json()["recording"]
    assert blank["notes"] is None


@pytest.mark.parametrize(
    ("notes", "message"),
    [("x" * (NOTES_MAX + 1), "at most 1000 characters"), ("catatan\x00tersembunyi", "NUL")],
)
def test_bad_notes_are_refused_and_nothing_is_stored(client, db, settings, tmp_path, notes, message) -> None:
    before = _stored(db, settings)
    answer = _upload(client, _call(tmp_path / "call.wav", tone=660), channel="hotline", notes=notes)
    assert answer.status_code == 422, answer.text
    assert "notes" in answer.json()["detail"] and message in answer.json()["detail"]
    assert _stored(db, settings) == before
    assert not list((settings.data_dir / "incoming").glob("*")), "no staging file left behind"


def test_the_desk_outbox_files_the_notes_with_the_call(client, tmp_path: Path) -> None:
    """The outbox's own upload (the Starlette test client is an httpx client, as the desk's is)."""
    outbox = Outbox(tmp_path / "outbox")
    outbox.add(_call(tmp_path / "call.wav", tone=770), caller_number="+6281234567890", notes=NOTES)
    report = outbox.send_due(client)
    assert report.sent == 1, report
    [line] = outbox.journal.read_text().splitlines()
    import json

    recording_id = json.loads(line)["recording_id"]
    assert client.get(f"{V1}/recordings/{recording_id}").json()["notes"] == NOTES


def test_suara_record_refuses_notes_the_server_would_refuse_before_the_call(tmp_path: Path) -> None:
    from api.cli import app

    result = CliRunner().invoke(
        app,
        ["record", str(tmp_path / "call.wav"), "--notes", "x" * (NOTES_MAX + 1), "--device", "none"],
    )
    assert result.exit_code != 0
    assert "notes" in result.output and "1000 characters" in result.output
    assert not list(tmp_path.iterdir()), "no recording was started"
