"""Decoding every container through ffmpeg, in bounded chunks, and refusing bad input clearly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio import convert, run, silence
from voice.audio import decode_pcm, probe, salvage
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


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_a_window_comes_from_every_container(ko_speech: Path, tmp_path: Path, ext: str) -> None:
    """A window (the number pass, a caller's clip) decodes from every container; AMR-NB arrives through
    a pipe, which cannot be seeked, and once gave no audio at all."""
    encoded = encode(ko_speech, tmp_path, ext)
    window = _samples(encoded, start=1.0, duration=1.5)
    assert len(window) == pytest.approx(24000, abs=400)
    assert np.abs(window).max() > 1000  # speech, not silence (where it lies: tests/voice/test_clips.py)


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


def _corrupt_middle(path: Path, seed: int) -> Path:
    """Overwrite a fifth of the file, from a third of the way in, with seeded random bytes."""
    import random

    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    start, length = len(data) // 3, len(data) // 5
    data[start : start + length] = bytes(rng.randrange(256) for _ in range(length))
    path.write_bytes(bytes(data))
    return path


def test_a_wav_missing_its_end_is_refused_strictly_and_salvaged_whole(
    ko_speech: Path, tmp_path: Path
) -> None:
    whole = len(_samples(ko_speech)) / 16000
    cut = tmp_path / "cut.wav"
    cut.write_bytes(ko_speech.read_bytes()[:-6000])  # the last 3,000 samples and the header still says 6+ s
    with pytest.raises(AudioDecodeError, match=r"cut\.wav"):
        list(decode_pcm(cut, expect_seconds=probe(cut).duration))
    rescued = salvage(cut, tmp_path / "rescued.wav")
    assert rescued.expected == pytest.approx(whole, abs=0.01)  # what the header promised
    assert rescued.seconds == pytest.approx(whole - 3000 / 16000, abs=0.01)  # every sample still there
    assert np.abs(_samples(rescued.path)).max() > 1000
    assert f"of {whole:.1f} s" in rescued.describe()


@pytest.mark.parametrize("seed", [3, 11])
def test_an_mp3_with_a_corrupt_middle_keeps_what_is_readable(
    ko_speech: Path, tmp_path: Path, seed: int
) -> None:
    mp3 = _corrupt_middle(convert(ko_speech, tmp_path / "clip.mp3", "-b:a", "64k"), seed)
    strict = 0
    with pytest.raises(AudioDecodeError, match=r"clip\.mp3"):
        for chunk in decode_pcm(mp3, expect_seconds=probe(mp3).duration):
            strict += len(chunk) // 2
    rescued = salvage(mp3, tmp_path / "rescued.wav")
    assert rescued.seconds > strict / 16000 + 0.5, "tolerant decoding goes past the bad stretch"
    assert rescued.seconds < probe(ko_speech).duration
    assert rescued.problems and all(str(tmp_path) not in p for p in rescued.problems)
    tail = _samples(rescued.path, start=rescued.seconds - 2.0)
    assert np.abs(tail).max() > 1000, "speech after the bad stretch is there"


@pytest.mark.parametrize("ext", ["wav", "mp3"])
def test_a_2kb_stub_has_nothing_to_salvage(ko_speech: Path, tmp_path: Path, ext: str) -> None:
    source = convert(ko_speech, tmp_path / f"full.{ext}", *(("-b:a", "64k") if ext == "mp3" else ()))
    stub = tmp_path / f"stub.{ext}"
    stub.write_bytes(source.read_bytes()[:2048])
    with pytest.raises(AudioDecodeError, match=r"stub\.\w+: only 0\.\d\d s .*too little to hear"):
        salvage(stub, tmp_path / "rescued.wav")
    assert not (tmp_path / "rescued.wav").exists()


def test_salvaging_an_intact_file_loses_nothing(ko_speech: Path, tmp_path: Path) -> None:
    rescued = salvage(ko_speech, tmp_path / "rescued.wav")
    assert rescued.problems == ()
    assert np.array_equal(_samples(rescued.path), _samples(ko_speech))
