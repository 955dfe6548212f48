"""Fixing a talkshow's turns through the JSON API (the pages call the same service): merge, split and
relabel speakers, and the show's complaints follow — without duplicates, and never changing one an
official has already handled.

The show here is a stored transcript written by the test (turns with word times) rather than decoded
audio: what is under test is the fix and the complaints that follow, with the real spaCy pipeline
re-deriving the candidates on real SQLite and PostgreSQL. The browser journey (test_shows_pages.py)
runs the whole path from generated audio.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from api.audit.models import AuthEvent
from api.complaint.models import Complaint, Event, Status
from api.database import session_scope, utcnow
from api.intake import flows
from api.kernel import Channel
from api.recording.models import Job, JobKind, JobStatus, Recording, Transcript, TranscriptSource
from voice.types import Transcript as SpokenTranscript

V1 = "/api/v1"
pytestmark = pytest.mark.timeout(300)

# (speaker, band, start, end, text): two callers, the first split in two labels by the machine, a guest.
SCRIPT = [
    ("host", "studio", 0.0, 5.0, "Selamat pagi pendengar, kita buka telepon untuk keluhan warga hari ini."),
    ("caller-1", "phone", 5.0, 11.0, "Halo pak, saya Budi dari Karanglewas. Jalan di desa kami rusak parah."),
    ("caller-3", "phone", 11.0, 16.0, "Lubangnya besar sekali dan sudah banyak motor yang jatuh di sana."),
    (
        "host",
        "studio",
        16.0,
        24.0,
        "Terima kasih pak Budi, laporan jalan rusak akan kami sampaikan ke dinas.",
    ),
    (
        "caller-2",
        "phone",
        24.0,
        31.0,
        "Selamat pagi, saya Siti dari Kedungwuluh. Puskesmas sering tutup dan bidan tidak ada.",
    ),
    ("host", "studio", 31.0, 38.0, "Baik ibu Siti, terima kasih atas laporannya, kita lanjutkan acara ini."),
    (
        "guest-1",
        "studio",
        38.0,
        45.0,
        "Saya mau menambahkan, lampu jalan di pasar Wage mati sudah dua minggu.",
    ),
]


def _segment(speaker: str, band: str, start: float, end: float, text: str) -> dict:
    words = text.split()
    step = (end - start) / len(words)
    timed = [
        {
            "start": round(start + i * step, 2),
            "end": round(start + (i + 1) * step, 2),
            "text": w,
            "confidence": 0.9,
        }
        for i, w in enumerate(words)
    ]
    return {"start": start, "end": end, "text": text, "words": timed, "confidence": 0.9, "speaker": speaker,
            "channel": None, "band": band, "alternatives": []}  # fmt: skip


def make_show(settings, uploader: str, script=SCRIPT) -> int:
    """A processed talkshow of `uploader`: recording, finished job, machine transcript, draft complaints
    made by the intake flow's own code."""
    data = {
        "segments": [_segment(*row) for row in script], "engine": "vosk", "model": "test", "language": "id",
        "duration": script[-1][3], "gaps": [], "metadata": {}, "version": 1,
    }  # fmt: skip
    with session_scope(settings.sqlalchemy_url) as db_session:
        recording = Recording(
            sha256=uuid.uuid4().hex + uuid.uuid4().hex, path="2026/12/none.wav", size_bytes=1,
            format_name="wav", codec="pcm_s16le", duration=data["duration"], original_name="halo-bupati.wav",
            channel=Channel.RADIO,
            station="RRI Purwokerto", programme="Halo Bupati", uploaded_by=uploader, created_at=utcnow(),
        )  # fmt: skip
        db_session.add(recording)
        db_session.flush()
        db_session.add(
            Job(kind=JobKind.INTAKE, recording_id=recording.id, status=JobStatus.DONE, progress=1.0)
        )
        db_session.add(
            Transcript(
                recording_id=recording.id, version=1, source=TranscriptSource.MACHINE, text="x", data=data
            )
        )
        spoken = SpokenTranscript.from_dict(data)
        found = flows.candidates(recording, spoken, settings)
        flows._make_complaints(db_session, recording, found, settings, spoken)
        return recording.id


