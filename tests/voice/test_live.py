"""Live streams on the real engines: audio at the client's own rate, in pieces of any size."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from tests.audio import convert
from voice import AudioDecodeError, live_stream_count, open_live_stream, transcribe_file
from voice.live import PcmResampler


def _pcm(path: Path) -> tuple[bytes, int]:
    with wave.open(str(path)) as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        return wav.readframes(wav.getnframes()), wav.getframerate()


def _feed(stream, pcm: bytes, piece: int) -> tuple[list[str], list]:
    partials, finals = [], []
    for at in range(0, len(pcm), piece):
        update = stream.accept(pcm[at : at + piece])
        partials.append(update.partial)
        finals.extend(update.final)
    finals.extend(stream.finish())
    return partials, finals


def test_a_vosk_live_stream_at_telephone_rate_gives_partials_and_timed_words(
    ko_speech: Path, models_dir: Path, tmp_path: Path
) -> None:
    """Odd-sized pieces at 8 kHz are resampled on the way in; words are timed on the client's clock.

    (The Korean model hears espeak-ng's Korean poorly and its words shift with any resampler, so the
    words are compared by count with the file path's, not one by one.)"""
    at_rate = convert(ko_speech, tmp_path / "ko-8k.wav", "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le")
    pcm, rate = _pcm(at_rate)
    reference = transcribe_file(at_rate, language="ko", models_dir=models_dir)  # ffmpeg resamples
    stream = open_live_stream(language="ko", models_dir=models_dir, client_rate=rate)
    partials, finals = _feed(stream, pcm, piece=3001)  # odd: samples split across pieces
    words = [w for s in finals for w in s.words]
    assert any(partials), "a live stream shows the utterance while it is spoken"
    assert len(words) >= 0.6 * len(reference.words), (len(words), len(reference.words))
    duration = len(pcm) / 2 / rate
    assert all(0 <= w.start <= w.end <= duration + 0.1 for w in words)
    assert abs(stream.seconds - duration) < 0.01


def test_a_whisper_live_stream_at_browser_rate_finds_the_key_words(
    id_speech: Path, models_dir: Path, tmp_path: Path
) -> None:
    """A browser's 44.1 kHz microphone, in 10 ms blocks, reaches Whisper as the model's 16 kHz."""
    at_rate = convert(id_speech, tmp_path / "id-44k.wav", "-ar", "44100", "-ac", "1", "-c:a", "pcm_s16le")
    pcm, rate = _pcm(at_rate)
    stream = open_live_stream(language="id", models_dir=models_dir, client_rate=rate)
    _, finals = _feed(stream, pcm, piece=882)
    text = " ".join(s.text for s in finals).lower()
    keys = ("selamat", "pagi", "saya", "lapor", "rusak", "sudah", "tiga", "bulan", "tidak")
    assert sum(k in text for k in keys) >= 5, text


def test_streams_are_counted_until_closed_or_dropped(models_dir: Path) -> None:
    before = live_stream_count()
    streams = [open_live_stream(language="ko", models_dir=models_dir, client_rate=8000) for _ in range(3)]
    assert live_stream_count() == before + 3
    streams[0].finish()
    streams[1].close()
    streams[1].close()  # idempotent
    assert live_stream_count() == before + 1
    del streams[2]  # dropped without a goodbye (a client that vanished)
    streams.clear()
    import gc

    gc.collect()
    assert live_stream_count() == before


@pytest.mark.parametrize("rate", [0, 4000, 96000, 16000.5, -8000])
def test_an_unsupported_rate_is_refused_with_a_clear_message(models_dir: Path, rate: float) -> None:
    with pytest.raises(AudioDecodeError, match="unsupported sample rate"):
        open_live_stream(language="ko", models_dir=models_dir, client_rate=rate)


def test_a_call_is_resampled_to_the_same_samples_every_time(ko_speech: Path, tmp_path: Path) -> None:
    """soxr dithers integer output with a seed from the clock, so the same 8 kHz call once reached Vosk
    as different samples from one stream to the next (and was heard differently): no longer."""
    import numpy as np
    import soxr

    at_rate = convert(ko_speech, tmp_path / "ko-8k.wav", "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le")
    pcm, rate = _pcm(at_rate)

    calls = [PcmResampler(rate, 16000) for _ in range(4)]  # four lines of a desk, open at once
    outs: list[list[bytes]] = [[] for _ in calls]
    for at in range(0, len(pcm), 1600):
        for resampler, out in zip(calls, outs, strict=True):
            out.append(resampler.resample(pcm[at : at + 1600]))
    heard = [
        b"".join(out) + resampler.resample(b"", last=True) for resampler, out in zip(calls, outs, strict=True)
    ]
    assert all(h == heard[0] for h in heard), "the same call, the same samples, on every line"
    samples = np.frombuffer(heard[0], dtype="<i2").astype(np.int32)
    whole = soxr.resample(np.frombuffer(pcm, dtype="<i2").astype(np.float32), rate, 16000)
    assert len(samples) == len(whole) and np.abs(samples - np.rint(whole)).max() <= 1


def test_a_warm_recognizer_given_back_hears_the_next_call_like_a_fresh_one(
    ko_speech: Path, models_dir: Path, tmp_path: Path
) -> None:
    """Closed streams give their Vosk recognizer back for the next call (a fresh one costs ~5x the CPU
    while its graph warms up): the next call's words and times are those a fresh recognizer gives,
    whether the earlier call finished or was dropped mid-utterance."""
    at_rate = convert(ko_speech, tmp_path / "ko-8k.wav", "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le")
    pcm, rate = _pcm(at_rate)

    def words_of_a_call() -> list[tuple[str, float, float]]:
        stream = open_live_stream(language="ko", models_dir=models_dir, client_rate=rate)
        _, finals = _feed(stream, pcm, piece=1600)
        return [(w.text, w.start, w.end) for s in finals for w in s.words]

    first = words_of_a_call()  # fresh, or warm from an earlier test: either way the reference
    dropped = open_live_stream(language="ko", models_dir=models_dir, client_rate=rate)
    dropped.accept(pcm[: len(pcm) // 2])  # the line drops mid-utterance
    dropped.close()
    assert first and words_of_a_call() == first
    assert words_of_a_call() == first
