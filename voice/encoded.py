"""The first pass's Whisper encoder output, kept where a number may be spoken, for the number pass.

The first pass encodes every 30 s window of speech; the number pass (voice.numbers) used to encode each
number stretch again. Inside `keeping_encoder_output()`, the Whisper engine hands every window it encodes
to the keeper, with where its frames lie in the recording (20 ms a frame, Silero's removed silences
accounted for); when a decode is done, the keeper keeps only the frames of the stretches `spans` finds in
its words (memory grows with the numbers said, not with the recording) and drops the windows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np

from voice.types import Segment, Word

SAMPLE_RATE = 16000
FRAME_SECONDS = 0.02  # one encoder frame (two 10 ms mel frames)
WINDOW_FRAMES = 1500  # a 30 s window
# Frames kept on each side of a stretch found in a decode's words: the number pass finds its stretches
# again over the whole channel, and a stretch found there may reach a little further.
MARGIN_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class _Piece:
    """Frames `first`.. of a window hold the recording's seconds `start`..`end` without a gap; before
    `start` back to `before`, and after `end` up to `after`, Silero heard no speech (where the window
    itself ends, `before`/`after` is the piece's own edge)."""

    start: float
    end: float
    first: int
    before: float
    after: float


@dataclass(frozen=True, slots=True)
class _Window:
    frames: np.ndarray  # (frames, width) float32: one encoder output
    pieces: tuple[_Piece, ...]
    channel: int | None


@dataclass(frozen=True, slots=True)
class KeptFrames:
    """Encoder frames of the recording's seconds `start`..`end` on one channel, 20 ms apart, no gap;
    silence (never encoded) from `before` to `start` and from `end` to `after`."""

    channel: int | None
    start: float
    end: float
    before: float
    after: float
    frames: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.frames.nbytes


Spans = Callable[[Sequence[Word], float], Sequence[tuple[float, float]]]
_SLACK = FRAME_SECONDS  # times are rounded to the millisecond and frames to 20 ms


class EncoderKeeper:
    """Windows of the decodes going on, and the frames kept of every decode so far (thread-safe)."""

    def __init__(self, spans: Spans) -> None:
        self._spans = spans
        self._lock = threading.Lock()
        self._windows: dict[int, list[_Window]] = {}  # by thread: the decode going on there
        self.kept: list[KeptFrames] = []
        self.seconds = 0.0  # wall seconds spent keeping (what keeping adds to the first pass)

    def window(
        self,
        encoded: object,
        *,
        seek: int,
        chunks: Sequence[dict],
        offset: float,
        duration: float,
        channel: int | None,
    ) -> None:
        """One window's encoder output: `seek` its first mel frame (10 ms) in the speech Silero kept
        (`chunks`, in samples of the `duration` seconds decoded from `offset` seconds of the recording)."""
        t0 = time.perf_counter()
        frames = np.array(encoded)[0]  # a copy: CTranslate2 may reuse the memory
        begin = seek / 100.0
        end = begin + len(frames) * FRAME_SECONDS
        pieces = []
        at = 0.0  # seconds of speech before this chunk
        for i, chunk in enumerate(chunks):
            length = (chunk["end"] - chunk["start"]) / SAMPLE_RATE
            lo, hi = max(at, begin), min(at + length, end)
            if lo < hi:
                start = offset + chunk["start"] / SAMPLE_RATE + (lo - at)
                stop = start + hi - lo
                previous = offset + (chunks[i - 1]["end"] / SAMPLE_RATE if i else 0.0)
                last = i + 1 == len(chunks)
                following = offset + (duration if last else chunks[i + 1]["start"] / SAMPLE_RATE)
                before = previous if lo == at else start
                after = following if hi == at + length else stop
                pieces.append(_Piece(start, stop, round((lo - begin) / FRAME_SECONDS), before, after))
            at += length
        if pieces:
            window = _Window(frames, tuple(pieces), channel)
            with self._lock:
                self._windows.setdefault(threading.get_ident(), []).append(window)
        self.seconds += time.perf_counter() - t0

    def settle(self, segments: Sequence[Segment], duration: float) -> None:
        """A decode is done: keep the frames of its number stretches (found in its words, with
        MARGIN_SECONDS on each side) from the window that holds each in one piece, and drop its windows."""
        t0 = time.perf_counter()
        with self._lock:
            windows = self._windows.pop(threading.get_ident(), [])
        words = [w for s in segments for w in s.words]
        for start, end in self._spans(words, duration) if windows and words else ():
            found = _frames(windows, start, end)
            if found is not None:
                with self._lock:
                    self.kept.append(found)
        self.seconds += time.perf_counter() - t0

    def frames(self, channel: int | None, start: float, end: float) -> tuple[np.ndarray, float, float] | None:
        """The kept frames of seconds `start`..`end` of a channel with its silent edges cut off, and the
        start and length in seconds of what they hold; None when they were not kept."""
        with self._lock:
            kept = [k for k in self.kept if k.channel == channel]
        for k in kept:
            if k.before - _SLACK <= start and end <= k.after + _SLACK:
                a = max(0, round((max(start, k.start) - k.start) / FRAME_SECONDS))
                b = min(len(k.frames), round((min(end, k.end) - k.start) / FRAME_SECONDS))
                if b > a:
                    return k.frames[a:b], k.start + a * FRAME_SECONDS, (b - a) * FRAME_SECONDS
        return None


def _frames(windows: Sequence[_Window], start: float, end: float) -> KeptFrames | None:
    """The frames of `start`..`end` and MARGIN_SECONDS around, from the window piece that holds the span
    (with the silence around it) furthest from its window's edges."""
    best: tuple[int, KeptFrames] | None = None
    for w in windows:
        for p in w.pieces:
            if not (p.before - _SLACK <= start and end <= p.after + _SLACK):
                continue
            lo, hi = max(start - MARGIN_SECONDS, p.start), min(end + MARGIN_SECONDS, p.end)
            a = p.first + round((lo - p.start) / FRAME_SECONDS)
            b = p.first + round((hi - p.start) / FRAME_SECONDS)
            room = min(a, len(w.frames) - b)
            if b > a and (best is None or room > best[0]):
                before = p.before if lo == p.start else lo
                after = p.after if hi == p.end else hi
                frames = np.ascontiguousarray(w.frames[a:b])
                best = (room, KeptFrames(w.channel, lo, hi, before, after, frames))
    return None if best is None else best[1]


_active: ContextVar[EncoderKeeper | None] = ContextVar("encoder_keeper", default=None)


def active_keeper() -> EncoderKeeper | None:
    """The keeper of the `keeping_encoder_output` block running, if any."""
    return _active.get()


@contextmanager
def keeping_encoder_output(spans: Spans) -> Iterator[EncoderKeeper]:
    """Whisper decodes inside this block keep their encoder frames of the spans `spans` finds."""
    keeper = EncoderKeeper(spans)
    token = _active.set(keeper)
    try:
        yield keeper
    finally:
        _active.reset(token)
