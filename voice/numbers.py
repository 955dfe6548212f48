"""A second listen where a number is spoken: decode just that stretch again, restricted to number words.

Whisper base hears digit strings badly: "semilan" for sembilan, "3.0.54", a short number taken for an
ordinary phrase. Where the first pass shows a number being said (digit-like words at any confidence, or a
cue such as "nomor", "HP", "NIK" followed by unsure words), that stretch is decoded once more with every
token that cannot be part of a number suppressed and a digit prompt, so the decoder can only choose among
number words. Ordinary speech is never decoded twice. The digit words here are voice's own short list;
nlp/ reads the result (and may choose between the two readings through `choose`).
"""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from voice.types import Segment, Word

SAMPLE_RATE = 16000
NUMBER_WORDS = (
    "nol", "kosong", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu", "juta", "dobel", "rupiah",
)  # fmt: skip
_CUES = "nomor nomer nmr no hp wa whatsapp nik ktp rekening rek telepon telpon tlp kontak hubungi tiket kode"
CUE_WORDS = frozenset(_CUES.split())
# Not in counting order: a prompt that counts up is continued by the decoder over unclear audio.
DIGIT_PROMPT = "nomor saya kosong delapan lima dua, tujuh sembilan nol tiga, enam satu empat."
NEAR_RATIO = 0.75  # how close a written word must be to a number word to count as one misheard
UNSURE = 0.6  # a word below this confidence after a cue may be a number heard as something else
CUE_REACH = 8.0  # seconds after a cue in which a number is expected
PAUSE = 0.5  # seconds of silence that end a phrase
PAD = 0.2  # seconds of context on each side of a stretch, never into a neighbouring word
_DIGIT = re.compile(r"[0-9]")
_LETTERS = re.compile(r"[^a-z]")


@dataclass(frozen=True, slots=True)
class Stretch:
    """Where a number seems to be spoken (seconds) and why we think so."""

    start: float
    end: float
    reason: str  # digits | cue


@dataclass(frozen=True, slots=True)
class Redecode:
    """One stretch decoded again: the first reading, the number-only reading, and which one was kept."""

    stretch: Stretch
    before: str
    after: str
    kept: str  # "before" | "after"


def digit_like(text: str) -> bool:
    """A written digit, a number word, or a near-miss of one ("semilan", "lapan", "tuyuh")."""
    if _DIGIT.search(text):
        return True
    word = _LETTERS.sub("", text.lower())
    if len(word) < 2:
        return False
    return any(difflib.SequenceMatcher(None, word, w).ratio() >= NEAR_RATIO for w in NUMBER_WORDS)


def _is_cue(text: str) -> bool:
    return _LETTERS.sub("", text.lower()) in CUE_WORDS


