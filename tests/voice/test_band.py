"""Phone or studio by physics: real codecs (sox, ffmpeg) on generated speech, measured on the file.

A call through an 8 kHz line has nothing above 4 kHz whatever filter came before; a wideband call
(G.722 here, as AMR-WB) nothing above 7 kHz; a studio voice has both, also after mp3 at 64 kbps.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio import convert, run
from voice.talkshow import WIDE_BELOW_DB, WIDE_SILENT_BEYOND_DB, BandProfile, band_turns, measure_band
from voice.types import Segment

RATE = 22050
TEXT = "Selamat pagi, saya mau melaporkan jalan rusak di desa kami. Sudah tiga bulan tidak diperbaiki."


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Indonesian speech with pauses around it, a desk's hiss under all, at a broadcast rate."""
    folder = tmp_path_factory.mktemp("band")
    raw = folder / "raw.wav"
    run("espeak-ng", "-v", "id+m3", "-w", str(raw), TEXT)
    out = folder / "studio.wav"
    run("sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out), "pad", "1", "1", "reverb", "20")
    return out


def _hiss(src: Path, out: Path) -> Path:
    noise = out.with_suffix(".noise.wav")
    seconds = f"{_seconds(src):.3f}"
    run(
        "sox",
        "-n",
        "-r",
        str(RATE),
        "-c",
        "1",
        "-b",
        "16",
        str(noise),
        "synth",
        seconds,
        "whitenoise",
        "vol",
        "0.001",
    )
    run("sox", "-m", str(src), str(noise), "-b", "16", str(out))
    return out


def _mp3(src: Path, kbps: int) -> Path:
    """The show as a station archives it: mp3 at `kbps`, beside its source."""
    return convert(src, src.with_suffix(f".{kbps}.mp3"), "-c:a", "libmp3lame", "-b:a", f"{kbps}k")


def _seconds(path: Path) -> float:
    import subprocess

    return float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout)


def _line(src: Path, folder: Path, codec: str) -> Path:
    """Through one telephone codec and back up to the show's rate, then the desk's hiss on top."""
    back = folder / f"{codec}.back.wav"
    if codec == "g722":
        wide, coded = folder / "wide.wav", folder / "line.g722"
        run("sox", str(src), "-r", "16000", str(wide), "sinc", "50-7000")
        run("ffmpeg", "-v", "error", "-y", "-i", str(wide), "-c:a", "g722", "-ar", "16000", str(coded))
        run("ffmpeg", "-v", "error", "-y", "-i", str(coded), "-ar", str(RATE), str(back))
    else:
        narrow = folder / "narrow.wav"  # a gentle filter first: 3.4-4 kHz keeps some energy
        run("sox", str(src), "-r", "8000", "-b", "16", str(narrow), "highpass", "300", "lowpass", "3400")
        coded = folder / {"mulaw": "line.ul.wav", "gsm": "line.gsm", "amrnb": "line.amr-nb"}[codec]
        extra = {"mulaw": ("-e", "u-law", "-b", "8"), "gsm": (), "amrnb": ("-C", "7")}[codec]
        run("sox", str(narrow), *extra, str(coded))
        run("sox", str(coded), "-r", str(RATE), "-b", "16", "-e", "signed-integer", str(back))
    return _hiss(back, folder / f"{codec}.wav")


@pytest.mark.parametrize(
    ("codec", "line"), [("mulaw", "narrow"), ("gsm", "narrow"), ("amrnb", "narrow"), ("g722", "wide")]
)
def test_a_call_is_phone_band_whatever_its_codec(studio: Path, tmp_path: Path, codec: str, line: str) -> None:
    call = _line(studio, tmp_path, codec)
    profile = measure_band(call)
    seconds = _seconds(call)
    assert profile.line(0.0, seconds) == line
    assert profile.band(0.0, seconds) == "phone"


@pytest.mark.parametrize("kbps", [64, 128])
def test_the_studio_stays_studio_through_mp3(studio: Path, tmp_path: Path, kbps: int) -> None:
    hissed = _hiss(studio, tmp_path / "desk.wav")
    profile = measure_band(_mp3(hissed, kbps))
    assert profile.line(0.0, _seconds(hissed)) == "studio"


@pytest.mark.parametrize("kbps", [64, 128])
def test_a_dull_studio_voice_is_not_taken_for_a_wideband_call(
    studio: Path, tmp_path: Path, kbps: int
) -> None:
    """A bright presence and a steep fall above 7 kHz looks like a 16 kHz line's wall by the slope alone;
    but the studio microphone still carries sound above 8 kHz, where a 16 kHz line has none."""
    dull = tmp_path / "dull.wav"
    bright_then_dull = ("equalizer", "5500", "1q", "+18", "treble", "-16", "7500")
    run("sox", str(studio), "-b", "16", str(dull), "vol", "0.3", *bright_then_dull)
    profile, seconds = measure_band(_mp3(_hiss(dull, tmp_path / "desk.wav"), kbps)), _seconds(dull)
    assert profile.wide_db(0.0, seconds) < WIDE_BELOW_DB  # the slope alone says "wideband call"
    assert profile.beyond_db(0.0, seconds) > WIDE_SILENT_BEYOND_DB + 3
    assert profile.line(0.0, seconds) == "studio"


def test_a_wideband_call_is_silent_above_8_khz(studio: Path, tmp_path: Path) -> None:
    call = _line(studio, tmp_path, "g722")
    profile, seconds = measure_band(call), _seconds(call)
    assert profile.beyond_db(0.0, seconds) < WIDE_SILENT_BEYOND_DB - 5  # the desk hiss alone


def test_a_short_utterance_takes_the_band_of_its_turn() -> None:
    """A 0.4 s "iya" has too few frames to trust: it joins the turn next to it, a long one keeps its own."""
    frames = 100  # 10 s at 0.1 s a frame
    low = np.ones(frames, dtype=np.float32)
    high = np.zeros(frames, dtype=np.float32)
    high[45:50] = 1.0  # a burst above 4 kHz (a click, a studio breath) inside the short utterance
    high[70:] = 1.0  # and a studio voice later
    profile = BandProfile(rate=22050, low=low, high=high, top=high.copy(), measurable=True)
    segments = [Segment(0.5, 4.2, "halo"), Segment(4.5, 4.9, "iya"), Segment(7.0, 9.5, "baik")]
    assert profile.band(4.5, 4.9) == "studio"  # alone it would look like the studio
    assert [s.band for s in band_turns(segments, profile)] == ["phone", "phone", "studio"]
