"""Shared test fixtures: the installed models and real audio generated at test time.

Audio comes from espeak-ng (Korean for the Vosk model, Indonesian for Whisper), sox and ffmpeg,
so every test runs the real engines on real signals; nothing here is mocked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.audio import ID_SENTENCE, KO_SENTENCE, run, speak

REPO = Path(__file__).resolve().parent.parent
MODELS_DIR = REPO / "models"


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The models the README's set-up installs; a clear failure when they are missing."""
    manifest = MODELS_DIR / "manifest.json"
    if not manifest.exists():
        pytest.fail("models are not installed: run `make setup` (suara models install --defaults)")
    return MODELS_DIR


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    for tool in ("espeak-ng", "sox", "ffmpeg"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: run scripts/install-system.sh")
    return tmp_path_factory.mktemp("audio")


@pytest.fixture(scope="session")
def ko_speech(audio_dir: Path) -> Path:
    """About 6 s of Korean speech at 16 kHz, framed by half a second of silence."""
    speech = speak(KO_SENTENCE, audio_dir / "ko_core.wav")
    out = audio_dir / "ko.wav"
    run("sox", str(speech), str(out), "pad", "0.5", "0.5")
    return out


@pytest.fixture(scope="session")
def id_speech(audio_dir: Path) -> Path:
    return speak(ID_SENTENCE, audio_dir / "id.wav", voice="id", speed=140)