def find_number_stretches(words: Sequence[Word], duration: float) -> list[Stretch]:
    """Stretches of the recording where a number is being said.

    Two or more digit-like words in a row (one other word may sit between them), a single written number
    of three digits or more, or the unsure words right after a cue word ("nomor saya …").
    """
    marks = [digit_like(w.text) for w in words]
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        if not marks[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and (
            marks[j + 1] or (j + 2 < len(words) and marks[j + 2] and not _is_cue(words[j + 1].text))
        ):
            j += 1 if marks[j + 1] else 2
        count = sum(marks[i : j + 1])
        if count >= 2 or len(_DIGIT.findall(words[i].text)) >= 3:
            spans.append((i, j, "digits"))
        i = j + 1
    spans.extend(_mostly_digits(words, marks))
    for c, w in enumerate(words):
        if not _is_cue(w.text):
            continue
        a = c + 1  # "nomor hp saya …", "hubungi saya di …": the cue's own words come first
        while a < min(c + 4, len(words)) and not marks[a] and words[a].confidence >= UNSURE:
            a += 1
        k = a
        while (
            k < len(words)
            and words[k].start - w.end <= CUE_REACH
            and (marks[k] or words[k].confidence < UNSURE)
        ):
            k += 1
        if k > a:
            spans.append((a, k - 1, "cue"))
    return _merge([_padded(words, a, b, reason, duration) for a, b, reason in spans])


def _mostly_digits(words: Sequence[Word], marks: list[bool]) -> list[tuple[int, int, str]]:
    """A stretch of speech between pauses in which half the words sound like digits is a number as a whole:
    a short number is often heard as an ordinary phrase ("empat puru chatu")."""
    spans: list[tuple[int, int, str]] = []
    first = 0
    for k in range(1, len(words) + 1):
        if k == len(words) or words[k].start - words[k - 1].end > PAUSE:
            if sum(marks[first:k]) >= 2 and 2 * sum(marks[first:k]) >= k - first:
                a, b = first, k - 1
                while not marks[a]:  # "nomor saya" before the number stays as it was heard
                    a += 1
                while not marks[b]:
                    b -= 1
                spans.append((a, b, "digits"))
            first = k
    return spans


def _padded(words: Sequence[Word], a: int, b: int, reason: str, duration: float) -> Stretch:
    before = words[a - 1].end if a > 0 else 0.0
    after = words[b + 1].start if b + 1 < len(words) else duration
    start = max(before, words[a].start - PAD, 0.0)
    end = min(after, words[b].end + PAD, duration)
    return Stretch(round(start, 3), round(end, 3), reason)


def _merge(stretches: list[Stretch]) -> list[Stretch]:
    out: list[Stretch] = []
    for s in sorted(stretches, key=lambda s: s.start):
        if out and s.start <= out[-1].end:
            last = out[-1]
            out[-1] = Stretch(last.start, max(last.end, s.end), last.reason)
        else:
            out.append(s)
    return out


_suppress_lock = threading.Lock()


@cache
def _allowed_piece(piece: str) -> bool:
    """Can this token be part of a number as Whisper writes one (digits, punctuation, number words)?"""
    text = piece.lower()
    core = text.strip()
    if not core:
        return True
    if all(ch.isdigit() or ch in ",.-" for ch in core):
        return True
    if not core.isalpha():
        return False
    if text.startswith(" "):  # a token that starts a word must start a number word
        return any(w.startswith(core) for w in NUMBER_WORDS)
    return any(core in w for w in NUMBER_WORDS)


_suppressed: dict[int, list[int]] = {}


def number_only_suppression(model: object) -> list[int]:
    """Token ids of every text token that cannot be part of a spoken number (computed once per model)."""
    with _suppress_lock:
        key = id(model)
        if key not in _suppressed:
            tokenizer = model.hf_tokenizer  # type: ignore[attr-defined]
            eot = tokenizer.token_to_id("<|endoftext|>")
            _suppressed[key] = [i for i in range(eot) if not _allowed_piece(tokenizer.decode([i]))]
        return _suppressed[key]


def redecode_stretch(
    model: object, audio: np.ndarray, stretch: Stretch, *, language: str = "id", beam_size: int = 5
) -> list[Word]:
    """Decode `audio[stretch]` again with only number tokens allowed; words carry recording times.

    Deterministic (temperature 0, no fallback); at most a few tokens per second, so a decoder stuck
    repeating a digit cannot run away.
    """
    a, b = int(stretch.start * SAMPLE_RATE), int(stretch.end * SAMPLE_RATE)
    piece = audio[a:b]
    if len(piece) < SAMPLE_RATE // 10:
        return []
    seconds = len(piece) / SAMPLE_RATE
    segments, _info = model.transcribe(  # type: ignore[attr-defined]
        piece,
        language=language,
        beam_size=beam_size,
        temperature=0.0,
        word_timestamps=True,
        vad_filter=False,
        condition_on_previous_text=False,
        initial_prompt=DIGIT_PROMPT,
        suppress_tokens=number_only_suppression(model),
        # A digit may repeat ("dua dua dua"), a three-word phrase may not: that is the decoder looping.
        no_repeat_ngram_size=3,
        max_new_tokens=int(8 * seconds) + 8,
        without_timestamps=False,
    )
    words: list[Word] = []
    for seg in segments:
        for w in seg.words or ():
            if w.word.strip():
                start = stretch.start + min(max(float(w.start), 0.0), seconds)
                end = stretch.start + min(max(float(w.end), float(w.start), 0.0), seconds)
                words.append(
                    Word(round(start, 3), round(end, 3), w.word.strip(), round(float(w.probability), 4))
                )
    return words


Chooser = Callable[[list[str]], int]


def number_pass(
    model: object,
    audio: np.ndarray,
    segments: Sequence[Segment],
    *,
    language: str = "id",
    choose: Chooser | None = None,
    beam_size: int = 5,
) -> tuple[list[Segment], list[Redecode]]:
    """Decode every number stretch again and put the number-only reading in place of the first one.

    Args:
        model: a loaded faster-whisper model (`voice.engines.whisper.load_whisper_model`).
        audio: the float32 16 kHz audio the segments were decoded from (segment times index it).
        segments: the first pass.
        choose: picks between [number-only reading, first reading] (nlp's plausibility, for example);
            by default the number-only reading is kept unless it heard fewer digit words.
    Returns:
        The segments with each stretch's words replaced, and what was done per stretch.
    """
    words = [w for s in segments for w in s.words]
    duration = len(audio) / SAMPLE_RATE
    out = list(segments)
    report: list[Redecode] = []
    for stretch in find_number_stretches(words, duration):
        old = [w for w in words if stretch.start <= (w.start + w.end) / 2 <= stretch.end]
        new = redecode_stretch(model, audio, stretch, language=language, beam_size=beam_size)
        before, after = " ".join(w.text for w in old), " ".join(w.text for w in new)
        if not _sane(new, old, stretch):
            new, after = [], ""
        if choose is not None:
            keep_new = bool(new) and choose([after, before]) == 0
        else:
            keep_new = bool(new) and _digit_count(after) >= _digit_count(before)
        report.append(Redecode(stretch, before, after, "after" if keep_new else "before"))
        if keep_new:
            out = _replace_words(out, stretch, new)
    return out, report


_PROMPT_WORDS = re.sub(r"[^a-z ]", "", DIGIT_PROMPT.lower()).split()[2:]
_PROMPT_GRAMS = {tuple(_PROMPT_WORDS[i : i + 4]) for i in range(len(_PROMPT_WORDS) - 3)}
WORDS_PER_SECOND = 4.0  # faster than anyone says digits


def _sane(new: list[Word], old: list[Word], stretch: Stretch) -> bool:
    """Reject a number-only reading that shows the decoder stopped listening.

    It recited its prompt (four prompt words in the prompt's order), looped (one word four times in a
    row), said more words than fit in the stretch, or lost most of the digit-like words heard first.
    """
    said = [re.sub(r"[^a-z0-9]", "", w.text.lower()) for w in new]
    said = [w for w in said if w]
    if not said:
        return False
    if any(tuple(said[i : i + 4]) in _PROMPT_GRAMS for i in range(len(said) - 3)):
        return False
    if any(len(set(said[i : i + 4])) == 1 for i in range(len(said) - 3)):
        return False
    if len(said) > WORDS_PER_SECOND * (stretch.end - stretch.start) + 2:
        return False
    heard = sum(digit_like(w.text) for w in old)
    return _digit_count(" ".join(said)) * 2 >= heard


def _digit_count(text: str) -> int:
    return sum(
        len(t) if t.isdigit() else 1
        for t in re.findall(r"[0-9]+|[^\W\d_]+", text)
        if t.isdigit() or digit_like(t)
    )


def _replace_words(segments: list[Segment], stretch: Stretch, new: list[Word]) -> list[Segment]:
    """Words whose middle falls in the stretch give way to the new words, inside the first segment touched."""

    def inside(w: Word) -> bool:
        return stretch.start <= (w.start + w.end) / 2 <= stretch.end

    out: list[Segment] = []
    placed = False
    for seg in segments:
        kept = [w for w in seg.words if not inside(w)]
        touched = len(kept) < len(seg.words) or (not placed and seg.start <= stretch.start < seg.end)
        if touched and not placed:
            kept = sorted(kept + new, key=lambda w: w.start)
            placed = True
        if not kept:
            continue
        if len(kept) != len(seg.words) or touched:
            seg = replace(
                seg,
                start=min(seg.start, kept[0].start),
                end=max(seg.end, kept[-1].end),
                text=" ".join(w.text for w in kept),
                words=tuple(kept),
                confidence=round(sum(w.confidence for w in kept) / len(kept), 4),
            )
        out.append(seg)
    if not placed and new:
        out.append(
            Segment(
                new[0].start,
                new[-1].end,
                " ".join(w.text for w in new),
                tuple(new),
                round(sum(w.confidence for w in new) / len(new), 4),
            )
        )
        out.sort(key=lambda s: s.start)
    return out
