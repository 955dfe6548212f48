"""Audio in: probe a file, then decode it through ffmpeg as a stream of 16-bit mono PCM chunks.

Every container a phone, a console or a laptop produces goes through one path (ffmpeg), and the
decoded audio is read in fixed chunks so memory does not grow with the recording's length.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from voice.errors import AudioDecodeError

BYTES_PER_SAMPLE = 2  # s16le
AMR_NB_MAGIC = b"#!AMR\n"
ESTIMATED_DURATION_FORMATS = {"amr"}  # ffprobe guesses these from the bit rate; we count
SHORTFALL_RATIO = 0.9  # decoding less than this share of the probed length is damage
MIN_SALVAGE_SECONDS = 1.0  # less than this rescued from a damaged file is nothing worth hearing
_DECODER_ADDRESS = re.compile(r"\[(\w+) @ 0x[0-9a-f]+\]")  # "[mp3float @ 0x55…]" → "[mp3float]"


@dataclass(frozen=True, slots=True)
class AudioInfo:
    """What ffprobe says of a file's first audio stream."""

    path: Path
    duration: float
    channels: int
    sample_rate: int
    codec: str
    format_name: str


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise AudioDecodeError(f"{name} is not installed; run scripts/install-system.sh")
    return found


def _last_line(stderr: bytes | str) -> str:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no detail from ffmpeg"


