"""Digit words and their phonetic neighbours, generated rather than listed by hand.

ASR mishears Indonesian digit words in predictable ways: a vowel shifts ("doa"), a voiced stop loses its
voice ("tua"), a final h turns into k ("tujuk"), an unstressed first syllable falls away ("lapan", "nam"),
a consonant drops out ("semilan"). Each digit word is expanded by those sound changes, each with a cost;
the cheapest reading of every variant is kept with a confidence that falls with its cost. A variant that is
itself an ordinary Indonesian word ("doa" is prayer) is marked ambiguous, so that it only counts inside a
longer run of numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from heapq import heappop, heappush

# Canonical spoken digits; "kosong" (empty) is how Indonesians say zero in phone numbers.
DIGIT_WORDS: dict[str, int] = {
    "nol": 0, "kosong": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9,
}  # fmt: skip
# Regional words for digits (Javanese, Sundanese, Malay spellings): not mishearings, so not generated.
REGIONAL: dict[str, int] = {
    "enol": 0, "nul": 0, "siji": 1, "loro": 2, "telu": 3, "papat": 4, "limo": 5, "enem": 6, "pitu": 7,
    "wolu": 8, "songo": 9, "lapan": 8, "ampat": 4,
}  # fmt: skip
# Number words that are not digits: never taken as a digit's neighbour.
_OTHER_NUMBERS = "belas puluh ratus ribu juta miliar milyar triliun sepuluh sebelas seratus seribu sejuta"
OTHER_NUMBER_WORDS = frozenset(_OTHER_NUMBERS.split())
# Short words ASR writes for other things. ("no" stays: Whisper writes it for "nol", and as the abbreviation
# of nomor it is ambiguous, so it only counts inside a run of digit words.)
_NEVER = frozenset({"ke", "se", "di", "ya", "ini", "itu", "dia", "nya", "ada", "apa"})

_CLASSES = ("aeiou", "pb", "td", "kg", "mn", "lr", "jyc", "szc", "fvp", "wu", "yi")
_CHEAP_INSERT = "aeiouh"
_VOWELS = frozenset("aeiou")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_CONSONANTS = "bcdfghjklmnpqrstvwxyz"
SAME_CLASS = 0.5  # a vowel for a vowel, p for b …
FINAL_H_K = 0.5  # tujuh → tujuk
CHEAP = 0.6  # dropping or adding a vowel or an h
FIRST_SYLLABLE = 0.8  # delapan → lapan, enam → nam
FIRST_ONSET = 0.5  # the unstressed first consonant of a longer word is heard loosely: delapan → gelapan
OTHER = 1.0  # any other single letter dropped, added or changed
# An r or l heard after a vowel, closing its syllable ("delapan" → "terlapan", "dua" → "dual"): Indonesian
# syllables often close on a liquid (ter-, ber-, per-), and a listener or recogniser adds one where the
# vowel runs on; as cheap as adding a vowel, and unlike any other added consonant.
LIQUID_CODA = 0.6


def _budget(word: str) -> float:
    """Longer words survive more changes and stay recognisable."""
    return 1.0 if len(word) <= 4 else 1.2


def _similar(a: str, b: str) -> bool:
    return any(a in c and b in c for c in _CLASSES)


# The cost of writing one letter for another, looked up rather than worked out for every edit of every word
# (the lexicon is built at load time).
_SUBSTITUTION = {(a, b): SAME_CLASS if _similar(a, b) else OTHER for a in _ALPHABET for b in _ALPHABET}


def _edits(word: str, limit: float = OTHER) -> list[tuple[str, float]]:
    """Every single sound change of `word` that costs at most `limit`, with its cost.

    The search asks with what is left of its budget: past the first change only the cheap ones fit, and
    not writing out the hundreds of dearer variants halved the lexicon's build (part of the pipeline's load).
    """
    limit += 1e-9  # costs are sums of tenths
    out: list[tuple[str, float]] = []
    last = len(word) - 1
    for i, ch in enumerate(word):
        head, tail = word[:i], word[i + 1 :]
        drop = CHEAP if ch in _CHEAP_INSERT else OTHER
        if drop <= limit:
            out.append((head + tail, drop))
        for other in _ALPHABET:
            if other == ch:
                continue
            cost = FINAL_H_K if i == last and {ch, other} == {"h", "k"} else _SUBSTITUTION[ch, other]
            if cost <= limit:
                out.append((head + other + tail, cost))
    for other in _ALPHABET if limit >= OTHER else _CHEAP_INSERT + "rl":
        for i in range(len(word) + 1):
            cost = _insertion(other, word[i - 1] if i else "")
            if cost <= limit:
                out.append((word[:i] + other + word[i:], cost))
    syllable = _first_syllable(word)
    if syllable and len(word) - len(syllable) >= 3 and limit >= FIRST_SYLLABLE:
        out.append((word[len(syllable) :], FIRST_SYLLABLE))
    if len(syllable) == 2 and len(word) >= 6 and limit >= FIRST_ONSET:
        out.extend((other + word[1:], FIRST_ONSET) for other in _CONSONANTS if other != word[0])
    return out


def _insertion(letter: str, after: str) -> float:
    """The cost of hearing `letter` that was not said, right after the letter `after` ("" at the start)."""
    if letter in _CHEAP_INSERT:
        return CHEAP
    if letter in "rl" and after in _VOWELS:
        return LIQUID_CODA
    return OTHER


def _first_syllable(word: str) -> str:
    """The first syllable as written: a lone vowel ("e-nam") or consonant + vowel ("de-lapan")."""
    if word[:1] in "aeiou":
        return word[:1]
    if len(word) > 1 and word[1] in "aeiou":
        return word[:2]
    return ""


@dataclass(frozen=True, slots=True)
class DigitReading:
    """What one written word says as a digit, and how sure the spelling alone makes us."""

    value: int
    confidence: float  # 1.0 for a correctly spelt digit word
    kind: str  # exact | regional | near (not a word) | ambiguous (also an ordinary word)


def _neighbours(word: str) -> dict[str, float]:
    """Cheapest cost of every variant within the word's budget (uniform-cost search over edits)."""
    budget = _budget(word)
    best: dict[str, float] = {word: 0.0}
    heap: list[tuple[float, str]] = [(0.0, word)]
    while heap:
        cost, current = heappop(heap)
        if cost > best.get(current, budget + 1) or cost + SAME_CLASS > budget:
            continue  # stale, or no further change would fit the budget
        for variant, step in _edits(current, budget - cost):
            total = round(cost + step, 2)
            if total <= budget and len(variant) >= 2 and total < best.get(variant, budget + 1):
                best[variant] = total
                heappush(heap, (total, variant))
    return best


