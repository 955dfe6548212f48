"""A call is kept when the device or the disk fails mid-recording (real PulseAudio, a real tiny disk).

The device-loss test kills the PulseAudio server (what an unplugged USB phone adapter looks like to
PortAudio: the stream stops delivering) and starts it again with the null sink afterwards.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.voice.test_capture import SINK, null_sink  # noqa: F401 (fixture)
from voice.capture import CaptureError, DeviceLost, part_path, record, recover


def _restart_pulseaudio() -> None:
    subprocess.run(["pulseaudio", "--daemonize=yes", "--exit-idle-time=-1"], capture_output=True)
    for _ in range(40):
        if subprocess.run(["pactl", "info"], capture_output=True).returncode == 0:
            break
        time.sleep(0.25)
    subprocess.run(["pactl", "load-module", "module-null-sink", f"sink_name={SINK}"], capture_output=True)
    subprocess.run(["pactl", "set-default-source", f"{SINK}.monitor"], check=True)


def test_a_device_that_disappears_mid_call_keeps_the_call(null_sink: str, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "unplugged.wav"
    killer = threading.Timer(4.0, lambda: subprocess.run(["pulseaudio", "-k"], capture_output=True))
    killer.start()
    started = time.monotonic()
    try:
        with pytest.raises(DeviceLost, match="stopped delivering audio") as lost:
            record(out, device="pulse", seconds=30)
    finally:
        killer.join()
        _restart_pulseaudio()
    assert time.monotonic() - started < 15, "the loss is noticed within seconds, not at the end of the call"
    assert lost.value.path == out and out.exists() and not part_path(out).exists()
    with wave.open(str(out)) as wav:
        assert wav.getnframes() > 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 96 KB filesystem (tmpfs): room for about three seconds of 16 kHz audio."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk_stops_with_a_clear_message_and_keeps_what_was_written(
    null_sink: str,  # noqa: F811
    tiny_disk: Path,
    tmp_path: Path,
) -> None:
    out = tiny_disk / "call.wav"
    with pytest.raises(CaptureError, match="No space left on device") as full:
        record(out, device="pulse", seconds=20)
    assert "--recover" in str(full.value)
    moved = tmp_path / part_path(out).name  # the operator moves it to a disk with room, then recovers
    shutil.copyfile(part_path(out), moved)
    with wave.open(str(recover(moved))) as wav:
        assert wav.getnframes() / wav.getframerate() > 1.0  # everything up to the last flush
