"""Speech/non-speech scanning and chunk planning on generated audio (no ASR model needed)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from tests.audio import run, silence, speak
from voice.audio import decode_pcm
from voice.longform import plan_chunks
from voice.vad import VAD_RATE, scan

SENTENCES = [
    "안녕하세요 저는 서울에 살고 있습니다",
    "오늘 우리 동네 도로가 많이 파손되었습니다",
    "가로등이 고장나서 밤에 너무 어둡습니다",
    "쓰레기 수거가 일주일 동안 되지 않았습니다",
]


def _scan(path: Path):
    return scan(decode_pcm(path, sample_rate=VAD_RATE, chunk_frames=16384))


def _samples(path: Path) -> np.ndarray:
    return np.frombuffer(b"".join(decode_pcm(path, sample_rate=VAD_RATE)), dtype="<i2").astype(np.float32)


def music(path: Path, seconds: float) -> Path:
    """A jingle: a chord sequence with harmonics, as sox synthesises it."""
    run(
        "sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(path), "synth", str(seconds),
        "pl", "G3", "pl", "B3", "pl", "D4", "pl", "G4", "tremolo", "2", "40", "gain", "-8",
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def sentences_with_pauses(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[float, float]]]:
    """Four sentences with pauses of 0.6 to 1.5 s; returns the file and where speech really is."""
    folder = tmp_path_factory.mktemp("vad")
    parts, truth, t = [], [], 0.0
    for i, (text, pause) in enumerate(zip(SENTENCES, (0.6, 1.5, 0.8, 1.0), strict=True)):
        pad = silence(folder / f"pause{i}.wav", pause)
        clip = speak(text, folder / f"s{i}.wav")
        samples = _samples(clip)
        loud = np.flatnonzero(np.abs(samples) > 300)
        t += pause
        truth.append((t + loud[0] / VAD_RATE, t + loud[-1] / VAD_RATE))
        t += len(samples) / VAD_RATE
        parts += [str(pad), str(clip)]
    out = folder / "sentences.wav"
    run("sox", *parts, str(silence(folder / "tail.wav", 1.0)), str(out))
    return out, truth


def test_music_only_has_no_speech_and_a_music_gap(tmp_path: Path) -> None:
    speech = _scan(music(tmp_path / "jingle.wav", 8.0))
    assert speech.regions == ()
    assert [g.kind for g in speech.gaps] == ["music"]
    assert speech.gaps[0].end == pytest.approx(8.0, abs=0.1)


def test_silence_is_a_silence_gap(tmp_path: Path) -> None:
    speech = _scan(silence(tmp_path / "quiet.wav", 5.0))
    assert speech.regions == ()
    assert [g.kind for g in speech.gaps] == ["silence"]


def test_regions_cover_the_speech_and_gaps_the_long_pauses(sentences_with_pauses) -> None:
    path, truth = sentences_with_pauses
    speech = _scan(path)
    for start, end in truth:  # every sentence lies inside one detected region
        assert any(r.start <= start + 0.05 and r.end >= end - 0.05 for r in speech.regions), (start, end)
    long_pauses = [(a[1], b[0]) for a, b in itertools.pairwise(truth) if b[0] - a[1] >= 1.3]
    for a, b in long_pauses:
        assert any(g.start <= a + 0.3 and g.end >= b - 0.3 and g.kind == "silence" for g in speech.gaps)


def test_chunk_boundaries_fall_in_pauses(sentences_with_pauses) -> None:
    path, truth = sentences_with_pauses
    speech = _scan(path)
    # A small maximum forces cuts inside sentences too: those must land between words.
    for max_seconds in (30.0, 2.5):
        chunks = plan_chunks(speech, max_seconds=max_seconds)
        assert all(c.length <= max_seconds + 1e-6 for c in chunks)
        assert all(a.end <= b.start for a, b in itertools.pairwise(chunks))
        for start, end in truth:  # all speech is inside some chunk
            assert sum(max(0.0, min(c.end, end) - max(c.start, start)) for c in chunks) >= 0.97 * (
                end - start
            )
    samples = _samples(path)
    speech_rms = float(np.sqrt(np.mean(samples[np.abs(samples) > 300] ** 2)))
    inner = [c.end for c in plan_chunks(speech, max_seconds=2.5)[:-1]]
    assert len(inner) > len(truth)  # some cuts are inside sentences
    for cut in inner:
        i = int(cut * VAD_RATE)
        around = samples[max(0, i - 480) : i + 480]  # ±30 ms
        assert float(np.sqrt(np.mean(around**2))) < 0.35 * speech_rms, f"cut at {cut:.2f}s is inside a word"