@cache
def lexicon() -> dict[str, DigitReading]:
    """Every known spelling of a digit, built once per process."""
    from nlp.gazetteer import common_words  # the Indonesian vocabulary, only needed here

    words = common_words()
    cheapest: dict[str, tuple[float, int]] = {}
    clash: set[str] = set()
    for canonical, value in DIGIT_WORDS.items():
        for variant, cost in _neighbours(canonical).items():
            seen = cheapest.get(variant)
            if seen is None or cost < seen[0]:
                cheapest[variant] = (cost, value)
                clash.discard(variant)
            elif cost == seen[0] and value != seen[1]:
                clash.add(variant)  # as close to two digits: says neither
    out: dict[str, DigitReading] = {}
    for variant, (cost, value) in cheapest.items():
        if variant in clash or variant in OTHER_NUMBER_WORDS or variant in _NEVER:
            continue
        if cost == 0:
            out[variant] = DigitReading(value, 1.0, "exact")
            continue
        kind = "ambiguous" if variant in words or len(variant) <= 2 else "near"
        out[variant] = DigitReading(value, round(1.0 - 0.3 * cost, 2), kind)
    for word, value in REGIONAL.items():
        out[word] = DigitReading(value, 0.8, "ambiguous" if word in words else "regional")
    out["kosong"] = DigitReading(0, 1.0, "ambiguous")  # zero in a phone number, "empty" elsewhere
    return out


# Number words that are not digits but join them ("lima puluh", "delapan belas", "tiga ratus").
MULTIPLIER_WORDS = ("belas", "puluh", "ratus")


@dataclass(frozen=True, slots=True)
class MultiplierReading:
    """A misheard belas, puluh or ratus."""

    word: str  # the multiplier it stands for
    confidence: float
    ambiguous: bool  # also an ordinary word ("puru", "pula"): only read right after a digit


@cache
def multiplier_lexicon() -> dict[str, MultiplierReading]:
    """Misheard spellings of belas, puluh and ratus ("puru", "pulu", "ratos"), by the digits' sound changes.

    A spelling that is also a digit's is left out; one that is an ordinary word is marked ambiguous.
    """
    from nlp.gazetteer import common_words

    words, digits = common_words(), lexicon()
    out: dict[str, MultiplierReading] = {}
    for canonical in MULTIPLIER_WORDS:
        for variant, cost in _neighbours(canonical).items():
            if cost == 0 or variant in digits or variant in _NEVER or len(variant) < 3:
                continue
            confidence = round(1.0 - 0.3 * cost, 2)
            if variant not in out or out[variant].confidence < confidence:
                out[variant] = MultiplierReading(canonical, confidence, variant in words)
    return out


def read_digit_word(word: str) -> DigitReading | None:
    """The digit a single written word stands for, if any ("semilan" → 9 at 0.7)."""
    return lexicon().get(word.lower())
