"""Record from a sound input (a phone adapter, a headset) into a WAV that survives a crash.

Samples are written as they arrive to `<name>.part.wav` through the `wave` module, which rewrites
the header after every write, and are flushed to disk every second: if the process dies, the part
file is a valid WAV up to the last second, and `recover` turns it into the final file. A live
listener (`on_audio`) receives the same PCM, so a call can be transcribed while it is recorded.
"""

from __future__ import annotations

import os
import queue
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from voice.errors import VoiceError

PART_SUFFIX = ".part.wav"
FLUSH_SECONDS = 1.0
DEVICE_SILENT_SECONDS = 3.0  # no block from the device for this long: it is gone (unplugged, server died)


class CaptureError(VoiceError):
    """The input device is missing, busy, or refused the requested format."""


class DeviceLost(CaptureError):
    """The device stopped delivering audio mid-call; what came before is saved at `path`."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True, slots=True)
class InputDevice:
    index: int
    name: str
    channels: int
    default_rate: float


def list_input_devices() -> list[InputDevice]:
    """Input devices PortAudio sees (on a server without a sound card: PulseAudio's null-sink monitor)."""
    import sounddevice as sd

    return [
        InputDevice(i, d["name"], int(d["max_input_channels"]), float(d["default_samplerate"]))
        for i, d in enumerate(sd.query_devices())
        if d["max_input_channels"] > 0
    ]


def part_path(path: Path) -> Path:
    return path.with_name(path.name + PART_SUFFIX)


def record(
    path: str | Path,
    *,
    device: int | str | None = None,
    sample_rate: int = 16000,
    channels: int = 1,
    seconds: float | None = None,
    stop: threading.Event | None = None,
    on_audio: Callable[[bytes], None] | None = None,
    block_frames: int = 1600,
) -> Path:
    """Record until `seconds` have been captured or `stop` is set; return the finished WAV path.

    Args:
        path: the final .wav; while recording, audio goes to `<path>.part.wav`.
        device: PortAudio device index or name substring (default input when None).
        on_audio: called from the writer thread with each block of s16le PCM (interleaved).

    Raises:
        CaptureError: the device cannot be opened with this rate and channel count, or the disk refused a
            write (the part file keeps everything up to the last flush).
        DeviceLost: the device went silent mid-call (unplugged); the audio before is saved at `.path`.
    """
    import sounddevice as sd

    path = Path(path)
    if path.exists():
        raise CaptureError(f"{path} already exists; refusing to overwrite a recording")
    if seconds is None and stop is None:
        raise ValueError("give seconds, a stop event, or both")
    path.parent.mkdir(parents=True, exist_ok=True)
    blocks: queue.Queue[bytes | None] = queue.Queue()
    wanted = int(seconds * sample_rate) if seconds is not None else None
    captured = 0
    finished = threading.Event()

    def callback(indata, frames, _time, _status) -> None:  # runs on PortAudio's thread
        nonlocal captured
        if finished.is_set():
            return
        data = bytes(indata)
        if wanted is not None and captured + frames >= wanted:
            data = data[: (wanted - captured) * 2 * channels]
            finished.set()
        captured += frames
        blocks.put(data)

    part = part_path(path)
    try:
        stream = sd.RawInputStream(
            samplerate=sample_rate,
            channels=channels,
            dtype="int16",
            device=device,
            blocksize=block_frames,
            callback=callback,
        )
    except (sd.PortAudioError, ValueError) as exc:
        raise CaptureError(f"cannot open input device {device!r} at {sample_rate} Hz: {exc}") from exc
    lost = False
    try:
        with part.open("wb") as fh, wave.open(fh, "wb") as wav:
            wav.setnchannels(channels)
            wav.setsampwidth(2)
            wav.setframerate(sample_rate)
            last_flush = last_block = time.monotonic()
            with stream:
                while not finished.is_set() and not (stop is not None and stop.is_set()):
                    try:
                        data = blocks.get(timeout=0.1)
                    except queue.Empty:
                        lost = time.monotonic() - last_block > DEVICE_SILENT_SECONDS
                        if lost:
                            break
                        continue
                    last_block = time.monotonic()
                    last_flush = _write(fh, wav, data, on_audio, last_flush)
            finished.set()
            while not blocks.empty():
                _write(fh, wav, blocks.get_nowait(), on_audio, last_flush)
    except OSError as exc:  # a full disk, a removed drive: the part file keeps what was flushed
        finished.set()
        raise CaptureError(
            f"cannot write {part.name}: {exc.strerror or exc}; the call up to the last second is kept in "
            f"{part} (finish it with `suara record --recover`)"
        ) from exc
    os.replace(part, path)
    if lost:
        seconds = captured / sample_rate
        raise DeviceLost(
            f"input device {device!r} stopped delivering audio after {seconds:.1f} s; "
            f"the call so far is saved in {path}",
            path,
        )
    return path


def _write(
    fh: BinaryIO, wav: wave.Wave_write, data: bytes, on_audio: Callable[[bytes], None] | None, last: float
) -> float:
    wav.writeframes(data)  # also rewrites the header's sizes
    if on_audio:
        on_audio(data)
    now = time.monotonic()
    if now - last >= FLUSH_SECONDS:  # the part file is playable up to here even if we die now
        fh.flush()
        os.fsync(fh.fileno())
        return now
    return last


def recover(part: str | Path) -> Path:
    """Finish a recording left behind by a crash: keep every whole frame, fix the header, rename."""
    part = Path(part)
    if not part.name.endswith(PART_SUFFIX):
        raise CaptureError(f"{part} is not a part file (*{PART_SUFFIX})")
    final = part.with_name(part.name.removesuffix(PART_SUFFIX))
    try:
        with wave.open(str(part), "rb") as src:
            params = src.getparams()
            header_frames = src.getnframes()
    except (wave.Error, EOFError) as exc:
        raise CaptureError(f"{part}: not a recoverable WAV ({exc})") from exc
    frame_bytes = params.sampwidth * params.nchannels
    on_disk = (part.stat().st_size - 44) // frame_bytes  # samples written after the last header update
    tmp = final.with_name(final.name + ".tmp")
    with wave.open(str(part), "rb") as src, wave.open(str(tmp), "wb") as dst:
        dst.setparams(params)
        src.setpos(0)
        dst.writeframes(src.readframes(header_frames))
        with part.open("rb") as raw:
            raw.seek(44 + header_frames * frame_bytes)
            dst.writeframes(raw.read((on_disk - header_frames) * frame_bytes))
    os.replace(tmp, final)
    part.unlink()
    return final
