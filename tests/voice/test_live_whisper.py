"""Whisper as a live stream on the real model: stable partials while the caller speaks, the same result
however the audio is cut into frames, silence never decoded, the window bounded on a long utterance.

The speech is espeak-ng Indonesian, which Whisper base hears poorly: words are checked as properties
(prefixes, counts, a few key words spelled roughly), never as exact strings.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz import fuzz

from tests.audio import run, speak
from voice.engines import whisper_stream
from voice.engines.agreement import norm
from voice.models import resolve_model

FIRST = "Selamat pagi, saya mau melapor jalan di desa kami rusak sudah tiga bulan tidak diperbaiki"
SECOND = "Nama saya Budi Santoso dari desa Karanganyar, tolong segera dibantu"


@pytest.fixture(scope="module")
def whisper(models_dir: Path):
    from voice.engines.whisper import WhisperEngine

    model = resolve_model(language="id", models_dir=models_dir, engine="whisper")
    return WhisperEngine(model.absolute_path(models_dir), language="id")


@pytest.fixture(scope="module")
def call(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, float]:
    """Two sentences with a pause between them, as 16 kHz PCM; and where the first one's speech ends."""
    folder = tmp_path_factory.mktemp("whisper-live")
    first = speak(FIRST, folder / "first.wav", voice="id", speed=140)
    second = speak(SECOND, folder / "second.wav", voice="id", speed=140)
    padded = [folder / "a.wav", folder / "b.wav"]
    run("sox", str(first), str(padded[0]), "pad", "0.5", "1.2")
    run("sox", str(second), str(padded[1]), "pad", "0", "1.0")
    out = folder / "call.wav"
    run("sox", str(padded[0]), str(padded[1]), str(out))
    with wave.open(str(first)) as w:
        first_end = 0.5 + w.getnframes() / w.getframerate()
    with wave.open(str(out)) as w:
        return w.readframes(w.getnframes()), first_end


def _feed(stream, pcm: bytes, piece: int) -> list[tuple[float, str, list]]:
    """(audio seconds sent, partial, finals) after each piece, then the finish."""
    out = []
    for at in range(0, len(pcm), piece):
        update = stream.accept(pcm[at : at + piece])
        out.append((min(len(pcm), at + piece) / 32000, update.partial, list(update.final)))
    out.append((len(pcm) / 32000, "", stream.finish()))
    return out


def _words(text: str) -> list[str]:
    return [norm(w) for w in text.split() if norm(w)]


def test_partials_appear_while_the_caller_speaks_and_never_change(whisper, call) -> None:
    pcm, first_end = call
    trace = _feed(whisper.stream(sample_rate=16000), pcm, piece=3200)  # 100 ms frames
    finals = [segment for _, _, found in trace for segment in found]
    assert len(finals) == 2, [s.text for s in finals]  # one per sentence: the pause ended the first
    early = [partial for at, partial, _ in trace if at < first_end and partial]
    assert early, "words are shown before the first sentence has been spoken to its end"
    # Within an utterance each partial extends the last, and the final extends the last partial.
    utterance: list[str] = []
    for _, partial, found in trace:
        shown = _words(partial)
        if found:
            final_words = _words(found[0].text)
            assert final_words[: len(utterance)] == utterance, (utterance, found[0].text)
            utterance = shown
            continue
        assert shown[: len(utterance)] == utterance, (utterance, partial)
        utterance = shown
    heard = _words(" ".join(s.text for s in finals))
    keys = ("selamat", "pagi", "saya", "rusak", "bulan", "budi", "desa", "tolong")
    assert sum(any(fuzz.ratio(k, h) >= 75 for h in heard) for k in keys) >= 5, heard
    words = [w for s in finals for w in s.words]
    assert [w.start for w in words] == sorted(w.start for w in words)
    assert all(0 <= w.start <= w.end <= len(pcm) / 32000 + 0.05 for w in words)
    assert finals[1].start > first_end, "the second sentence is timed on the call's clock"


def test_the_same_audio_gives_the_same_results_however_it_is_framed(whisper, call) -> None:
    pcm, _ = call
    half = pcm[: len(pcm) // 4 * 2]
    runs = [_feed(whisper.stream(sample_rate=16000), half, piece) for piece in (3200, 8002, 1022)]
    finals = [[s.text for _, _, found in trace for s in found] for trace in runs]
    partials = [sorted({p for _, p, _ in trace if p}) for trace in runs]
    assert finals[0] == finals[1] == finals[2]
    assert partials[0] == partials[1] == partials[2] and partials[0]


class _Counting:
    """The real engine, with the audio of every decode noted (to see what the session asks of it)."""

    def __init__(self, engine) -> None:
        self.engine, self.lengths = engine, []

    def transcribe_array(self, audio: np.ndarray, **kwargs):
        self.lengths.append(len(audio) / 16000)
        return self.engine.transcribe_array(audio, **kwargs)


def test_silence_is_never_decoded(whisper) -> None:
    counting = _Counting(whisper)
    stream = whisper_stream.WhisperLiveStream(counting)  # type: ignore[arg-type]
    rng = np.random.default_rng(7)
    hiss = (rng.normal(0, 30, 16000 * 6)).astype("<i2").tobytes()  # -60 dBFS line noise
    for at in range(0, len(hiss), 3200):
        assert stream.accept(hiss[at : at + 3200]).partial == ""
    assert stream.finish() == []
    assert counting.lengths == []


def test_a_long_utterance_keeps_a_bounded_window_and_is_closed(whisper, tmp_path: Path) -> None:
    """24 s of speech without a pause: windows stay under WINDOW_SECONDS plus one decode step, and
    the utterance is closed at MAX_UTTERANCE (a decode every 2.5 s keeps the test short)."""
    text = " ".join([FIRST, SECOND] * 3).replace(",", "")
    clip = speak(text, tmp_path / "long.wav", voice="id", speed=120)
    with wave.open(str(clip)) as w:
        pcm = w.readframes(w.getnframes())
    assert len(pcm) / 32000 > whisper_stream.MAX_UTTERANCE + 1
    counting = _Counting(whisper)
    stream = whisper_stream.WhisperLiveStream(counting, decode_every=2.5)  # type: ignore[arg-type]
    trace = _feed(stream, pcm, piece=3200)
    bound = whisper_stream.WINDOW_SECONDS + 2.5 + 0.1
    assert max(counting.lengths) <= whisper_stream.MAX_UTTERANCE + 0.1
    slid = [n for n in counting.lengths if n > bound]
    assert len(slid) <= 1, counting.lengths  # only the closing decode may hold the whole utterance
    closed = [(at, s) for at, _, found in trace[:-1] for s in found]
    assert closed and closed[0][0] <= whisper_stream.MAX_UTTERANCE + 0.6, "closed without a pause"
