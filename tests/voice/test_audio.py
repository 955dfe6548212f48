"""Decoding every container through ffmpeg, in bounded chunks, and refusing bad input clearly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio import convert, run, silence
from voice.audio import decode_pcm, probe
from voice.errors import AudioDecodeError

FORMATS = {
    "wav": (),
    "mp3": ("-b:a", "128k"),
    "m4a": ("-c:a", "aac", "-b:a", "128k"),
    "ogg": ("-c:a", "libopus", "-b:a", "64k"),
    "flac": (),
    "webm": ("-c:a", "libopus", "-b:a", "64k"),
    "amr": None,  # Debian's ffmpeg has no AMR-NB encoder; sox writes it (phone recorders' format)
}


def encode(src: Path, folder: Path, ext: str) -> Path:
    """The clip in container `ext`, as a phone, a console or a browser would write it."""
    if FORMATS[ext] is None:
        out = folder / f"clip.{ext}"
        run("sox", str(src), "-r", "8000", "-t", "amr-nb", str(out))
        return out
    return convert(src, folder / f"clip.{ext}", *FORMATS[ext])


def _samples(path: Path, **kwargs) -> np.ndarray:
    return np.concatenate([np.frombuffer(c, "<i2") for c in decode_pcm(path, **kwargs)])


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_every_container_decodes_to_the_same_length(ko_speech: Path, tmp_path: Path, ext: str) -> None:
    encoded = encode(ko_speech, tmp_path, ext)
    info = probe(encoded)
    assert info.duration == pytest.approx(probe(ko_speech).duration, abs=0.1)
    samples = _samples(encoded)
    assert len(samples) / 16000 == pytest.approx(info.duration, abs=0.1)
    assert np.abs(samples).max() > 1000  # real signal, not silence


def test_chunks_are_bounded_by_the_chunk_size(ko_speech: Path) -> None:
    chunks = list(decode_pcm(ko_speech, chunk_frames=1000))
    assert all(len(c) == 2000 for c in chunks[:-1])
    assert 0 < len(chunks[-1]) <= 2000


def test_window_and_rate(ko_speech: Path) -> None:
    window = _samples(ko_speech, sample_rate=8000, start=1.0, duration=2.0)
    assert len(window) == pytest.approx(16000, abs=80)


def test_channel_selection_picks_one_side(ko_speech: Path, tmp_path: Path) -> None:
    quiet = silence(tmp_path / "quiet.wav", probe(ko_speech).duration)
    stereo = tmp_path / "stereo.wav"
    run("sox", "-M", str(ko_speech), str(quiet), str(stereo))
    assert probe(stereo).channels == 2
    assert np.abs(_samples(stereo, channel=0)).max() > 1000
    assert np.abs(_samples(stereo, channel=1)).max() < 10  # sox dithers the silent side


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioDecodeError, match="no such file"):
        probe(tmp_path / "nope.wav")


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioDecodeError, match="empty"):
        probe(empty)


def test_text_file_is_not_audio(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp3"
    text.write_text("this is not audio at all\n" * 50)
    with pytest.raises(AudioDecodeError, match=r"not a readable audio file|no audio stream"):
        probe(text)


def test_zero_length_audio(tmp_path: Path) -> None:
    header_only = tmp_path / "zero.wav"
    run("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(header_only), "trim", "0", "0")
    with pytest.raises(AudioDecodeError, match=r"zero length|no audio|not a readable"):
        probe(header_only)


def test_corrupt_audio_fails_with_ffmpeg_detail(ko_speech: Path, tmp_path: Path) -> None:
    flac = convert(ko_speech, tmp_path / "clip.flac")
    data = bytearray(flac.read_bytes())
    data[200:] = bytes(len(data) - 200)  # keep the header, zero out every frame
    flac.write_bytes(bytes(data))
    with pytest.raises(AudioDecodeError, match=r"clip\.flac"):
        probe(flac)
        list(decode_pcm(flac))


def test_truncated_audio(ko_speech: Path, tmp_path: Path) -> None:
    m4a = convert(ko_speech, tmp_path / "clip.m4a", "-c:a", "aac")
    data = m4a.read_bytes()
    m4a.write_bytes(data[: len(data) // 2])
    with pytest.raises(AudioDecodeError, match=r"clip\.m4a"):
        probe(m4a)
        list(decode_pcm(m4a))
