"""Public text for anonymous (anonim) and confidential (rahasia) reports: who and exactly where are masked.

Town, district and village stay visible (an agency must know where to act); names, phone numbers, NIK,
e-mail and exact addresses (RT/RW, street and house number) do not. A reporter's name is masked everywhere
it recurs, not only where it was introduced.

Transcribed speech is misheard: "Siti Aminah" comes out as "Siti, Amirat -Mari" and "nol delapan" as
"Nolge Lapan". So masking errs towards too much: the whole rest of a self-introduction up to "dari",
"warga", "tinggal" or the sentence's end; every run of digit-like words (near-misses included) long enough
to be a number, or after a cue such as "nomor", "HP", "NIK"; and the name or number after "RT", "RW",
"jalan", "gang".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from rapidfuzz.distance import Levenshtein

from nlp.digit_words import DIGIT_WORDS, read_digit_word
from nlp.gazetteer import common_words
from nlp.types import Entity, Redaction

MASKS: dict[str, str] = {
    "PERSON": "[NAMA]",
    "PHONE": "[TELEPON]",
    "NIK": "[NIK]",
    "EMAIL": "[EMAIL]",
    "RT_RW": "[ALAMAT]",
    "ADDRESS": "[ALAMAT]",
}
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Long digit strings the entity rules could not validate (a misheard phone number or NIK) are still private.
_LONG_DIGITS = re.compile(r"(?<![0-9])[0-9][0-9 .-]{8,}[0-9](?![0-9])")


def redact(
    text: str, entities: Sequence[Entity], extra: Sequence[tuple[int, int, str]] = ()
) -> tuple[str, tuple[Redaction, ...]]:
    """Mask private spans of `text` (offsets of `entities` and `extra` refer to `text`).

    `extra` carries (start, end, label) spans found elsewhere, e.g. spelled-out digit strings too long to be
    anything but a phone number or NIK even though they did not validate.

    Returns:
        The redacted text and what was masked, in text order.
    """
    spans = [(e.start_char, e.end_char, e.label) for e in entities if e.label in MASKS]
    spans += [s for s in extra if s[2] in MASKS]
    spans += [(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]
    spans += [
        (m.start(), m.end(), "PHONE") for m in _LONG_DIGITS.finditer(text) if _digit_count(m.group()) >= 9
    ]
    persons = [e for e in entities if e.label == "PERSON"]
    spans += _recurring_names(text, persons)
    words = _words(text)
    spans += _introductions(words, persons)
    spans += _digit_runs(words)
    spans += _addresses(words)
    merged = _merge(spans)
    out: list[str] = []
    cursor = 0
    redactions: list[Redaction] = []
    for start, end, label in merged:
        out.append(text[cursor:start])
        out.append(MASKS[label])
        redactions.append(Redaction(label, start, end, text[start:end]))
        cursor = end
    out.append(text[cursor:])
    return "".join(out), tuple(redactions)


def _digit_count(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _recurring_names(text: str, persons: Sequence[Entity]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for p in persons:
        for word in {w for w in re.findall(r"[^\W\d_]{3,}", p.text)}:
            found += [
                (m.start(), m.end(), "PERSON") for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.I)
            ]
    return found


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans become one; the earlier (then longer) span's label wins."""
    merged: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
            continue
        merged.append((start, end, label))
    return merged


# --- speech: err towards masking --------------------------------------------------------------------


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[^\W_]+|[.?!;:]")
# Words after which whatever is digit-like is a number the caller gave (phone, NIK, account, house).
_NUMBER_CUES = _set(
    "nomor nomer nmr no hp wa whatsapp telepon telpon telp tlp hape handphone kontak hubungi nik ktp kk"
    " rekening rek pin"
)
_NIK_CUES = frozenset({"nik", "ktp", "kk"})
_STRONG_INTROS = ("nama saya", "saya bernama", "namaku", "nama aku", "nama kulo")
_STRONG_INTROS += ("dengan bapak", "dengan ibu")
# What ends the rest of a self-introduction: where the caller comes from or what they want.
_INTRO_END = _set(
    "dari saking asal warga tinggal selaku sebagai di mau ingin hendak akan nomor no alamat umur usia"
    " yang ingin mohon minta melapor lapor mengadu ini"
) | frozenset(".?!;:")
_STREET_CUES = _set("jalan jl jln gang gg komplek kompleks perumahan perum blok")
_RT_CUES = _set("rt rw erte erwe")
_HOUSE_NUMBER = _set("no nomor nomer nmr blok")
_STREET_END = _set("provinsi kabupaten nasional raya utama poros lingkar tol desa kampung nya")
_MIN_RUN = 4  # digit-like words in a row that are a number with no cue before them


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


