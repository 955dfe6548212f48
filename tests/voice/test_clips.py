"""A caller's clip is cut where the transcript says, in a format a browser plays, and nothing else of the
recording comes with it. Audio is made at test time with sox: a tone per stretch, so the clip's pitch
says which stretch it holds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio import run
from voice import CLIP_FORMATS, AudioDecodeError, cut_clip, decode_pcm, probe

RATE = 16000


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six seconds: 440 Hz for two, silence for two, 1000 Hz for two (as a 'host', a pause, a 'caller')."""
    folder = tmp_path_factory.mktemp("clips")
    parts = []
    for i, (kind, freq) in enumerate([("sine", "440"), (None, None), ("sine", "1000")]):
        part = folder / f"part{i}.wav"
        synth = ["synth", "2", kind, freq] if kind else ["trim", "0", "2"]
        run("sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(part), *synth, "vol", "0.5")
        parts.append(str(part))
    out = folder / "show.wav"
    run("sox", *parts, str(out))
    return out


def _decoded(data: bytes, fmt: str, tmp_path: Path) -> np.ndarray:
    path = tmp_path / f"clip.{fmt}"
    path.write_bytes(data)
    pcm = b"".join(decode_pcm(path, sample_rate=RATE))
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def _pitch(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[int(np.argmax(spectrum))])


@pytest.mark.parametrize("fmt", sorted(CLIP_FORMATS))
def test_a_clip_holds_its_stretch_and_plays_in_each_format(show: Path, fmt: str, tmp_path: Path) -> None:
    data = cut_clip(show, 4.2, 5.8, fmt=fmt)
    samples = _decoded(data, fmt, tmp_path)
    assert abs(len(samples) / RATE - (1.6 + 2 * 0.25)) < 0.1  # the stretch and a breath either side
    assert abs(_pitch(samples) - 1000) < 15  # the caller's tone, not the host's
    assert probe(tmp_path / f"clip.{fmt}").duration is not None


def test_the_neighbouring_stretches_stay_out(show: Path, tmp_path: Path) -> None:
    samples = _decoded(cut_clip(show, 0.5, 1.5, fmt="wav"), "wav", tmp_path)
    assert abs(_pitch(samples) - 440) < 10
    spectrum = np.abs(np.fft.rfft(samples))
    freqs = np.fft.rfftfreq(len(samples), 1 / RATE)
    caller = spectrum[(freqs > 950) & (freqs < 1050)].max()
    assert caller < 0.01 * spectrum.max()  # nothing of the 1000 Hz stretch leaks in


def test_a_clip_at_the_start_or_end_of_the_file_is_padded_only_inside_it(show: Path, tmp_path: Path) -> None:
    first = _decoded(cut_clip(show, 0.0, 1.0, fmt="wav"), "wav", tmp_path)
    assert abs(len(first) / RATE - 1.25) < 0.05
    last = _decoded(cut_clip(show, 5.0, 6.0, fmt="wav"), "wav", tmp_path)
    assert abs(len(last) / RATE - 1.25) < 0.05


def test_an_amr_phone_recording_is_cut_on_the_transcripts_clock(show: Path, tmp_path: Path) -> None:
    """AMR-NB goes through sox like every other decode here, so the clip is where the words were."""
    amr = tmp_path / "call.amr"
    run("sox", str(show), "-r", "8000", "-t", "amr-nb", str(amr))
    samples = _decoded(cut_clip(amr, 4.2, 5.8, fmt="wav"), "wav", tmp_path)
    assert abs(_pitch(samples) - 1000) < 20
    assert abs(len(samples) / RATE - 2.1) < 0.15


@pytest.mark.parametrize(
    ("start", "end", "fmt", "message"),
    [
        (2.0, 1.0, "mp3", "before the end"),
        (-1.0, 1.0, "mp3", "at least 0"),
        (1.0, 1.0, "mp3", "before the end"),
        (0.0, 3600.0, "mp3", "at most 1800 s"),
        (0.0, 1.0, "flac", "one of mp3, ogg, wav"),
    ],
)
def test_a_bad_span_or_format_is_refused_with_its_reason(
    show: Path, start: float, end: float, fmt: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        cut_clip(show, start, end, fmt=fmt)


def test_a_span_past_the_end_of_the_file_is_a_decode_error(show: Path) -> None:
    with pytest.raises(AudioDecodeError):
        cut_clip(show, 10.0, 12.0, fmt="wav")
