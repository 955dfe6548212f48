"""The one small interface every ASR engine offers: batch over PCM chunks, and a live stream."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from voice.types import Segment

ProgressCallback = Callable[[float], None]  # seconds of audio consumed so far


@dataclass(frozen=True, slots=True)
class StreamUpdate:
    """What a live stream knows after a chunk: the utterance in progress and any finished ones."""

    partial: str = ""
    final: tuple[Segment, ...] = field(default_factory=tuple)


class StreamSession(Protocol):
    def accept(self, pcm: bytes) -> StreamUpdate: ...

    def finish(self) -> list[Segment]: ...


class Engine(Protocol):
    """An ASR engine bound to one loaded model. Safe to share across threads; sessions are not."""

    name: str
    model_name: str
    language: str
    sample_rate: int

    def transcribe_pcm(
        self,
        chunks: Iterable[bytes],
        *,
        offset: float = 0.0,
        channel: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[Segment]: ...

    def stream(self, *, sample_rate: int | None = None) -> StreamSession: ...