def probe(path: str | Path) -> AudioInfo:
    """Read duration, channels, rate and codec; raise AudioDecodeError for anything not playable audio."""
    path = Path(path)
    if not path.exists():
        raise AudioDecodeError(f"{path}: no such file")
    if not path.is_file():
        raise AudioDecodeError(f"{path}: not a regular file")
    if path.stat().st_size == 0:
        raise AudioDecodeError(f"{path}: file is empty (0 bytes)")
    cmd = [
        _tool("ffprobe"), "-v", "error", "-print_format", "json",
        "-show_format", "-show_streams", "-select_streams", "a", str(path),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
    if proc.returncode != 0:
        raise AudioDecodeError(f"{path}: not a readable audio file ({_last_line(proc.stderr)})")
    data = json.loads(proc.stdout or b"{}")
    streams = data.get("streams") or []
    if not streams:
        raise AudioDecodeError(f"{path}: contains no audio stream")
    stream, fmt = streams[0], data.get("format", {})
    duration = _duration(stream, fmt)
    if duration is None or fmt.get("format_name") in ESTIMATED_DURATION_FORMATS:
        duration = _measure_duration(path)
    if duration <= 0:
        raise AudioDecodeError(f"{path}: audio has zero length")
    return AudioInfo(
        path=path,
        duration=duration,
        channels=int(stream.get("channels") or 1),
        sample_rate=int(stream.get("sample_rate") or 0),
        codec=str(stream.get("codec_name", "unknown")),
        format_name=str(fmt.get("format_name", "unknown")),
    )


def _duration(stream: dict, fmt: dict) -> float | None:
    for value in (stream.get("duration"), fmt.get("duration")):
        try:
            if value is not None and value != "N/A":
                return float(value)
        except ValueError:
            continue
    return None


def _is_amr_nb(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(6) == AMR_NB_MAGIC


def _measure_duration(path: Path) -> float:
    """Some containers carry no duration (browser webm) or only a guess (AMR): decode once and count."""
    if _is_amr_nb(path):
        proc = subprocess.run([_tool("soxi"), "-D", str(path)], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise AudioDecodeError(f"{path}: cannot decode AMR ({_last_line(proc.stderr)})")
        return float(proc.stdout.strip() or 0)
    proc = subprocess.run(
        [_tool("ffmpeg"), "-v", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        timeout=600,
        check=False,
        text=True,
    )
    if proc.returncode != 0:
        raise AudioDecodeError(f"{path}: cannot decode ({_last_line(proc.stderr)})")
    proc = subprocess.run(
        [_tool("ffmpeg"), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
        capture_output=True,
        timeout=600,
        check=False,
    )
    return len(proc.stdout) / (8000 * BYTES_PER_SAMPLE)


def decode_pcm(
    path: str | Path,
    *,
    sample_rate: int = 16000,
    channel: int | None = None,
    chunk_frames: int = 4000,
    start: float = 0.0,
    duration: float | None = None,
    expect_seconds: float | None = None,
) -> Iterator[bytes]:
    """Yield s16le mono chunks of `chunk_frames` frames (the last may be shorter).

    Args:
        path: any audio file ffmpeg can read.
        sample_rate: output rate, usually the model's.
        channel: pick one source channel (0-based) instead of the mix.
        chunk_frames: frames per chunk; memory use is bounded by this, not by the file.
        start, duration: decode only a window, in seconds.
        expect_seconds: the probed length; decoding much less means the file is damaged.

    Raises:
        AudioDecodeError: with ffmpeg's own last words when the file is truncated or corrupt.
    """
    if sample_rate <= 0 or chunk_frames <= 0:
        raise ValueError("sample_rate and chunk_frames must be positive")
    cmd = [_tool("ffmpeg"), "-v", "error", "-xerror"]
    seek = ["-ss", f"{start:.3f}"] if start > 0 else []
    feeder = None
    if _is_amr_nb(Path(path)):
        # ffmpeg's native AMR-NB decoder drops DTX comfort-noise frames, which shifts every later
        # timestamp; sox (opencore) decodes them, so it feeds ffmpeg a WAV stream instead. A pipe
        # cannot be seeked: the window is cut after decoding (-ss after -i), else nothing comes out.
        feeder = subprocess.Popen(
            [_tool("sox"), "-t", "amr-nb", str(path), "-t", "wav", "-"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        cmd += ["-i", "pipe:0", *seek]
    else:
        cmd += [*seek, "-i", str(path)]
    if duration is not None:
        cmd += ["-t", f"{duration:.3f}"]
    cmd += ["-map", "0:a:0"]
    if channel is not None:
        cmd += ["-af", f"pan=mono|c0=c{int(channel)}"]
    else:
        cmd += ["-ac", "1"]
    cmd += ["-ar", str(sample_rate), "-f", "s16le", "-acodec", "pcm_s16le", "-"]
    chunk_bytes = chunk_frames * BYTES_PER_SAMPLE
    proc = subprocess.Popen(
        cmd,
        stdin=feeder.stdout if feeder else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if feeder is not None and feeder.stdout is not None:
        feeder.stdout.close()  # ffmpeg owns the pipe now
    assert proc.stdout is not None and proc.stderr is not None
    decoded = 0
    try:
        while True:
            data = proc.stdout.read(chunk_bytes)
            if not data:
                break
            decoded += len(data)
            yield data
        stderr = proc.stderr.read()
        if proc.wait() != 0:
            raise AudioDecodeError(f"{path}: decoding failed ({_last_line(stderr)})")
        seconds = decoded / (BYTES_PER_SAMPLE * sample_rate)
        if decoded == 0 and (duration is None or duration > 0):
            raise AudioDecodeError(f"{path}: no decodable audio in the file (damaged?)")
        if expect_seconds and seconds < SHORTFALL_RATIO * expect_seconds - 0.5:
            raise AudioDecodeError(
                f"{path}: only {seconds:.1f} s of {expect_seconds:.1f} s could be decoded; "
                "the file is truncated or corrupt"
            )
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        if feeder is not None:
            if feeder.poll() is None:
                feeder.kill()
            feeder.wait()


@dataclass(frozen=True, slots=True)
class Salvage:
    """What `salvage` rescued from a damaged file: a clean WAV and an account of the damage."""

    path: Path  # the rescued audio: PCM WAV at the source's rate and channels
    seconds: float  # length of the rescued audio
    expected: float | None  # the length the file claims, when it says one
    problems: tuple[str, ...]  # the decoder's complaints, without the file's path

    def describe(self) -> str:
        """One line for people: how much was rescued and what the decoder found wrong."""
        of = f" of {self.expected:.1f} s" if self.expected else ""
        why = f" ({'; '.join(self.problems[:3])})" if self.problems else ""
        return f"damaged audio: {self.seconds:.1f} s{of} could be decoded{why}"


def _is_wav(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(12)
    return head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE"


def salvage(path: str | Path, out: str | Path, *, min_seconds: float = MIN_SALVAGE_SECONDS) -> Salvage:
    """Decode every readable stretch of a damaged file into a clean WAV at `out`, skipping the rest.

    `decode_pcm` refuses a truncated or corrupt file outright, which is right for a first attempt;
    this is the deliberate second one. ffmpeg drops corrupt packets and carries on past decoding errors,
    and a WAV's data size is ignored, so a file cut short keeps every sample it still holds.
    The result says how much was rescued and why, so a caller can flag the audio as damaged.

    Raises:
        AudioDecodeError: when less than `min_seconds` of audio could be decoded (nothing to hear).
    """
    path, out = Path(path), Path(out)
    if not path.is_file() or path.stat().st_size == 0:
        raise AudioDecodeError(f"{path}: no such file, or it is empty")
    try:
        expected: float | None = probe(path).duration
    except AudioDecodeError:
        expected = None  # the header itself is damaged; decode what follows it anyway
    if _is_wav(path):  # ffprobe counts what is there; the header says what was meant to be
        expected = max(expected or 0.0, _wav_claimed_seconds(path)) or None
    cmd = [_tool("ffmpeg"), "-nostdin", "-y", "-v", "error", "-err_detect", "ignore_err"]
    if _is_wav(path):
        cmd += ["-ignore_length", "1"]  # plain samples: a packet cut short still holds good ones
    else:
        cmd += ["-fflags", "+discardcorrupt+genpts"]
    cmd += ["-i", str(path), "-map", "0:a:0", "-c:a", "pcm_s16le", "-f", "wav", str(out)]
    proc = subprocess.run(cmd, capture_output=True, timeout=3600, check=False)
    problems = _problems(proc.stderr, path)
    seconds = _wav_seconds(out)
    if seconds < min_seconds:
        out.unlink(missing_ok=True)
        of = f" of {expected:.2f} s" if expected else ""
        why = f" ({problems[0]})" if problems else ""
        raise AudioDecodeError(
            f"{path}: only {seconds:.2f} s{of} could be decoded, too little to hear; "
            f"the file is truncated or corrupt{why}"
        )
    return Salvage(path=out, seconds=round(seconds, 3), expected=expected, problems=problems)


def _wav_claimed_seconds(path: Path) -> float:
    """The length a WAV header claims (its data size over its byte rate); 0 when it does not say."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    pos, byte_rate = 12, 0
    while pos + 8 <= len(head):
        chunk, size = head[pos : pos + 4], int.from_bytes(head[pos + 4 : pos + 8], "little")
        if chunk == b"fmt " and pos + 20 <= len(head):
            byte_rate = int.from_bytes(head[pos + 16 : pos + 20], "little")
        if chunk == b"data":
            unknown = size in (0, 0xFFFFFFFF)  # streamed WAVs leave it unset
            return size / byte_rate if byte_rate and not unknown else 0.0
        pos += 8 + size + (size & 1)
    return 0.0


def _wav_seconds(path: Path) -> float:
    try:
        with wave.open(str(path)) as wav:
            return wav.getnframes() / float(wav.getframerate() or 1)
    except (OSError, EOFError, wave.Error):
        return 0.0


def _problems(stderr: bytes, path: Path) -> tuple[str, ...]:
    """ffmpeg's distinct complaints, first seen first, with the file's path and decoder addresses removed."""
    found: list[str] = []
    for raw in stderr.decode("utf-8", "replace").splitlines():
        line = _DECODER_ADDRESS.sub(r"[\1]", raw.replace(str(path), path.name)).strip()
        if line and line not in found:
            found.append(line)
    return tuple(found[:5])


def pcm_to_float(chunk: bytes):  # -> numpy.ndarray
    """s16le bytes to float32 samples in [-1, 1] (for VAD and band analysis)."""
    import numpy as np

    return np.frombuffer(chunk, dtype="<i2").astype(np.float32) / 32768.0
