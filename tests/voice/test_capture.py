"""Recording from a real input device: a PulseAudio null sink whose monitor PortAudio sees as input.

There is no sound card here; the null sink is a real audio device path (PortAudio → ALSA → PulseAudio),
so what we play into it with paplay is what the recorder must capture.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import REPO
from voice.capture import CaptureError, part_path, record, recover

SINK = "suara_null"


@pytest.fixture(scope="module")
def null_sink() -> str:
    if not shutil.which("pactl"):
        pytest.fail("PulseAudio is missing: run scripts/install-system.sh")
    if subprocess.run(["pactl", "info"], capture_output=True).returncode != 0:
        subprocess.run(["pulseaudio", "--daemonize=yes", "--exit-idle-time=-1"], capture_output=True)
        for _ in range(20):
            if subprocess.run(["pactl", "info"], capture_output=True).returncode == 0:
                break
            time.sleep(0.25)
    sinks = subprocess.run(["pactl", "list", "short", "sinks"], capture_output=True, text=True).stdout
    if SINK not in sinks:
        subprocess.run(["pactl", "load-module", "module-null-sink", f"sink_name={SINK}"], check=True)
    subprocess.run(["pactl", "set-default-source", f"{SINK}.monitor"], check=True)
    return SINK


def _play_later(path: Path, delay: float = 0.4) -> threading.Thread:
    def play() -> None:
        time.sleep(delay)
        subprocess.run(["paplay", f"--device={SINK}", str(path)], check=True)

    thread = threading.Thread(target=play)
    thread.start()
    return thread


def _samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), "<i2").astype(np.float32)


def _envelope(x: np.ndarray, rate: int = 16000, step: float = 0.02) -> np.ndarray:
    hop = int(rate * step)
    frames = len(x) // hop
    return np.sqrt((x[: frames * hop].reshape(frames, hop) ** 2).mean(axis=1))


def test_recording_captures_what_was_played(null_sink: str, ko_speech: Path, tmp_path: Path) -> None:
    out = tmp_path / "call.wav"
    player = _play_later(ko_speech)
    record(out, device="pulse", seconds=9.0)
    player.join()
    got, want = _envelope(_samples(out)), _envelope(_samples(ko_speech))
    # Compare in 1 s windows: on 2 busy cores PortAudio drops a block now and then, which shifts
    # everything after it, so each window of the source must find its own strong match.
    window = 50
    scores = []
    for start in range(0, len(want) - window, window):
        piece = want[start : start + window]
        if piece.std() < 1.0:
            continue  # silence in the source matches anything
        with np.errstate(invalid="ignore", divide="ignore"):  # flat stretches of the recording
            matches = [np.corrcoef(got[lag : lag + window], piece)[0, 1] for lag in range(len(got) - window)]
        scores.append(np.nanmax(matches))
    assert len(scores) >= 4
    assert float(np.median(scores)) > 0.9, scores
    assert not part_path(out).exists()


def test_live_listener_gets_the_same_audio(null_sink: str, ko_speech: Path, tmp_path: Path) -> None:
    heard: list[bytes] = []
    out = record(tmp_path / "live.wav", device="pulse", seconds=2.0, on_audio=heard.append)
    with wave.open(str(out)) as wav:
        assert b"".join(heard) == wav.readframes(wav.getnframes())
        assert wav.getnframes() == 32000


def test_refuses_to_overwrite_and_reports_a_bad_device(null_sink: str, tmp_path: Path) -> None:
    existing = tmp_path / "old.wav"
    existing.write_bytes(b"keep me")
    with pytest.raises(CaptureError, match="already exists"):
        record(existing, seconds=1.0)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(CaptureError, match="cannot open input device"):
        record(tmp_path / "x.wav", device="no-such-device", seconds=1.0)
    assert not (tmp_path / "x.wav").exists()


def test_a_killed_recorder_leaves_a_recoverable_file(null_sink: str, ko_speech: Path, tmp_path: Path) -> None:
    out = tmp_path / "crash.wav"
    code = f"from voice.capture import record; record({str(out)!r}, device='pulse', seconds=60)"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO)
    player = _play_later(ko_speech, delay=0.2)
    time.sleep(5.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    player.join()
    assert not out.exists() and part_path(out).exists()
    final = recover(part_path(out))
    assert final == out and not part_path(out).exists()
    with wave.open(str(final)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert 1.0 < seconds < 5.0  # the start-up of the child takes part of the 5 s
    assert np.abs(_samples(final)).max() > 1000  # the speech played before the crash is there


def test_cli_record_stops_cleanly_on_ctrl_c_and_recovers_parts(null_sink: str, tmp_path: Path) -> None:
    out = tmp_path / "desk.wav"
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "record", str(out), "--device", "pulse"],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(4.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out.exists() and not part_path(out).exists()
    with wave.open(str(out)) as wav:
        assert wav.getnframes() > 16000

    broken = tmp_path / "notes.txt.part.wav"
    broken.write_text("not a wav")
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "record", "--recover", str(broken)],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1 and "not a recoverable WAV" in result.stderr
