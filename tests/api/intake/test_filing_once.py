"""Filing a complaint cut from a recording does each piece of work once: its deadline clock is started
once, in the zone of the agency nlp's analysis placed it with (real nlp pipeline, real store)."""

from __future__ import annotations

import uuid

import pytest

from api.database import utcnow
from api.intake import flows
from api.recording.models import Recording

TEXT = "jalan desa di kecamatan kutasari purbalingga rusak parah banyak lubang mohon diperbaiki"


@pytest.fixture
def recording(db) -> Recording:
    row = Recording(
        sha256=uuid.uuid4().hex * 2, path="2026/01/x.wav", size_bytes=1, format_name="wav", codec="pcm",
        duration=5.0, channel="hotline", language="id", created_at=utcnow(),
    )  # fmt: skip
    db.add(row)
    db.flush()
    return row


def test_a_recordings_complaint_starts_its_deadline_clock_once(db, settings, recording, monkeypatch):
    import nlp
    from api.complaint import service as complaint_service
    from api.intake import analysis as intake_analysis
    from nlp.types import AnalysisContext

    started: list[int] = []
    real = complaint_service.restart_clock

    def counted(db_session, complaint, now, *, default_zone):  # a spy: the real clock still runs
        started.append(complaint.id)
        real(db_session, complaint, now, default_zone=default_zone)

    monkeypatch.setattr(complaint_service, "restart_clock", counted)
    monkeypatch.setattr(intake_analysis, "restart_clock", counted)
    found = nlp.analyze(TEXT, AnalysisContext(), model_dir=flows.nlp_model_dir(settings))
    made = flows._make_complaints(db, recording, [flows.Candidate(0.0, 5.0, TEXT, found)], settings)
    assert made == 1
    [complaint_id] = set(started)
    assert started == [complaint_id]
    complaint = complaint_service.get(
        db_session=db, principal=flows.MACHINE, complaint_id=complaint_id, default_region=None
    )
    assert complaint.due_at is not None and complaint.analyzed_at is not None
    db.rollback()


def test_a_calls_analysis_is_routed_once_under_the_stores_rules(db, settings, recording, monkeypatch):
    """nlp routes the call under the store's rules; the store does not route it a second time, and the
    agencies are those the store's own routing gives for the filed complaint."""
    from api.agency import routing as agency_routing
    from voice.types import Transcript

    heard = Transcript.from_dict(
        {"segments": [{"start": 0.0, "end": 5.0, "text": TEXT}], "engine": "vosk", "model": "m",
         "language": "id", "duration": 5.0}
    )  # fmt: skip
    store_rules = agency_routing.engine_rules(db)
    [call] = flows.candidates(recording, heard, settings, None, store_rules)
    assert call.store_routed and call.analysis is not None and call.analysis.region_code
    expected = agency_routing.for_complaint(
        db_session=db, topic=call.analysis.topics[0].label,
        analysed=[{"label": t.label, "score": t.score} for t in call.analysis.topics],
        region_code=call.analysis.region_code, text=call.analysis.normalized_text,
    )  # fmt: skip
    routed: list[str] = []
    real = agency_routing.for_complaint
    # A spy, not a stand-in: the store's real routing still runs; the test only counts its calls.
    monkeypatch.setattr(agency_routing, "for_complaint", lambda **kw: routed.append("store") or real(**kw))
    assert flows._make_complaints(db, recording, [call], settings) == 1
    assert routed == []
    from api.complaint.models import Complaint

    complaint = db.query(Complaint).filter(Complaint.recording_id == recording.id).one()
    assert complaint.suggestions["agencies"] == expected and expected
    db.rollback()
