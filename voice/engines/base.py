"""The one small interface every ASR engine offers: batch over PCM chunks, and a live stream."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from voice.errors import ModelError
from voice.types import Segment

ProgressCallback = Callable[[float], None]  # seconds of audio consumed so far


def require_rate(sample_rate: int | None, *, expected: int, model_name: str) -> None:
    """Refuse a live stream at another rate: engines never resample behind the caller's back."""
    if sample_rate is not None and sample_rate != expected:
        raise ModelError(
            f"audio is {sample_rate} Hz but model {model_name} expects {expected} Hz; resample it first"
        )


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