def complaints_of(db, recording_id: int) -> list[Complaint]:
    db.rollback()
    return list(
        db.scalars(
            select(Complaint).where(Complaint.recording_id == recording_id).order_by(Complaint.span_start)
        )
    )


def spans(rows: list[Complaint], status: Status = Status.DRAFT) -> list[tuple[float, float]]:
    return [(c.span_start, c.span_end) for c in rows if c.status == status]


@pytest.fixture
def producer_client(app, make_user, auth_headers):
    from fastapi.testclient import TestClient

    producer = make_user("producer")
    with TestClient(app, headers=auth_headers(producer)) as test_client:
        test_client.username = producer.username  # type: ignore[attr-defined]
        yield test_client


def test_the_machine_drafts_of_the_made_show(producer_client, settings, db):
    rid = make_show(settings, producer_client.username)
    assert spans(complaints_of(db, rid)) == [(5.0, 11.0), (11.0, 16.0), (24.0, 31.0)]
    turns = producer_client.get(f"{V1}/recordings/{rid}/turns").json()
    assert turns["version"] == 1
    assert turns["speakers"] == ["host", "guest-1", "caller-1", "caller-2", "caller-3"]
    assert [(t["speaker"], t["band"]) for t in turns["turns"]][:3] == [
        ("host", "studio"), ("caller-1", "phone"), ("caller-3", "phone")
    ]  # fmt: skip


