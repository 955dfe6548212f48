"""What the operator sees in the terminal while a call is recorded: a level meter and the live transcript.

One status line is redrawn at most ten times a second on a terminal (`\\r`), finished utterances are
printed on lines of their own; when the output is not a terminal only the utterances are written. The
live stream is fed from a thread of its own: a Whisper decode takes a second or more, and the recorder's
writer thread, which calls `on_audio`, must keep flushing the call to disk meanwhile.
"""

from __future__ import annotations

import math
import queue
import sys
import threading
import time
from typing import TextIO

import numpy as np

METER_WIDTH = 20
FLOOR_DB = -60.0


def level_db(pcm: bytes) -> float:
    """RMS level of 16-bit PCM in dBFS (FLOOR_DB for silence)."""
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)
    if samples.size == 0:
        return FLOOR_DB
    rms = float(np.sqrt(np.mean(samples**2))) / 32768.0
    return max(FLOOR_DB, 20 * math.log10(rms)) if rms > 0 else FLOOR_DB


def meter(db: float) -> str:
    filled = round((db - FLOOR_DB) / -FLOOR_DB * METER_WIDTH)
    return "#" * filled + "-" * (METER_WIDTH - filled)


class Console:
    """Feeds a live stream (optional) with each block and keeps the operator's screen current."""

    def __init__(
        self, stream=None, out: TextIO = sys.stderr, interval: float = 0.1
    ) -> None:  # stream: LiveStream
        self.stream, self.out, self.interval = stream, out, interval
        self.tty = out.isatty()
        self.partial = ""
        self.seconds = 0.0
        self._drawn = 0.0
        self._lock = threading.Lock()
        self._inbox: queue.Queue[bytes | None] = queue.Queue()
        self._feeder = threading.Thread(target=self._feed, daemon=True) if stream is not None else None
        if self._feeder is not None:
            self._feeder.start()

    def _feed(self) -> None:
        while (pcm := self._inbox.get()) is not None:
            update = self.stream.accept(pcm)
            for segment in update.final:
                self._line(f"[{segment.start:7.1f}] {segment.text}")
            self.partial = update.partial

    def on_audio(self, pcm: bytes, *, rate: int, channels: int) -> None:
        self.seconds += len(pcm) / 2 / channels / rate
        if self._feeder is not None:
            self._inbox.put(pcm)  # never waits for the decoder
        now = time.monotonic()
        if self.tty and now - self._drawn >= self.interval:
            self._drawn = now
            db = level_db(pcm)
            status = f"\r{self.seconds:7.1f} s [{meter(db)}] {db:5.0f} dB  {self.partial[-60:]}"
            with self._lock:
                self.out.write(status.ljust(110)[:110])
                self.out.flush()

    def finish(self) -> None:
        """Decode what the stream still holds (waits for the decoder to catch up) and end the screen."""
        if self._feeder is not None:
            self._inbox.put(None)
            self._feeder.join()
            for segment in self.stream.finish():
                self._line(f"[{segment.start:7.1f}] {segment.text}")
        if self.tty:
            self.out.write("\n")

    def _line(self, text: str) -> None:
        with self._lock:
            self.out.write(("\r" + " " * 110 + "\r" if self.tty else "") + text + "\n")
            self.out.flush()
