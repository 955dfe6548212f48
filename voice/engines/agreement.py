"""Local agreement: which words of a re-decoded window are stable enough to show.

A streaming Whisper session decodes the same growing stretch of audio again and again; each decode may
change its mind about the last words (a word cut at the window's edge, a guess the next second of audio
corrects). A word is shown once two consecutive decodes agree on it and on every word before it (the
"LocalAgreement-2" policy of Macháček et al., Whisper-Streaming, 2023). Shown words are never taken
back: a later decode that disagrees with them only changes what comes after.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from voice.types import Word

MAX_OVERLAP = 5  # words of the stable tail a decode may repeat at its start after the window moved
TIME_SLACK = 0.2  # seconds: Whisper's word times wobble by about this much between decodes

_PUNCT = re.compile(r"[^\w]+")


def norm(text: str) -> str:
    """A word as compared between decodes: case, accents' forms and punctuation do not count."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text).casefold())


def _same(a: Sequence[Word], b: Sequence[Word]) -> bool:
    return len(a) == len(b) and all(norm(x.text) == norm(y.text) for x, y in zip(a, b, strict=True))


def common_prefix(a: Sequence[Word], b: Sequence[Word]) -> int:
    """How many leading words two hypotheses share (compared by `norm`)."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if norm(x.text) != norm(y.text):
            break
        n += 1
    return n


@dataclass
class Agreement:
    """The stable words of one utterance and the unconfirmed tail of the last decode."""

    stable: list[Word] = field(default_factory=list)
    pending: list[Word] = field(default_factory=list)

    def new_words(self, hypothesis: Sequence[Word], *, window_start: float) -> list[Word]:
        """The part of a decode of the window (starting at `window_start`) that follows the stable words.

        The stable words inside the window are matched by text first (the usual case: the decode starts
        with them); when the decode changed one of them, or the window starts after them, by time,
        dropping a repeat of the stable tail.
        """
        if not self.stable:
            return list(hypothesis)
        inside = [w for w in self.stable if w.start >= window_start - TIME_SLACK]
        if inside and _same(hypothesis[: len(inside)], inside):
            return list(hypothesis[len(inside) :])
        end = self.stable[-1].end
        after = [w for w in hypothesis if w.start >= end - TIME_SLACK]
        for n in range(min(MAX_OVERLAP, len(after), len(self.stable)), 0, -1):
            if _same(after[:n], self.stable[-n:]):
                return after[n:]
        return after

    def update(self, hypothesis: Sequence[Word], *, window_start: float) -> list[Word]:
        """Take a decode; returns the words that just became stable (agreed with the previous decode)."""
        new = self.new_words(hypothesis, window_start=window_start)
        agreed = new[: common_prefix(self.pending, new)]
        self.stable.extend(agreed)
        self.pending = new[len(agreed) :]
        return agreed

    def close(self, hypothesis: Sequence[Word], *, window_start: float) -> list[Word]:
        """The whole utterance at its end: the stable words and everything the last decode adds to them."""
        words = self.stable + self.new_words(hypothesis, window_start=window_start)
        self.stable, self.pending = [], []
        return words
