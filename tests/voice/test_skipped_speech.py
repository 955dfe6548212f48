"""Speech a Whisper decode passed over is decoded again on its own (batch and long-recording paths).

Whisper base, decoding a window of several sentences, now and then writes nothing for one of them. That
cannot be provoked on demand, so these tests take the real engine's segments of a two-phrase window and
leave out the second phrase's, as such a skip would, then check that the real VAD finds the unclaimed
speech and the real engine decodes it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio import run, silence, speak
from voice.audio import decode_pcm, pcm_to_float
from voice.engines.whisper import SAMPLE_RATE, WhisperEngine, _unclaimed_speech
from voice.models import resolve_model

FIRST = "Selamat pagi, saya mau melaporkan jalan rusak di desa kami."
SECOND = "Lampu jalan di depan sekolah sudah mati sejak bulan lalu."
OFFSET = 40.0  # the window's place in a longer recording: every time must be global


@pytest.fixture(scope="module")
def engine(models_dir: Path) -> WhisperEngine:
    return WhisperEngine(
        resolve_model(language="id", models_dir=models_dir).absolute_path(models_dir), language="id"
    )


@pytest.fixture(scope="module")
def window(audio_dir: Path) -> tuple[np.ndarray, float, Path]:
    """Two phrases 1.5 s apart: the samples, where the second phrase starts (seconds), the file."""
    first = speak(FIRST, audio_dir / "skip_first.wav", voice="id", speed=140)
    second = speak(SECOND, audio_dir / "skip_second.wav", voice="id+m3", speed=150)
    lead, gap = silence(audio_dir / "skip_lead.wav", 0.5), silence(audio_dir / "skip_gap.wav", 1.5)
    out = audio_dir / "skip_window.wav"
    run("sox", str(lead), str(first), str(gap), str(second), str(lead), str(out))
    audio, first_seconds = _samples(out), len(_samples(first)) / SAMPLE_RATE
    return audio, 0.5 + first_seconds + 1.5, out


def _samples(path: Path) -> np.ndarray:
    return np.concatenate([pcm_to_float(piece) for piece in decode_pcm(path)])


def _first_phrase_only(engine: WhisperEngine, audio: np.ndarray, second_start: float):
    heard = engine.transcribe_array(audio, offset=OFFSET)
    kept = [s for s in heard if s.end <= OFFSET + second_start]
    assert kept and len(kept) < len(heard), "the engine should hear both phrases as separate segments"
    return heard, kept


def test_speech_no_word_claims_is_found_and_nothing_else(engine, window) -> None:
    audio, second_start, _path = window
    heard, kept = _first_phrase_only(engine, audio, second_start)
    assert _unclaimed_speech(audio, heard, offset=OFFSET) == []  # every phrase has its words
    spans = _unclaimed_speech(audio, kept, offset=OFFSET)
    assert len(spans) == 1
    start, end = (s / SAMPLE_RATE for s in spans[0])
    assert start >= second_start - 0.5  # the second phrase, not a word of the first
    assert end - start >= 2.0


def test_skipped_speech_is_decoded_again_with_global_times(engine, window) -> None:
    audio, second_start, _path = window
    _heard, kept = _first_phrase_only(engine, audio, second_start)
    filled = engine._with_skipped_speech(audio, kept, offset=OFFSET, channel=None)
    added = filled[len(kept) :]
    assert filled[: len(kept)] == kept  # the segments heard stay, in order, before the second phrase
    words = [w for s in added for w in s.words]
    assert words, "the skipped phrase should be decoded"
    assert all(
        OFFSET + second_start - 0.5 <= w.start <= w.end <= OFFSET + len(audio) / SAMPLE_RATE for w in words
    )
    said = " ".join(w.text.lower() for w in words)
    assert sum(key in said for key in ("lampu", "jalan", "sekolah", "mati", "bulan")) >= 3, said


def test_files_and_long_recordings_fill_but_live_windows_do_not(engine, window, monkeypatch) -> None:
    """Whisper's skip is simulated (its window decode loses the second phrase's segments); every decode,
    the filling one included, is the real engine's. A live window's last words are still being spoken,
    so live partials are never filled: that would decode the tail twice on every update."""
    audio, second_start, path = window
    real, calls = engine._decode, []

    def skipping(samples, *, offset, channel, **options):
        decoded = real(samples, offset=offset, channel=channel, **options)
        calls.append(len(samples))
        if len(calls) == 1:
            decoded = [(s, seconds) for s, seconds in decoded if s.end <= offset + second_start]
        return decoded

    monkeypatch.setattr(engine, "_decode", skipping)
    filed = engine.transcribe_pcm(decode_pcm(path), offset=OFFSET)  # the file and long-recording path
    assert len(calls) == 2 and any(s.start >= OFFSET + second_start - 0.5 for s in filed)
    calls.clear()
    live = engine.transcribe_array(audio, offset=OFFSET)  # what a live window decodes
    assert len(calls) == 1 and all(s.end <= OFFSET + second_start for s in live)
