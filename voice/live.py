"""Live recognition of audio arriving in pieces (a hotline call, a browser microphone).

A client sends 16-bit mono PCM at whatever rate its device runs (8 kHz from a phone adapter, 44.1 or
48 kHz from a browser); engines take only their model's rate, so a `LiveStream` resamples on the way in
(soxr, streaming: no clicks at chunk edges) and keeps an odd trailing byte for the next piece. Every open
stream is counted, so a server can show that dropped connections released their recognizers.

A server closes a stream from its event loop when the client goes, possibly while a worker thread is
still inside `accept`: the engine session is then told to stop (Whisper decodes nothing more) and is
released by that thread when it comes out, never under it (a Vosk recognizer goes back to a pool of
warm ones for the next call).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from voice import models as model_store
from voice.engines.base import Engine, LiveSession, StreamUpdate
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


class PcmResampler:
    """16-bit mono PCM from one rate to another in pieces (soxr streaming: no clicks at piece edges).

    Resampled in float32 and rounded here, not by soxr: soxr dithers integer output with a seed taken
    from the clock and an address, so the same call came out different from one stream to the next (by
    1-2 steps, enough to change what Vosk hears and to make a test fail once in a while). Rounded here,
    a call's samples are the same every time.
    """

    def __init__(self, in_rate: int, out_rate: int) -> None:
        import soxr

        self._stream = soxr.ResampleStream(in_rate, out_rate, 1, dtype="float32")

    def resample(self, pcm: bytes, *, last: bool = False) -> bytes:
        """The next piece (whole samples); `last=True` flushes what the filter still holds."""
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
        out = self._stream.resample_chunk(samples, last=last)
        return np.clip(np.rint(out), -32768, 32767).astype("<i2").tobytes()


class StreamClosed(RuntimeError):
    """The stream was closed (the client went) before or while this piece was taken."""


class LiveStream:
    """One live recognizer fed with PCM at the client's rate.

    One thread at a time may call `accept`/`finish`; `close` may come from any thread at any time."""

    def __init__(self, engine: Engine, *, client_rate: int, partial_words: bool = False) -> None:
        self.engine = engine
        self.client_rate = check_rate(client_rate)
        self.seconds = 0.0  # audio accepted so far, at the client's rate
        self._session: LiveSession | None = engine.stream(
            sample_rate=engine.sample_rate, partial_words=partial_words
        )
        rate = engine.sample_rate
        self._resampler = None if self.client_rate == rate else PcmResampler(self.client_rate, rate)
        self._odd = b""
        self._lock = threading.Lock()
        self._busy = False  # a thread is inside accept/finish
        self._closed = False
        _counted(+1)

    def accept(self, pcm: bytes) -> StreamUpdate:
        """Feed a piece of 16-bit little-endian mono PCM; returns the partial text and finished segments."""
        session = self._enter()
        try:
            data = self._odd + pcm
            usable = len(data) - len(data) % 2
            self._odd = data[usable:]
            self.seconds += usable / 2 / self.client_rate
            return session.accept(self._resampled(data[:usable], last=False))
        finally:
            self._leave()

    def finish(self) -> list[Segment]:
        """The segments still pending at the end of the audio; the stream is closed afterwards."""
        session = self._enter()
        try:
            tail = self._resampled(b"", last=True)
            segments = list(session.accept(tail).final) if tail else []
            segments += session.finish()
        finally:
            self._leave()
        self.close()
        return segments

    def close(self) -> None:
        """Release the recognizer (idempotent; from any thread: a running `accept` stops early and its
        thread releases the recognizer when it comes out)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            session, busy = self._session, self._busy
        _counted(-1)
        if session is None:
            return
        if busy:
            session.stop()  # the thread inside accept releases it when it comes out (_leave)
        else:
            self._release()

    def _enter(self) -> LiveSession:
        with self._lock:
            if self._closed or self._session is None:
                raise StreamClosed("the live stream is closed")
            self._busy = True
            return self._session

    def _leave(self) -> None:
        with self._lock:
            self._busy = False
            closed = self._closed
        if closed:
            self._release()

    def _release(self) -> None:
        with self._lock:
            session, self._session, self._resampler = self._session, None, None
        if session is not None:
            session.close()

    def _resampled(self, pcm: bytes, *, last: bool) -> bytes:
        if self._resampler is None:
            return pcm
        return self._resampler.resample(pcm, last=last)

    def __del__(self) -> None:  # a stream dropped without close() still gives its count back
        if hasattr(self, "_lock"):
            self.close()


def open_live_stream(
    *,
    language: str,
    models_dir: Path,
    client_rate: float,
    model: str | None = None,
    partial_words: bool = False,
) -> LiveStream:
    """A live stream on the engine `suara transcribe` would pick for `language` (Vosk first).

    `partial_words` asks for timed words in each partial (vosk's SetPartialWords), which makes Vosk's
    partials lag by up to 1.8 s: only for clients that ask.

    Raises:
        ModelError: no installed model serves the language.
        AudioDecodeError: the client's rate is not one a telephone or sound card sends.
    """
    rate = check_rate(client_rate)
    chosen = model_store.resolve_model(models_dir=models_dir, language=language, name=model)
    engine = load_engine(chosen, models_dir=models_dir, language=language)
    return LiveStream(engine, client_rate=rate, partial_words=partial_words)
