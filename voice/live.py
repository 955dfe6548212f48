"""Live recognition of audio arriving in pieces (a hotline call, a browser microphone).

A client sends 16-bit mono PCM at whatever rate its device runs (8 kHz from a phone adapter, 44.1 or
48 kHz from a browser); engines take only their model's rate, so a `LiveStream` resamples on the way in
(soxr, streaming: no clicks at chunk edges) and keeps an odd trailing byte for the next piece. Every open
stream is counted, so a server can show that dropped connections released their recognizers.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from voice import models as model_store
from voice.engines.base import Engine, StreamUpdate
from voice.errors import AudioDecodeError
from voice.transcribe import load_engine
from voice.types import Segment

MIN_RATE, MAX_RATE = 8000, 48000
_count_lock = threading.Lock()
_open_streams = 0


def live_stream_count() -> int:
    """How many live streams are open in this process (each holds one recognizer)."""
    return _open_streams


def _counted(delta: int) -> None:
    global _open_streams
    with _count_lock:
        _open_streams += delta


def check_rate(sample_rate: float) -> int:
    """The client's rate as an int; AudioDecodeError for a rate no telephone or sound card sends."""
    if not float(sample_rate).is_integer() or not MIN_RATE <= sample_rate <= MAX_RATE:
        raise AudioDecodeError(
            f"unsupported sample rate {sample_rate:g} Hz: send 16-bit mono PCM at {MIN_RATE}–{MAX_RATE} Hz"
        )
    return int(sample_rate)


class LiveStream:
    """One live recognizer fed with PCM at the client's rate. Not thread-safe: one caller at a time."""

    def __init__(self, engine: Engine, *, client_rate: int) -> None:
        import soxr

        self.engine = engine
        self.client_rate = check_rate(client_rate)
        self.seconds = 0.0  # audio accepted so far, at the client's rate
        self._session = engine.stream(sample_rate=engine.sample_rate)
        self._resampler = (
            None
            if self.client_rate == engine.sample_rate
            else soxr.ResampleStream(self.client_rate, engine.sample_rate, 1, dtype="int16")
        )
        self._odd = b""
        self._closed = False
        _counted(+1)

    def accept(self, pcm: bytes) -> StreamUpdate:
        """Feed a piece of 16-bit little-endian mono PCM; returns the partial text and finished segments."""
        data = self._odd + pcm
        usable = len(data) - len(data) % 2
        self._odd = data[usable:]
        self.seconds += usable / 2 / self.client_rate
        return self._session.accept(self._resampled(data[:usable], last=False))

    def finish(self) -> list[Segment]:
        """The segments still pending at the end of the audio; the stream is closed afterwards."""
        tail = self._resampled(b"", last=True)
        segments = list(self._session.accept(tail).final) if tail else []
        segments += self._session.finish()
        self.close()
        return segments

    def close(self) -> None:
        """Release the recognizer (idempotent)."""
        if not self._closed:
            self._closed = True
            self._session = None  # type: ignore[assignment]
            self._resampler = None
            _counted(-1)

    def _resampled(self, pcm: bytes, *, last: bool) -> bytes:
        if self._resampler is None:
            return pcm
        samples = np.frombuffer(pcm, dtype="<i2")
        return self._resampler.resample_chunk(samples, last=last).astype("<i2").tobytes()

    def __del__(self) -> None:  # a stream dropped without close() still gives its count back
        self.close()


def open_live_stream(
    *, language: str, models_dir: Path, client_rate: float, model: str | None = None
) -> LiveStream:
    """A live stream on the engine `suara transcribe` would pick for `language` (Vosk first).

    Raises:
        ModelError: no installed model serves the language.
        AudioDecodeError: the client's rate is not one a telephone or sound card sends.
    """
    rate = check_rate(client_rate)
    chosen = model_store.resolve_model(models_dir=models_dir, language=language, name=model)
    engine = load_engine(chosen, models_dir=models_dir, language=language)
    return LiveStream(engine, client_rate=rate)
