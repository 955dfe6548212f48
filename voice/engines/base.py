"""The one small interface every ASR engine offers: batch over PCM chunks, and a live stream.

The batch decoding loop is written once here (BatchDecoding.transcribe_pcm): each engine only says
how it opens a session over a stretch of audio and how it decodes consecutive chunks of a long
recording (ChunkDecoder), so callers such as voice.longform never look at which engine they hold.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from voice.errors import ModelError
from voice.types import Segment, Word

ProgressCallback = Callable[[float], None]  # seconds of audio consumed so far
Pair = tuple[Segment, np.ndarray | None]  # a segment and its speaker vector, when the engine gives one


def require_rate(sample_rate: int | None, *, expected: int, model_name: str) -> None:
    """Refuse a live stream at another rate: engines never resample behind the caller's back."""
    if sample_rate is not None and sample_rate != expected:
        raise ModelError(
            f"audio is {sample_rate} Hz but model {model_name} expects {expected} Hz; resample it first"
        )


@dataclass(frozen=True, slots=True)
class StreamUpdate:
    """What a live stream knows after a chunk: the utterance in progress and any finished ones.

    `partial_words` are the partial text's words with their times (on the stream's clock), so a client
    can tell when each word first appeared.
    """

    partial: str = ""
    final: tuple[Segment, ...] = field(default_factory=tuple)
    partial_words: tuple[Word, ...] = field(default_factory=tuple)


class StreamSession(Protocol):
    @property
    def seconds(self) -> float:
        """Seconds of audio decoded so far (what progress reports)."""
        ...

    def accept(self, pcm: bytes) -> StreamUpdate: ...

    def finish(self) -> list[Segment]: ...


class LiveSession(StreamSession, Protocol):
    """A stream fed by a live client, which may vanish at any moment."""

    def stop(self) -> None:
        """From another thread, while `accept` may be running: end the piece in hand soon."""
        ...

    def close(self) -> None:
        """Release what the session holds (idempotent; never while `accept` runs)."""
        ...


class ChunkDecoder(Protocol):
    """Decodes consecutive chunks of one long recording in turn, carrying the engine's state (a
    warm recognizer) from chunk to chunk. One per thread."""

    def decode(self, pieces: Iterable[bytes], *, offset: float) -> list[Pair]: ...


class Engine(Protocol):
    """An ASR engine bound to one loaded model. Safe to share across threads; sessions are not."""

    name: str
    model_name: str
    language: str
    sample_rate: int
    # Seconds of speech a chunk decoder needs before it runs at full speed (voice.longform groups
    # chunks so that each decoder gets at least this much); 0: chunks are independent, one per group.
    warm_seconds: float
    # Seconds of audio a chunk keeps beyond the speech scan's edges (never past the middle of the pause
    # to the next chunk): word edges the scan trimmed off, heard again.
    chunk_margin: float

    def transcribe_pcm(
        self,
        chunks: Iterable[bytes],
        *,
        offset: float = 0.0,
        channel: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[Segment]: ...

    def stream(self, *, sample_rate: int | None = None, partial_words: bool = False) -> LiveSession:
        """A live session; `partial_words` asks for timed words in partials when they cost time."""
        ...

    def chunk_decoder(self) -> ChunkDecoder: ...


class BatchDecoding(ABC):
    """The batch loop both engines share: feed every chunk to one session, report progress, finish."""

    @abstractmethod
    def batch_session(self, *, offset: float, channel: int | None) -> StreamSession:
        """A fresh session that decodes one stretch whose times start at `offset`."""

    def transcribe_pcm(
        self,
        chunks: Iterable[bytes],
        *,
        offset: float = 0.0,
        channel: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[Segment]:
        """Decode a whole stretch of 16-bit mono PCM at the engine's rate; times start at `offset`."""
        session = self.batch_session(offset=offset, channel=channel)
        segments: list[Segment] = []
        for chunk in chunks:
            segments.extend(session.accept(chunk).final)
            if progress:
                progress(session.seconds)
        segments.extend(session.finish())
        if progress:
            progress(session.seconds)
        return segments
