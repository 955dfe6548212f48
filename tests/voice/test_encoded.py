"""The first pass's encoder output kept where numbers were heard: which frames hold which seconds."""

from __future__ import annotations

import numpy as np

from voice.encoded import EncoderKeeper, keeping_encoder_output
from voice.types import Segment, Word

RATE = 16000


def _window() -> np.ndarray:
    """A fake encoder output whose frame k holds the value k (1 batch row, 1500 frames, width 2)."""
    frames = np.repeat(np.arange(1500, dtype=np.float32)[:, None], 2, axis=1)
    return frames[None]


def _segments(start: float, end: float) -> list[Segment]:
    words = (Word(start, end, "nomor", 0.9),)
    return [Segment(start, end, "nomor", words, 0.9)]


def _keeper(spans: list[tuple[float, float]]) -> EncoderKeeper:
    """A decode of 20 s from second 100: speech at 0-5 s and 8-20 s, Silero removed 5-8 s; one window."""
    keeper = EncoderKeeper(lambda _words, _duration: spans)
    chunks = [{"start": 0, "end": 5 * RATE}, {"start": 8 * RATE, "end": 20 * RATE}]
    keeper.window(_window(), seek=0, chunks=chunks, offset=100.0, duration=20.0, channel=None)
    keeper.settle(_segments(109.0, 111.0), 120.0)
    return keeper


def test_kept_frames_are_those_of_the_stretch_after_the_removed_silence() -> None:
    """109 s is 9 s into the decode, 1 s after the removed silence: 6 s (frame 300) into the speech."""
    keeper = _keeper([(109.0, 111.0)])
    frames, start, seconds = keeper.frames(None, 109.0, 111.0)
    assert start == 109.0 and abs(seconds - 2.0) < 1e-6
    assert frames[0, 0] == 300 and frames[-1, 0] == 399 and len(frames) == 100


def test_a_stretch_reaching_into_removed_silence_gets_the_speech_only() -> None:
    """Kept with a margin of a second, down to where Silero's silence ends (108 s, frame 250); a stretch
    from 107 s starts in silence the encoder never saw, so its frames begin at 108 s."""
    keeper = _keeper([(109.0, 111.0)])
    frames, start, seconds = keeper.frames(None, 107.0, 110.0)
    assert start == 108.0 and abs(seconds - 2.0) < 1e-6
    assert frames[0, 0] == 250


def test_frames_that_were_not_kept_are_none() -> None:
    keeper = _keeper([(109.0, 111.0)])
    assert keeper.frames(None, 103.0, 110.0) is None  # across the removed silence: speech on both sides
    assert keeper.frames(None, 115.0, 117.0) is None  # not a number stretch
    assert keeper.frames(1, 109.0, 111.0) is None  # another channel


def test_a_stretch_across_the_removed_silence_is_not_kept() -> None:
    keeper = _keeper([(103.0, 110.0)])
    assert keeper.kept == []


def test_only_decodes_inside_the_block_see_the_keeper() -> None:
    from voice.encoded import active_keeper

    assert active_keeper() is None
    with keeping_encoder_output(lambda _w, _d: []) as keeper:
        assert active_keeper() is keeper
    assert active_keeper() is None
