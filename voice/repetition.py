"""Is a decoded text a runaway loop? Pure text rules, shared by the engines and by nlp-side checks.

Whisper decoding at temperature 0 can fall into a loop ("tu tu tu …", "1 -1 -1 …", "4444…") and
emit it for the rest of the window. Repetition alone does not prove a loop: a caller may say
"satu satu satu satu" and a word said ten times by a person takes ten times as long. So a loop is
repetition *faster than anyone speaks*, a word that is one syllable stuttered into a long token, a
phrase of several words said again and again, or a run of one word so long that no caller says it
(when the pace cannot be judged, a shorter run is enough).
"""

from __future__ import annotations

import gzip
import re

MIN_RUN = 4  # an n-gram said this many times in a row makes a loop possible
MAX_RUN = 16  # a loop when the audio's length is unknown and the pace cannot be judged
PHRASE_RUN = 5  # a phrase of two or more words said this often in a row is a loop at any pace
NEVER_SAID_RUN = 32  # nobody says one word or phrase this many times in a row: a loop at any pace
MAX_NGRAM = 4
MAX_GROUP = 12  # segments looked at together: a loop of repeated segments shows within a few of them
# Fast conversational speech reaches about 7 syllables a second; espeak-ng at its fastest about 6.
# Loops measured on whisper-base run at 12-14 (bench/repetition_bench.py).
MAX_SYLLABLES_PER_SECOND = 9.0
LONG_TOKEN = 20  # characters: a longer token that repeats a few characters over and over ("4444…",
STUTTER_RUN = 8  # "lulululu…") is one syllable stuttered, not a number or a word
DIGIT_SYLLABLES = 2  # "satu", "empat", "tujuh": a written digit stands for about two syllables

