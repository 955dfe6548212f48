"""A caller's clip: the complaint's own stretch of its recording, for whoever may read the complaint's
raw words (a liaison hears the caller of a complaint sent to the agency, never an anonymous one, and never
the other callers of the same show); a leader never listens. The show is made with sox: one tone per
caller, so the clip's pitch says whose stretch it is."""

from __future__ import annotations

import hashlib
import itertools
import subprocess
from pathlib import Path

import numpy as np
import pytest

from api.agency import service as agency_service
from api.complaint import service as complaint_service
from api.complaint import transitions
from api.complaint.models import Status
from api.database import session_scope
from api.kernel import SYSTEM
from api.recording import service as recording_service
from api.recording.schemas import RecordingMeta
from tests.api.auth.scoping import V1
from voice import decode_pcm

RATE = 16000
CALLERS = {"named": (0.0, 2.0, 440), "anonymous": (3.0, 5.0, 1000)}  # start, end, tone of each caller


_SHOW_NUMBERS = itertools.count()


@pytest.fixture
def show(settings, tmp_path: Path) -> dict[str, int]:
    """A two-caller talkshow stored in the archive, each caller's complaint dispatched to reg-33.03."""
    parts = []
    for i, (start, end, tone) in enumerate(CALLERS.values()):
        part = tmp_path / f"caller{i}.wav"
        gap = ["pad", "0", "1"] if i == 0 else []
        subprocess.run(
            ["sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(part),
             "synth", str(end - start), "sine", str(tone), "vol", "0.5", *gap],
            check=True, capture_output=True,
        )  # fmt: skip
        parts.append(str(part))
    staged = tmp_path / "show.wav"
    # Each show's bytes must be new to the archive: the same bytes are the same recording, and the same
    # caller spans of it the same complaints, already dispatched by an earlier test. A random tail of one
    # of 1,000 lengths collided now and then (birthday odds over a run's shows); a count cannot.
    tail = f"{RATE // 20 + next(_SHOW_NUMBERS)}s"  # samples of silence at the end
    subprocess.run(["sox", "-R", *parts, str(staged), "pad", "0", tail], check=True, capture_output=True)
    with session_scope(settings.sqlalchemy_url) as db_session:
        recording, _ = recording_service.store(
            db_session=db_session, staged=staged, sha256=hashlib.sha256(staged.read_bytes()).hexdigest(),
            size=staged.stat().st_size, format_name="wav", codec="pcm_s16le", duration=5.0,
            original_name="show.wav", meta=RecordingMeta(channel="radio"), actor="producer-clip",
            recordings_dir=settings.recordings_dir,
        )  # fmt: skip
        agency = agency_service.get_by_code(db_session=db_session, code="reg-33.03")
        ids = {"recording": recording.id}
        for name, (start, end, _) in CALLERS.items():
            complaint, _ = complaint_service.create(
                db_session=db_session, principal=SYSTEM, text=f"jalan rusak, kata penelepon {name}",
                channel="radio", region_code="33.03.01", agency_id=agency.id, recording_id=recording.id,
                span=(start, end), anonymous=name == "anonymous", default_zone=settings.timezone,
            )  # fmt: skip
            for step in (Status.VERIFIED, Status.DISPATCHED):
                transitions.transition(
                    db_session=db_session, principal=SYSTEM, complaint=complaint, to=step,
                    default_zone=settings.timezone,
                )  # fmt: skip
            ids[name] = complaint.id
    return ids


def _pitch(data: bytes, suffix: str, tmp_path: Path) -> tuple[float, float]:
    """(dominant frequency, seconds) of an encoded clip."""
    path = tmp_path / f"clip{suffix}"
    path.write_bytes(data)
    samples = np.frombuffer(b"".join(decode_pcm(path, sample_rate=RATE)), dtype="<i2").astype(np.float32)
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[int(np.argmax(spectrum))]), len(samples) / RATE


def test_a_verifier_hears_each_caller_alone(client, show, tmp_path: Path) -> None:
    for name, (start, end, tone) in CALLERS.items():
        response = client.get(f"{V1}/complaints/{show[name]}/clip")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "audio/mpeg"
        assert response.headers["cache-control"] == "private, no-store"
        assert response.headers["content-disposition"].endswith('.mp3"')
        pitch, seconds = _pitch(response.content, ".mp3", tmp_path)
        assert abs(pitch - tone) < 15, name
        assert seconds < end - start + 0.6  # the caller and a breath, not the show


@pytest.mark.parametrize(("fmt", "media"), [("ogg", "audio/ogg"), ("wav", "audio/wav")])
def test_the_clip_comes_in_the_format_asked_for(client, show, fmt: str, media: str, tmp_path: Path) -> None:
    response = client.get(f"{V1}/complaints/{show['named']}/clip", params={"format": fmt})
    assert response.status_code == 200 and response.headers["content-type"] == media
    assert abs(_pitch(response.content, f".{fmt}", tmp_path)[0] - 440) < 15


def test_a_liaison_hears_its_named_caller_but_not_the_show_nor_the_anonymous_one(
    as_role, show, tmp_path: Path
) -> None:
    liaison = as_role("liaison", "reg-33.03")
    named = liaison.get(f"{V1}/complaints/{show['named']}/clip")
    assert named.status_code == 200, named.text
    assert abs(_pitch(named.content, ".mp3", tmp_path)[0] - 440) < 15
    assert liaison.get(f"{V1}/recordings/{show['recording']}/audio").status_code == 404
    refused = liaison.get(f"{V1}/complaints/{show['anonymous']}/clip")
    assert refused.status_code == 404
    assert refused.json()["detail"] == "this complaint has no audio you may hear"


def test_a_leader_never_listens(as_role, show) -> None:
    leader = as_role("leader", "reg-33.03")
    assert leader.get(f"{V1}/complaints/{show['named']}/clip").status_code in (403, 404)


def test_another_agencys_liaison_does_not_reach_the_clip(as_role, show) -> None:
    other = as_role("liaison", "prov-33")
    assert other.get(f"{V1}/complaints/{show['named']}/clip").status_code == 404


def test_a_typed_complaint_has_no_clip_and_a_bad_format_is_refused(client, show, file_complaint) -> None:
    typed = file_complaint("lampu jalan mati")
    assert client.get(f"{V1}/complaints/{typed.id}/clip").status_code == 404
    bad = client.get(f"{V1}/complaints/{show['named']}/clip", params={"format": "flac"})
    assert bad.status_code == 422


def test_a_recording_missing_from_the_archive_is_named_without_the_servers_folders(
    client, show, settings
) -> None:
    for path in settings.recordings_dir.rglob("*.wav"):
        path.unlink()
    response = client.get(f"{V1}/complaints/{show['named']}/clip")
    assert response.status_code == 404
    assert str(settings.recordings_dir) not in response.text