def test_merging_two_labels_of_one_caller_makes_one_complaint_not_two(producer_client, settings, db):
    rid = make_show(settings, producer_client.username)
    before = complaints_of(db, rid)
    answer = producer_client.post(
        f"{V1}/recordings/{rid}/turns/merge",
        json={"keep": "caller-1", "absorb": "caller-3", "based_on_version": 1},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["version"] == 2 and "caller-3" not in body["turns"]["speakers"]
    first, absorbed = before[0].id, before[1].id
    assert body["updated"] == [first] and body["retracted"] == [absorbed] and body["created"] == []
    after = {c.id: c for c in complaints_of(db, rid)}
    assert (after[first].span_start, after[first].span_end) == (5.0, 16.0)
    assert "Lubangnya besar" in after[first].text and after[first].status == Status.DRAFT
    assert after[absorbed].status == Status.DUPLICATE and after[absorbed].duplicate_of_id == first
    assert len(after) == 3  # nothing made twice
    audit = db.scalars(select(AuthEvent).where(AuthEvent.subject == f"recording:{rid}")).all()
    assert [(a.action, a.actor) for a in audit] == [("turns_merge", producer_client.username)]
    # The same fix again finds nothing to change (the API refuses an unknown label precisely).
    again = producer_client.post(
        f"{V1}/recordings/{rid}/turns/merge", json={"keep": "caller-1", "absorb": "caller-3"}
    )
    assert again.status_code == 422 and "no speaker 'caller-3'" in again.json()["detail"]


def test_splitting_a_caller_moves_the_complaint_to_who_said_it(producer_client, settings, db):
    """Siti's greeting and the complaint after it were two people: the complaint row follows the second
    (no copy is made), and Siti's name no longer rides on it."""
    rid = make_show(settings, producer_client.username)
    original = complaints_of(db, rid)[2]  # Siti's, 24–31 s
    assert original.reporter_name == "Siti"
    answer = producer_client.post(
        f"{V1}/recordings/{rid}/turns/split", json={"speaker": "caller-2", "at": 27.2}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["updated"] == [original.id] and body["created"] == [] and body["retracted"] == []
    split_turns = [(t["speaker"], t["start"]) for t in body["turns"]["turns"] if t["start"] >= 24]
    assert split_turns[:2] == [("caller-2", 24.0), ("caller-4", pytest.approx(27.23, abs=0.01))]
    db.rollback()
    moved = db.get(Complaint, original.id, populate_existing=True)
    assert moved.span_start == pytest.approx(27.23, abs=0.01) and moved.span_end == 31.0
    assert moved.text.startswith("Puskesmas") and moved.reporter_name is None
    assert len(complaints_of(db, rid)) == 3
    # A split outside the speaker's turns is refused and leaves nothing written.
    bad = producer_client.post(f"{V1}/recordings/{rid}/turns/split", json={"speaker": "caller-1", "at": 40.0})
    assert bad.status_code == 422 and "not inside a turn of caller-1" in bad.json()["detail"]
    db.rollback()
    versions = db.scalars(select(Transcript.version).where(Transcript.recording_id == rid)).all()
    assert sorted(versions) == [1, 2]


def test_relabelling_a_guest_as_caller_and_back(producer_client, settings, db):
    rid = make_show(settings, producer_client.username)
    body = producer_client.post(
        f"{V1}/recordings/{rid}/turns/relabel", json={"speaker": "guest-1", "to": "caller"}
    ).json()
    assert "caller-4" in body["turns"]["speakers"] and len(body["created"]) == 1
    made = db.get(Complaint, body["created"][0])
    assert (made.span_start, made.span_end) == (38.0, 45.0) and "lampu jalan" in made.text
    assert made.filed_by == producer_client.username and made.channel == "radio"
    back = producer_client.post(
        f"{V1}/recordings/{rid}/turns/relabel", json={"speaker": "caller-4", "to": "guest"}
    )
    assert back.json()["retracted"] == [made.id]
    db.rollback()
    assert db.get(Complaint, made.id, populate_existing=True).status == Status.ARCHIVED
    # Once more a caller: the same complaint comes back rather than a second one.
    again = producer_client.post(
        f"{V1}/recordings/{rid}/turns/relabel", json={"speaker": "guest-1", "to": "caller"}
    )
    assert again.json()["restored"] == [made.id] and again.json()["created"] == []
    assert len(complaints_of(db, rid)) == 4


def test_a_complaint_an_official_handled_is_never_changed(
    producer_client, settings, db, make_user, auth_headers
):
    rid = make_show(settings, producer_client.username)
    first = complaints_of(db, rid)[0]
    with session_scope(settings.sqlalchemy_url) as db_session:
        row = db_session.get(Complaint, first.id)
        row.status, row.verified_at = Status.VERIFIED, utcnow()
        db_session.add(Event(complaint_id=row.id, actor="verifikator", action="verified", at=utcnow()))
    body = producer_client.post(
        f"{V1}/recordings/{rid}/turns/merge", json={"keep": "caller-1", "absorb": "caller-3"}
    ).json()
    assert first.id in body["untouched_handled"] and first.id not in body["updated"]
    db.rollback()
    verified = db.get(Complaint, first.id, populate_existing=True)
    assert (verified.span_start, verified.span_end, verified.status) == (5.0, 11.0, Status.VERIFIED)
    notes = db.scalars(select(Event).where(Event.complaint_id == first.id, Event.field == "turns")).all()
    assert notes and "not changed" in notes[0].note


def test_who_may_fix_and_stale_views(producer_client, settings, app, make_user, auth_headers):
    from fastapi.testclient import TestClient

    rid = make_show(settings, producer_client.username)
    merge = {"keep": "caller-1", "absorb": "caller-3"}
    for role, agency, status in [
        ("producer", None, 404),
        ("liaison", "reg-33.03", 404),
        ("leader", "reg-33.03", 403),
    ]:
        with TestClient(app, headers=auth_headers(make_user(role, agency))) as other:
            assert other.post(f"{V1}/recordings/{rid}/turns/merge", json=merge).status_code == status, role
            assert other.get(f"{V1}/recordings/{rid}/turns").status_code == status, role
    assert producer_client.post(f"{V1}/recordings/{rid}/turns/merge", json=merge).status_code == 200
    stale = producer_client.post(
        f"{V1}/recordings/{rid}/turns/relabel",
        json={"speaker": "guest-1", "to": "caller", "based_on_version": 1},
    )
    assert stale.status_code == 409 and "changed meanwhile" in stale.json()["detail"]


def test_a_show_whose_audio_left_the_archive_answers_404_not_a_crash(producer_client, settings):
    """The made show has no file in the archive (as after a lost disk): its audio is "missing", a 404
    with the reason — before the fix the message's own formatting raised and the API answered 500."""
    rid = make_show(settings, producer_client.username)
    answer = producer_client.get(f"{V1}/recordings/{rid}/audio")
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"the audio of recording {rid} is missing from the archive"
