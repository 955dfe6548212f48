"""Helpers of the scoping tests: real users with real tokens, complaints filed and moved through the real
services, recordings stored in the real archive (without waiting for ASR: the tests need rows, not words).
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from api.agency import service as agency_service
from api.complaint import edits as complaint_edits
from api.complaint import service as complaint_service
from api.complaint import transitions as complaint_transitions
from api.complaint.models import Status
from api.complaint.schemas import ComplaintUpdate
from api.database import session_scope
from api.kernel import SYSTEM
from api.recording import service as recording_service
from api.recording import transcripts as recording_transcripts
from api.recording.schemas import RecordingMeta
from tests.api.auth.scoping import word
from voice.types import Transcript


@dataclass(frozen=True)
class Filed:
    id: int
    tracking: str
    recording_id: int | None = None


@pytest.fixture
def as_role(app, make_user, auth_headers):
    """as_role("liaison", "reg-33.03", scopes=None) -> a TestClient acting as a new user of that role."""
    from fastapi.testclient import TestClient

    def make(role: str, agency_code: str | None = None, scopes: set[str] | None = None) -> Any:
        user = make_user(role, agency_code)
        client = TestClient(app, headers=auth_headers(user, scopes))
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def file_complaint(settings):
    """file_complaint(text=…, region=…, agency=…, dispatched=…, status=…, **fields) -> Filed.

    Filed by the system through the services, committed; `agency` is an agency code. `dispatched`
    verifies and dispatches it to `agency`; `filed_by` names the operator whose complaint it is.
    """

    def make(
        text: str | None = None,
        *,
        region: str | None = None,
        agency: str | None = None,
        dispatched: bool = False,
        status: Status | None = None,
        recording_id: int | None = None,
        **fields: Any,
    ) -> Filed:
        with session_scope(settings.sqlalchemy_url) as db_session:
            agency_id = None
            if agency is not None:
                found = agency_service.get_by_code(db_session=db_session, code=agency)
                assert found is not None, agency
                agency_id = found.id
            span = (0.0, float(uuid.uuid4().int % 10_000) + 1) if recording_id is not None else None
            complaint, _ = complaint_service.create(
                db_session=db_session, principal=SYSTEM, text=text or f"jalan rusak parah {word()}",
                channel="hotline" if recording_id else "web", region_code=region, agency_id=agency_id,
                recording_id=recording_id, span=span, **fields, default_zone=settings.timezone,
            )  # fmt: skip
            if dispatched:
                for step in (Status.VERIFIED, Status.DISPATCHED):
                    complaint_transitions.transition(
                        db_session=db_session,
                        principal=SYSTEM,
                        complaint=complaint,
                        to=step,
                        default_zone=settings.timezone,
                    )
            if status is not None:
                complaint_transitions.transition(
                    db_session=db_session,
                    principal=SYSTEM,
                    complaint=complaint,
                    to=status,
                    default_zone=settings.timezone,
                )
            return Filed(complaint.id, complaint.tracking_number or "", recording_id)

    return make


@pytest.fixture
def store_recording(settings, call_wav: Path, tmp_path: Path):
    """store_recording(uploaded_by, caller_number=None, transcript_text=…) -> recording id.

    The generated call plus random bytes of silence padding, stored in the archive, with a machine
    transcript saved as the intake job would.
    """
    import os
    import wave

    def make(uploaded_by: str, caller_number: str | None = None, transcript_text: str = "") -> int:
        staged = tmp_path / f"{uuid.uuid4().hex}.wav"
        with wave.open(str(call_wav)) as src:
            params, frames = src.getparams(), src.readframes(src.getnframes())
        with wave.open(str(staged), "wb") as dst:
            dst.setparams(params)
            dst.writeframes(frames + bytes(b & 0x0F for b in os.urandom(800)))
        import hashlib

        digest = hashlib.sha256(staged.read_bytes()).hexdigest()
        with session_scope(settings.sqlalchemy_url) as db_session:
            recording, _ = recording_service.store(
                db_session=db_session, staged=staged, sha256=digest, size=staged.stat().st_size,
                format_name="wav", codec="pcm_s16le", duration=5.0, original_name="call.wav",
                meta=RecordingMeta(channel="hotline", caller_number=caller_number), actor=uploaded_by,
                recordings_dir=settings.recordings_dir,
            )  # fmt: skip
            words = [{"start": i * 0.5, "end": i * 0.5 + 0.4, "text": w, "confidence": 0.9}
                     for i, w in enumerate(transcript_text.split())]  # fmt: skip
            data = {
                "segments": [{"start": 0.0, "end": 5.0, "text": transcript_text, "words": words}],
                "engine": "vosk", "model": "test", "language": "id", "duration": 5.0,
            }  # fmt: skip
            recording_transcripts.save_machine_transcript(
                db_session=db_session, recording_id=recording.id, transcript=Transcript.from_dict(data)
            )
            return recording.id

    yield make
    shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.fixture
def edit_as_system(settings):
    """edit_as_system(complaint_id, **changes): a correction by the system (leaves edit events)."""

    def edit(complaint_id: int, **changes: Any) -> None:
        with session_scope(settings.sqlalchemy_url) as db_session:
            complaint = complaint_service.get(
                db_session=db_session,
                principal=SYSTEM,
                complaint_id=complaint_id,
                default_region=settings.default_region,
            )
            complaint_edits.update(
                db_session=db_session,
                principal=SYSTEM,
                complaint=complaint,
                changes=ComplaintUpdate(**changes),
            )

    return edit


@pytest.fixture
def default_region() -> str | None:
    """SUARA_DEFAULT_REGION of the app under test: unset unless the access suite parametrizes it."""
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The whole access suite runs twice: as a national deployment (no default region) and as a regency
    hotline runs it (SUARA_DEFAULT_REGION=33.03), where unplaced complaints belong to that regency only."""
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module.startswith("test_scoping") and "settings" in metafunc.fixturenames:
        metafunc.parametrize("default_region", [None, "33.03"], ids=["national", "regency-33.03"])


@pytest.fixture
def settings(settings, default_region: str | None, monkeypatch: pytest.MonkeyPatch):
    """The backend's settings, with the parametrized default region."""
    from api.config import get_settings

    if default_region is None:
        yield settings
        return
    monkeypatch.setenv("SUARA_DEFAULT_REGION", default_region)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
