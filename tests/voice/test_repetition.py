"""The loop guard: what reads as a runaway repetition, and the Whisper engine never emitting one.

The engine tests use speech that makes whisper-base loop without the guard (a digit string with a
triple "tujuh tujuh tujuh" came out as "Tuh" 107 times in 8 seconds; a word said thirty times came
out as one 120-letter token) — see bench/repetition_bench.py for the measurements.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio import run, speak
from voice.audio import decode_pcm
from voice.models import resolve_model
from voice.repetition import collapse_runs, is_repetitive, longest_run, looping_spans, tokens, trim_stutter

LOOPING_DIGITS = "sembilan satu empat satu tujuh tujuh tujuh enam tiga satu tujuh nol enam enam sembilan nol"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("Sampilan Satu Empat Satu " + "Tuh " * 107, 8.0),  # faster than anyone speaks
        ("1" + " -1" * 200, 30.0),  # the loop seen on a real host turn
        ("Lumpu" + "lu" * 60, 1.4),  # one syllable stuttered into a token
        ("nomor saya " + "4" * 40, 3.0),
        ("Terima kasih. " * 40, 120.0),  # at a plausible pace, but nobody says it 40 times
        ("도로로" + "로" * 80, 6.0),  # Whisper on Korean speech, one stuttered block
        ("berfungsi lapan hanyap " * 8, 12.0),  # a phrase looping at a speaking pace
    ],
)
def test_loops_are_recognised(text: str, seconds: float) -> None:
    assert is_repetitive(text, seconds)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("Satu, " * 25, 10.7),  # a word said 25 times at a speaking pace is speech, not a loop
        ("halo halo, halo halo, apa kabar", 3.0),  # a phrase twice is speech
        ("Nomor saya kosong delapan satu satu satu satu dua dua dua dua", 6.8),
        ("NIK saya 3201234567890123, nomor 081111111111", 5.0),
        ("Jalan di desa kami rusak sudah tiga bulan tidak diperbaiki", 4.0),
    ],
)
def test_real_speech_is_not_a_loop(text: str, seconds: float) -> None:
    assert not is_repetitive(text, seconds)


def test_without_the_duration_only_long_runs_count() -> None:
    assert is_repetitive("satu " * 16)
    assert not is_repetitive("satu satu satu satu dua")


def test_runs_are_counted_for_phrases_and_ignore_punctuation() -> None:
    assert longest_run(tokens("jalan rusak, jalan rusak. Jalan rusak!")) == 3
    assert longest_run(tokens("1 -1 -1 -1")) == 4


SPEECH = [
    ("Selamat pagi, saya mau melapor jalan di desa kami rusak.", 3.4),
    ("Sudah tiga bulan tidak diperbaiki, tolong pak.", 2.8),
    ("Lokasinya di Kecamatan Padamara.", 2.0),
]


def test_a_segment_repeated_over_several_segments_is_one_loop() -> None:
    # Whisper repeating its last phrase over a music bed: no segment loops alone.
    repeats = [("Selamat pagi pak.", 1.6)] * 6
    assert not any(is_repetitive(text, seconds) for text, seconds in repeats)
    assert looping_spans(SPEECH + repeats + SPEECH[:1]) == [(3, 9)]


def test_short_segments_repeating_faster_than_speech_are_a_loop() -> None:
    pieces = [*SPEECH[:2], *[("satu dua", 0.2)] * 4, *SPEECH[2:]]
    assert looping_spans(pieces) == [(2, 6)]


def test_a_looping_segment_alone_is_its_own_span() -> None:
    pieces = [*SPEECH[:2], ("1" + " -1" * 100, 20.0), *SPEECH[2:]]
    assert looping_spans(pieces) == [(2, 3)]


@pytest.mark.parametrize(
    "pieces",
    [
        SPEECH,
        [("Halo?", 1.0)] * 6 + SPEECH,  # a caller on a bad line says hello six times
        [("Selamat pagi pak.", 1.6)] * 4 + SPEECH,  # four times is still something people say
        [("Nomor saya kosong delapan satu satu", 3.0), ("satu satu dua dua dua dua", 3.0)],
    ],
    ids=["speech", "hello-six-times", "greeting-four-times", "number-across-segments"],
)
def test_speech_split_into_segments_is_not_a_loop(pieces: list[tuple[str, float]]) -> None:
    assert looping_spans(pieces) == []


def test_collapse_keeps_the_first_repeats_and_what_follows() -> None:
    words = ["nomor", "1", "-1", "-1", "-1", "-1", "-1", "-1", "selesai"]
    assert [words[i] for i in collapse_runs(words)] == ["nomor", "1", "-1", "-1", "selesai"]


def test_a_stuttered_token_is_cut_to_its_first_repeats() -> None:
    assert trim_stutter("도로" + "로" * 80) == "도로로로"
    assert trim_stutter("nomor" + "4" * 30) == "nomor444"
    assert trim_stutter("08123456789") == "08123456789"  # a real number is left alone


@pytest.fixture(scope="module")
def whisper(models_dir: Path):
    from voice.engines.whisper import WhisperEngine

    model = resolve_model(language="id", models_dir=models_dir, engine="whisper")
    return WhisperEngine(model.absolute_path(models_dir), language="id")


@pytest.mark.parametrize(
    ("text", "speed", "least_words"),
    [(LOOPING_DIGITS, 130, 10), (" ".join(["tolong"] * 30), 150, 3)],
    ids=["digit-string", "word-said-thirty-times"],
)
def test_whisper_never_emits_a_loop_and_repeats_itself(
    whisper, tmp_path: Path, text: str, speed: int, least_words: int
) -> None:
    clip = speak(text, tmp_path / "clip.wav", voice="id", speed=speed)
    first = whisper.transcribe_pcm(decode_pcm(clip, sample_rate=16000))
    assert first, "the speech must still be transcribed"
    for segment in first:
        assert not is_repetitive(segment.text, segment.end - segment.start + 0.4), segment.text
    assert sum(len(s.words) for s in first) >= least_words
    again = whisper.transcribe_pcm(decode_pcm(clip, sample_rate=16000))
    assert [s.text for s in again] == [s.text for s in first], "the guard must be deterministic"


def test_a_live_stream_gets_the_guard_too(whisper, tmp_path: Path) -> None:
    clip = speak(LOOPING_DIGITS, tmp_path / "clip.wav", voice="id", speed=130)
    session = whisper.stream(sample_rate=16000)
    segments = [s for pcm in decode_pcm(clip, sample_rate=16000) for s in session.accept(pcm).final]
    segments += session.finish()
    assert segments
    assert not any(is_repetitive(s.text, s.end - s.start + 0.4) for s in segments)


# Four short utterances with pauses between them, heard in one window: whisper-base (int8, on this
# machine kind) wrote the first one, "Yalan rusak pak", ten times as ten segments — three of them
# claiming no time at all — and none of the rest (found by a probe over 100 such windows, 1 hit; the
# gaps are the probe's, to the sample). No single segment is a loop. Int8 decoding may differ on another
# CPU, so this asserts what the caller depends on, not that the raw decode loops.
LOOP_OVER_PAUSES = [
    ("id+f3", 164, "Jalan rusak pak.", 23823),
    ("id+klatt", 173, "Iya pak.", 31769),
    ("id+klatt", 171, "Lanjut ke penelepon berikutnya.", 13712),
    ("id+m3", 170, "Selamat pagi pak.", 9916),
]


def test_a_phrase_written_again_as_the_next_segments_is_heard_again(whisper, tmp_path: Path) -> None:
    parts = []
    for k, (voice, speed, text, gap) in enumerate(LOOP_OVER_PAUSES):
        raw = tmp_path / f"{k}.wav"
        run("espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text)
        parts += [np.frombuffer(b"".join(decode_pcm(raw, sample_rate=16000)), "<i2"), np.zeros(gap, "<i2")]
    audio = np.concatenate(parts).astype(np.float32) / 32768
    segments = whisper.transcribe_array(audio)
    heard = " ".join(tokens(" ".join(s.text for s in segments)))
    assert looping_spans([(s.text, s.end - s.start) for s in segments]) == []
    assert "berikutnya" in heard and "pagi" in heard, heard  # the utterances after the first one
    assert [s.text for s in whisper.transcribe_array(audio)] == [s.text for s in segments]
