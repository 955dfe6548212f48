"""The loop guard: what reads as a runaway repetition, and the Whisper engine never emitting one.

The engine tests use speech that makes whisper-base loop without the guard (a digit string with a
triple "tujuh tujuh tujuh" came out as "Tuh" 107 times in 8 seconds; a word said thirty times came
out as one 120-letter token) — see bench/repetition_bench.py for the measurements.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audio import speak
from voice.audio import decode_pcm
from voice.models import resolve_model
from voice.repetition import collapse_runs, is_repetitive, longest_run, tokens, trim_stutter

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