_EDGES = re.compile(r"^\W+|\W+$")
_VOWELS = re.compile(r"[aeiouyàáâãäåèéêëìíîïòóôõöùúûü]+", re.IGNORECASE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")  # one written Korean block is one syllable
_STUTTER = re.compile(r"(.{1,4}?)\1{3,}")  # a unit of up to four characters said four times or more


def compression_ratio(text: str) -> float:
    """Bytes of the text over bytes of its gzip: about 1-2 for speech, far more for a loop."""
    data = text.encode("utf-8")
    return len(data) / max(1, len(gzip.compress(data)))


def tokens(text: str) -> list[str]:
    """Lower-cased words without edge punctuation ("-1," and "1" are the same token)."""
    out = [_EDGES.sub("", t).lower() for t in text.split()]
    return [t for t in out if t]


def longest_run(words: list[str], *, max_ngram: int = MAX_NGRAM, phrases: bool = False) -> int:
    """Most times one n-gram (n <= max_ngram) repeats back to back in `words`; with `phrases`, only
    n-grams of two or more different words count ("satu satu" is one word said twice)."""
    best = 1 if words else 0
    for n in range(2 if phrases else 1, max_ngram + 1):
        for start in range(n):  # every phase of the n-gram grid
            run, previous = 1, None
            for i in range(start, len(words) - n + 1, n):
                gram = tuple(words[i : i + n])
                if phrases and len(set(gram)) < 2:
                    run, previous = 1, None
                    continue
                run = run + 1 if gram == previous else 1
                previous = gram
                best = max(best, run)
    return best


def syllables(text: str) -> int:
    """Rough syllable count: vowel groups in words, two per digit (language-agnostic enough here)."""
    count = 0
    for token in tokens(text):
        digits = sum(c.isdigit() for c in token)
        count += digits * DIGIT_SYLLABLES + len(_VOWELS.findall(token)) + len(_HANGUL.findall(token))
    return count


def is_stuttered(token: str) -> bool:
    """A long token that repeats a few characters over and over: "4444…", "도로로로…", "lulu…"."""
    return len(token) >= LONG_TOKEN and longest_run(list(token)) >= STUTTER_RUN


def trim_stutter(token: str, *, keep: int = MIN_RUN - 1) -> str:
    """The token with every stuttered stretch cut to its first `keep` repeats."""
    return _STUTTER.sub(lambda m: m.group(1) * keep, token) if is_stuttered(token) else token


def _stuttered_token(words: list[str]) -> bool:
    return any(is_stuttered(t) for t in words)


def is_repetitive(text: str, seconds: float | None = None) -> bool:
    """True when `text` (decoded from `seconds` of audio, when known) is a runaway loop.

    Args:
        text: one decoded segment or window.
        seconds: how long the audio it came from lasts; without it, a run of MAX_RUN or more
            counts, since the pace cannot be judged.
    """
    words = tokens(text)
    if _stuttered_token(words):
        return True
    run = longest_run(words)
    if run >= NEVER_SAID_RUN or (seconds is None and run >= MAX_RUN):
        return True
    # "satu satu satu satu satu" is a phone number; "berfungsi lapan hanyap" eight times is not.
    if longest_run(words, phrases=True) >= PHRASE_RUN:
        return True
    if seconds is None or run < MIN_RUN:
        return False
    return syllables(text) / max(seconds, 0.1) > MAX_SYLLABLES_PER_SECOND


def looping_spans(pieces: list[tuple[str, float]]) -> list[tuple[int, int]]:
    """Half-open index ranges of consecutive decoded segments that together make a loop.

    `pieces` are the segments of one decode, in order, as (text, seconds of audio each claims). A
    segment that loops on its own is a range of one. Whisper can also repeat a whole segment: "Selamat
    pagi pak." again and again over a music bed, each repeat its own short segment, so no segment is a
    loop alone. Such a run is found where the joined text of several segments is repetitive at their
    combined pace, trimmed of leading segments the loop does not need, and extended over the literal
    repeats that follow it.
    """
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        end = _loop_end(pieces, i)
        if end is None:
            i += 1
            continue
        start = i
        while start + 1 < end and _repetitive(pieces[start + 1 : end]):
            start += 1  # the segments before the loop are kept as they were decoded
        if end - start > 1:  # a run of segments takes in the literal repeats that follow it
            said = {tuple(tokens(text)) for text, _ in pieces[start:end]}
            while end < len(pieces) and tuple(tokens(pieces[end][0])) in said:
                end += 1
        if start > i:
            spans.extend(_single_loops(pieces, i, start))
        spans.append((start, end))
        i = end
    return spans


def _repetitive(pieces: list[tuple[str, float]]) -> bool:
    return is_repetitive(" ".join(text for text, _ in pieces), sum(seconds for _, seconds in pieces))


def _loop_end(pieces: list[tuple[str, float]], start: int) -> int | None:
    """The first end such that pieces[start:end] is a loop, if any."""
    for end in range(start + 1, min(len(pieces), start + MAX_GROUP) + 1):
        if _repetitive(pieces[start:end]):
            return end
    return None


def _single_loops(pieces: list[tuple[str, float]], start: int, end: int) -> list[tuple[int, int]]:
    return [(k, k + 1) for k in range(start, end) if is_repetitive(*pieces[k])]


def collapse_runs(words: list[str], *, keep: int = MIN_RUN - 1) -> list[int]:
    """Indices of `words` to keep so no n-gram repeats more than `keep` times in a row.

    The last resort when every deterministic re-decoding still loops: the loop's first few repeats
    stay (they may be real), the rest is dropped rather than emitted.
    """
    norm = [_EDGES.sub("", w).lower() for w in words]
    kept = list(range(len(words)))
    for n in range(1, MAX_NGRAM + 1):
        kept = _collapse_n(kept, norm, n, keep)
    return kept


def _collapse_n(kept: list[int], norm: list[str], n: int, keep: int) -> list[int]:
    out: list[int] = []
    i = 0
    while i < len(kept):
        gram = [norm[k] for k in kept[i : i + n]]
        repeats = 1
        while len(gram) == n and [norm[k] for k in kept[i + repeats * n : i + (repeats + 1) * n]] == gram:
            repeats += 1
        if repeats > keep:
            out.extend(kept[i : i + keep * n])
            i += repeats * n
        else:
            out.append(kept[i])
            i += 1
    return out