@cache
def digit_like(word: str) -> str | None:
    """ "exact" for a digit word or digits, "near" for a misheard one ("lapan", "tuduk", "nolge"), else None.

    Near-misses come from the generated lexicon of digit words' phonetic neighbours (nlp/digit_words.py).
    Masking errs towards too much, so redaction also takes what that lexicon is too strict to read as a
    number: a digit word with up to two letters run into it ("nolge": ASR glues a digit to the next one's
    start) and a word within two edits of a long digit word ("tuduk" for tujuh).
    """
    if word.isdigit():
        return "exact"
    reading = read_digit_word(word)
    if reading is not None:
        return "exact" if reading.kind == "exact" else "near"
    if len(word) < 4:
        return None
    for digit in DIGIT_WORDS:
        glued = word.startswith(digit) and len(word) - len(digit) <= 2
        if glued or (len(digit) >= 5 and Levenshtein.distance(word, digit) <= 2):
            return "near"
    return None


def _digit_runs(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Runs of digit-like words: masked when long enough, or after a number cue."""
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        j, exact = i, 0
        while j < len(words) and (kind := digit_like(words[j][2])) is not None:
            exact += kind == "exact"
            j += 1
        if j == i:
            i += 1
            continue
        cue = words[i - 1][2] if i > 0 else ""
        cue = words[i - 2][2] if cue in ("saya", "sy", "nya", "anda") and i > 1 else cue
        after_cue = cue in _NUMBER_CUES and (j - i >= 2 or exact >= 1)
        if after_cue or (j - i >= _MIN_RUN and exact >= 2):
            found.append((words[i][0], words[j - 1][1], "NIK" if cue in _NIK_CUES else "PHONE"))
        i = j
    return found


def _intro_rest(words: list[tuple[int, int, str]], k: int, limit: int = 4) -> int:
    """Index after the rest of an introduction starting at word k: up to an end word, at most `limit`."""
    end = k
    while end < len(words) and end - k < limit and words[end][2] not in _INTRO_END:
        end += 1
    return end


def _introductions(
    words: list[tuple[int, int, str]], persons: Sequence[Entity]
) -> list[tuple[int, int, str]]:
    """The rest of each self-introduction: the introduced name plus what follows it before "dari"…"""
    found: list[tuple[int, int, str]] = []
    starts = {w[0]: n for n, w in enumerate(words)}
    offsets = [w[0] for w in words]  # ascending
    for person in persons:
        k = bisect_left(offsets, person.start_char)  # the first word starting at or after the name
        if k == len(words):
            continue
        while k < len(words) and words[k][1] <= person.end_char:
            k += 1
        end = _intro_rest(words, k)
        if end > k:
            found.append((person.start_char, words[end - 1][1], "PERSON"))
    lowered = " ".join(w[2] for w in words)
    for cue in _STRONG_INTROS:
        for m in re.finditer(rf"(?<![^ ]){cue}(?![^ ])", lowered):
            k = lowered[: m.end()].count(" ") + 1  # index of the word after the cue
            end = _intro_rest(words, k)
            if end > k and words[k][0] in starts:
                found.append((words[k][0], words[end - 1][1], "PERSON"))
    return found


def _addresses(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The name after "jalan"/"gang" when it is not an ordinary word, and the numbers after RT/RW."""
    found: list[tuple[int, int, str]] = []
    common = common_words()
    for n, (_, _, word) in enumerate(words):
        if word in _RT_CUES:
            k = n + 1
            while k < len(words) and (digit_like(words[k][2]) or words[k][2] in _RT_CUES):
                k += 1
            if k > n + 1:
                found.append((words[n][0], words[k - 1][1], "RT_RW"))
        elif word in _STREET_CUES and n + 1 < len(words):
            nxt = words[n + 1][2]
            if not digit_like(nxt) and (not nxt.isalpha() or nxt in common):
                continue  # "jalan rusak", "jalan di desa": the road itself, not an address
            k = n + 1
            while k < len(words) and k <= n + 4 and _street_word(words[k][2], common):
                k += 1
            if k > n + 1:
                found.append((words[n][0], words[k - 1][1], "ADDRESS"))
    return found


def _street_word(word: str, common: frozenset[str]) -> bool:
    """Part of a street address: a name word, a house number or its cue."""
    if word in _STREET_END:
        return False
    return (word.isalpha() and word not in common) or digit_like(word) is not None or word in _HOUSE_NUMBER
