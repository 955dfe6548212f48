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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from rapidfuzz.distance import Levenshtein

from voice.types import Segment, Transcript, Word

SAMPLE_RATE = 16000
NUMBER_LANGUAGES = frozenset({"id"})  # the number words below are Indonesian
NUMBER_WORDS = (
    "nol", "kosong", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu", "juta", "dobel", "rupiah",
)  # fmt: skip
NEAR_CUE = True  # a word one letter from a cue word, before a digit-like word, is a cue too
_CUES = "nomor nomer nmr no hp wa whatsapp nik ktp rekening rek telepon telpon tlp kontak hubungi tiket kode"
CUE_WORDS = frozenset(_CUES.split())
# Not in counting order: a prompt that counts up is continued by the decoder over unclear audio. It ends
# on a comma, not a full stop: the number goes on (tuning seeds 3+5, digit errors 39.4% -> 38.7% clean,
# 52.9% -> 50.7% by telephone; a 16-digit prompt made readings too long instead).
DIGIT_PROMPT = "nomor saya kosong delapan lima dua, tujuh sembilan nol tiga, enam satu empat,"
# The same words with no two digits next to each other as in DIGIT_PROMPT: what leaks from one prompt
# into a reading is not what leaks from the other.
SECOND_PROMPT = "nomor saya kosong tiga sembilan enam, dua nol lima delapan, satu tujuh empat,"
# The prompts each stretch is decoded with, in one batch. With SECOND_PROMPT too, digit errors on tuning
# seeds 3+5 fell 33.7% -> 31.2% clean and 50.5% -> 47.5% by telephone, but the pass took 1.5 times as long
# (the decode grows with its rows), so one prompt is the default (README, session 10).
DIGIT_PROMPTS: tuple[str, ...] = (DIGIT_PROMPT,)
PROMPT_BEAM = 5  # each prompt's beam when there are several (2 or 3 lost digits)
NEAR_RATIO = 0.75  # how close a written word must be to a number word to count as one misheard
UNSURE = 0.6  # a word below this confidence after a cue may be a number heard as something else
CUE_REACH = 8.0  # seconds after a cue in which a number is expected
PAUSE = 0.5  # seconds of silence that end a phrase
PAD = 0.2  # seconds of context on each side of a stretch, never into a neighbouring word
# The first pass often loses a number's last digits (or ends its last word early): the stretch runs on
# after its last word until the next word or this many seconds, so the re-read hears what was missed.
TAIL = 1.0
WIDEN = True  # a stretch takes in the unsure words that follow it in the same phrase
WIDEN_BACK = True  # ... and the unsure words before it
CUE_LIKE = 0.6  # a word this close to a cue word (or "saya") ends a stretch's widening backwards
LOOSE_RATIO = 0.62  # ... and after it words this close to a number word ("terima" 0.6 is not; 1.0: none)
# A word of a number-only reading this close to a number word is written as that word ("dgapan" → delapan,
# "puh" → puluh, "sembat" → empat): the decoder could only write number words, and a spelling nlp cannot
# read split the number in two. Tuning seeds 3+5, digit strings exact / digit errors, clean 35% / 36.4% ->
# 42% / 29.7%, telephone 21% / 51.3% -> 21% / 47.2% (0.65: 40% / 30.7%, 21% / 48.0%). 1.0: never.
READ_AS_NUMBER = 0.6
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
    readings: tuple[str, ...] = ()  # the number-only n-best, best first (what `choose` was offered)


def digit_like(text: str) -> bool:
    """A written digit, a number word, or a near-miss of one ("semilan", "lapan", "tuyuh")."""
    if _DIGIT.search(text):
        return True
    word = _LETTERS.sub("", text.lower())
    if len(word) < 2:
        return False
    return _nearest_number_word(word)[1] >= NEAR_RATIO


@cache
def _nearest_number_word(word: str) -> tuple[str, float]:
    """The number word nearest to a written word, and how near (difflib's ratio).

    Cached: every word of a recording is compared with every number word, several times over (stretch
    finding, then each reading's sanity check), and difflib was a tenth of the pass's time.
    """
    best = max(NUMBER_WORDS, key=lambda w: difflib.SequenceMatcher(None, word, w).ratio())
    return best, difflib.SequenceMatcher(None, word, best).ratio()


def _is_cue(text: str) -> bool:
    return _LETTERS.sub("", text.lower()) in CUE_WORDS


def _near_cue(text: str) -> bool:
    """A word one letter away from a cue word of four letters or more ("nomot", "rekenin", "kontek"): the
    first pass mishears cues too, and a number after a misheard cue is otherwise found only if two of its
    digits were heard as digit-like words."""
    word = _LETTERS.sub("", text.lower())
    return len(word) >= 4 and any(len(cue) >= 4 and Levenshtein.distance(word, cue) == 1 for cue in CUE_WORDS)


def find_number_stretches(
    words: Sequence[Word], duration: float, *, tail: float = TAIL, widen: bool = WIDEN
) -> list[Stretch]:
    """Stretches of the recording where a number is being said.

    Two or more digit-like words in a row (one other word may sit between them), a single written number
    of three digits or more, or the unsure words right after a cue word ("nomor saya …"). With `widen`, a
    stretch also takes in the words of its phrase that may be more of the number: unsure words before it
    (never a word like a cue), and unsure words or loose near-misses of number words after it.
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
        cue = _is_cue(w.text)
        near = not cue and NEAR_CUE and _near_cue(w.text)
        if not (cue or near):
            continue
        a = c + 1  # "nomor hp saya …", "hubungi saya di …": the cue's own words come first
        while (
            a < min(c + 4, len(words))
            and not marks[a]
            and (words[a].confidence >= UNSURE or (near and _cue_like(words[a].text)))
        ):
            a += 1
        k = a
        while (
            k < len(words)
            and words[k].start - w.end <= CUE_REACH
            and (marks[k] or words[k].confidence < UNSURE)
        ):
            k += 1
        # A misheard cue ("nomot saya digakosong tu") starts a stretch only where a digit-like word follows
        # its own words.
        if k > a and (not near or marks[a]):
            spans.append((a, k - 1, "cue"))
    if widen:
        spans = [(_widened_start(words, a), _unsure_run(words, b), reason) for a, b, reason in spans]
    spans = [(_past_cue_tail(words, a, b), b, reason) for a, b, reason in spans]
    return _merge([_padded(words, a, b, reason, duration, tail) for a, b, reason in spans])


def _part_of_number(word: Word, *, loose: bool = True) -> bool:
    """Could this word next to a number be more of it: unsure, or loosely like a number word ("yurapan",
    "perham", "tujok": the first pass hears these voices' digits as such words, often confidently)?"""
    if _is_cue(word.text):
        return False
    return word.confidence < UNSURE or (loose and LOOSE_RATIO < 1.0 and _nearness(word.text) >= LOOSE_RATIO)


def _nearness(text: str) -> float:
    word = _LETTERS.sub("", text.lower())
    if _DIGIT.search(text):
        return 1.0
    if len(word) < 2:
        return 0.0
    return _nearest_number_word(word)[1]


def _unsure_run(words: Sequence[Word], b: int) -> int:
    """The last word of the run that may be more of the number after word b, in the same phrase: the last
    digits of a number are often heard as unsure ordinary words ("lima nol empa kami langdua")."""
    while b + 1 < len(words) and words[b + 1].start - words[b].end <= PAUSE and _part_of_number(words[b + 1]):
        b += 1
    return b


def _widened_start(words: Sequence[Word], a: int) -> int:
    """The first word of the run before word a, in the same phrase, that may be more of the number: its
    first digits are often heard as ordinary words too ("Tuatika tuat lapan enam nol")."""
    if not WIDEN_BACK:
        return a
    while (
        a > 0
        and words[a].start - words[a - 1].end <= PAUSE
        and _part_of_number(words[a - 1], loose=False)
        and not _cue_like(words[a - 1].text)
    ):
        a -= 1
    return a


_BEFORE_NUMBERS = (*CUE_WORDS, "saya")  # what callers say before a number ("nomor saya …")
# What a caller says right before the number: a cue word, the cue with "-nya" ("tiketnya", "kodenya"), "saya"
# ("nomor saya"), "laporan(nya)" ("nomor laporannya").
CUE_TAILS = frozenset(
    {*CUE_WORDS, *(w + "nya" for w in CUE_WORDS if len(w) >= 3), "saya", "laporan", "laporannya"}
)
# Words at a stretch's start that sound like one of CUE_TAILS within this sound-change cost per letter of it
# are left out of the stretch (0: never): the first pass hears "nomor laporannya" as "nomor lapor anja" and
# "tiketnya" as "diketia", and the number-only decoder writes them as digits ("delapan", "tiga tiga").
CUE_SOUND = 0.3
# ... and a word that begins like a cue of four letters or more within this cost per letter, the rest no
# longer than "-nya" ("dikatian" for tiketnya: "dikat" is "tiket" with d/t and a/e).
CUE_STEM_SOUND = 0.2
# The cost of each sound change, as nlp/digit_words.py generates digit words' neighbours: a letter for one of
# its class (a vowel for a vowel, b/p, d/t, g/k …) is cheap, a vowel or an h dropped or added a little
# dearer, anything else dearest. Computed as a weighted edit distance (the cue words are long, and their
# generated neighbourhoods would be large).
_SOUND_CLASSES = ("aeiou", "pb", "td", "kg", "mn", "lr", "jyc", "szc", "fvp", "wu", "yi")


def _sound_cost(heard: str, said: str) -> float:
    """The cheapest sound changes that turn `said` into `heard` (letters only, lower case)."""

    def gap(ch: str) -> float:
        return 0.6 if ch in "aeiouh" else 1.0

    row = [0.0]
    for ch in said:
        row.append(row[-1] + gap(ch))
    for h in heard:
        last, row = row, [row[0] + gap(h)]
        for j, ch in enumerate(said, 1):
            swap = 0.0 if h == ch else 0.5 if any(h in c and ch in c for c in _SOUND_CLASSES) else 1.0
            row.append(min(last[j] + gap(h), row[j - 1] + gap(ch), last[j - 1] + swap))
    return row[-1]


@cache
def _sounds_like_cue_tail(heard: str) -> bool:
    """Do these letters sound like what a caller says right before a number (CUE_TAILS)?"""
    if CUE_SOUND <= 0 or len(heard) < 3:
        return False
    for tail in CUE_TAILS:
        if round(_sound_cost(heard, tail), 2) <= round(CUE_SOUND * len(tail), 2):
            return True
        if len(tail) >= 4 and tail in CUE_WORDS:
            for cut in range(max(len(tail) - 1, len(heard) - 3), min(len(tail) + 1, len(heard)) + 1):
                if round(_sound_cost(heard[:cut], tail), 2) <= round(CUE_STEM_SOUND * len(tail), 2):
                    return True
    return False


def _past_cue_tail(words: Sequence[Word], a: int, b: int) -> int:
    """The first word of a stretch (a … b) after the words at its start that sound like a cue's tail (one to
    three words, none like a number word even loosely), so the number-only decoder does not write them as
    digits. At least the stretch's last word stays."""
    while a < b:
        for k in (3, 2, 1):
            run = words[a : a + k]
            if a + k > b or any(digit_like(w.text) or _nearness(w.text) >= LOOSE_RATIO for w in run):
                continue
            if _sounds_like_cue_tail(_LETTERS.sub("", "".join(w.text for w in run).lower())):
                a += k
                break
        else:
            return a
    return a


def _cue_like(text: str) -> bool:
    """A word that may be a misheard cue ("Nomon saia"): kept out of the stretch, since decoded with
    number words only it becomes digits, and the digit prompt's own "nomor saya" draws a recital of it."""
    if digit_like(text):
        return False
    word = _LETTERS.sub("", text.lower())
    return any(difflib.SequenceMatcher(None, word, w).ratio() >= CUE_LIKE for w in _BEFORE_NUMBERS)


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


def _padded(words: Sequence[Word], a: int, b: int, reason: str, duration: float, tail: float) -> Stretch:
    before = words[a - 1].end if a > 0 else 0.0
    after = words[b + 1].start if b + 1 < len(words) else duration
    start = max(before, words[a].start - PAD, 0.0)
    end = min(after, words[b].end + max(PAD, tail), duration)
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


NUMBER_MARKS = ",.-"  # the punctuation Whisper writes inside numbers ("0812-3456", "3.0.54", "2, 5")
PUNCTUATION = NUMBER_MARKS  # the punctuation a number-only reading may write ("": words and digits only)


def _allowed_piece(piece: str, punctuation: str = NUMBER_MARKS) -> bool:
    """Can this token be part of a number as Whisper writes one (digits, punctuation, number words)?"""
    text = piece.lower()
    core = text.strip()
    if not core:
        return True
    if all(ch.isdigit() or ch in NUMBER_MARKS for ch in core):
        return any(ch.isdigit() for ch in core) or all(ch in punctuation for ch in core)
    if not core.isalpha():
        return False
    starts, inside = _number_word_pieces()
    # A token that starts a word must start a number word; any other must be inside one.
    return core in (starts if text.startswith(" ") else inside)


@cache
def _number_word_pieces() -> tuple[frozenset[str], frozenset[str]]:
    """Every beginning and every piece of the number words: a set lookup per token, not a scan of the
    words (the suppression list tests all 50,257 text tokens; the scan was most of its 0.3 s)."""
    starts = {w[:k] for w in NUMBER_WORDS for k in range(1, len(w) + 1)}
    inside = {w[i:k] for w in NUMBER_WORDS for i in range(len(w)) for k in range(i + 1, len(w) + 1)}
    return frozenset(starts), frozenset(inside)


_suppressed: dict[tuple[int, str], list[int]] = {}


def number_only_suppression(model: object) -> list[int]:
    """Token ids of every text token that cannot be part of a spoken number (computed once per model)."""
    with _suppress_lock:
        key = (id(model), PUNCTUATION)
        if key not in _suppressed:
            tokenizer = model.hf_tokenizer  # type: ignore[attr-defined]
            eot = tokenizer.token_to_id("<|endoftext|>")
            pieces = tokenizer.decode_batch([[i] for i in range(eot)])  # each token as `decode` writes it
            _suppressed[key] = [i for i, piece in enumerate(pieces) if not _allowed_piece(piece, PUNCTUATION)]
        return _suppressed[key]


CONTEXT_SECONDS = 10.0  # the encoder sees each stretch padded to this length, not to Whisper's 30 s
MAX_CONTEXT_SECONDS = 30.0
HYPOTHESES = 4  # n-best readings per stretch offered to `choose`
# n-best readings per stretch decoded again without the digit prompt, on the same encoder output: the
# prompt helps, but the decoder sometimes recites it instead of the audio (0: prompted readings only).
UNPROMPTED = 0
# Readings decoded again where most prompted readings of a stretch recited the prompt (0: never), with
# RETRY_PROMPT ("": none) instead of the digit prompt; only those stretches pay for the second decode.
RETRY_RECITED = 2
RETRY_PROMPT = ""
# ... where at least this share of a stretch's prompted readings recite the prompt (1.0: every one). Three
# of four: tuning seeds 3+5, digit strings exact of 72 / digit errors, clean 25 / 33.5% -> 25 / 33.2%,
# telephone 13 / 47.1% -> 15 / 43.6%, 16 more of 149 stretches retried, the pass's CPU +3%.
RETRY_SHARE = 0.75
# The decoder's ban on repeated n-grams counts tokens, not words: "tujuh" alone is three tokens ("tu", "j",
# "uh"), so a ban on three (session 6) forbade a second "tujuh" and cut 9 of 10 NIKs short. Eight tokens
# (three or four digit words) still stops a loop and lets 94-96% of generated NIKs and mobile numbers be
# written out in full; a loop the ban misses is rejected by `_sane`.
NO_REPEAT_NGRAM = 8
LENGTH_PENALTY = 1.0  # the beam's score is its log-probability over length ** this (CTranslate2)
PATIENCE = 1.0  # the beam search stops once beam * patience readings have ended
TOKENS_PER_SECOND = 8  # the reading's length limit: more than anyone says digits (with punctuation)


@dataclass(frozen=True, slots=True)
class _Decoded:
    """The n-best number-only readings of one stretch (token ids, best first)."""

    stretch: Stretch
    hypotheses: list[list[int]]
    sources: list[int]  # the index in DIGIT_PROMPTS of each hypothesis's prompt (-1: none)


# The decoder's output layer scores all 51,865 tokens of Whisper's vocabulary at every step, for the 800 or
# so a number-only reading may write (the rest suppressed), in every beam row: most of a step's work. The
# pass decodes with a copy of the decoder whose vocabulary holds only the tokens it can write or be
# prompted with, plus every special token (built in memory from the model's files once per process; the
# same weights row for row, so the same scores, and the ids mapped back). False: the full decoder.
NARROW_VOCABULARY = True
# Threads of each of the narrowed copy's replicas. A number-only decode multiplies a few rows (5 beams of
# one or two stretches) by each weight matrix at every step: too little work to split, so a second thread
# only adds a fork and join per operation. One thread decoded the same readings in about half the time and
# half the CPU of CTranslate2's default (2 on this machine) even with a core free (16 stretches of seed 3,
# 0.19 s against 0.37 s a stretch, load 1.2; README, session 15). The encoder, on the full model, keeps the
# model's own threads: 500 frames a stretch are worth splitting (0.09 s against 0.15 s on one thread).
NARROW_THREADS = 1


@dataclass(frozen=True, slots=True)
class _Narrow:
    """A decoder that knows only some tokens of the model's vocabulary, and the map between their ids."""

    generator: object  # ctranslate2.models.Whisper
    full_ids: list[int]  # the model's id of each narrow id
    narrow_ids: dict[int, int]  # the narrow id of each model id kept
    suppress: list[int]  # narrow ids a reading may not write (prompt words that are no number words)


_narrowed: dict[tuple[int, str], _Narrow | None] = {}


_ENCODER_LAYER = re.compile(r"encoder/layer_(\d+)/")


def _narrow_model_files(folder: Path, narrow: dict[int, int], vocabulary_size: int) -> dict[str, bytes]:
    """The model's files with only the rows of `narrow` (model id → narrow id, in ascending model ids) in
    its vocabulary: of every decoder variable with a row per token (the embedding table, which is also
    the output layer). The copy only ever decodes the full model's encoder output, so of the encoder it
    keeps just what loading needs (its first layer, convolutions, norm): 38 MB less to load and keep."""
    import json
    import struct

    data = memoryview((folder / "model.bin").read_bytes())
    at = 0

    def take(fmt: str) -> Any:
        nonlocal at
        value = struct.unpack_from(fmt, data, at)[0]
        at += struct.calcsize(fmt)
        return value

    def name() -> str:
        nonlocal at
        size = take("H")
        text = bytes(data[at : at + size - 1]).decode()
        at += size
        return text

    take("I"), name(), take("I")  # binary version, spec, revision
    header = data[:at]
    count = take("I")
    parts: list[bytes | memoryview] = []
    keep = list(narrow)
    rows = np.asarray(keep, dtype=np.int64)
    sliced = kept = 0
    for _ in range(count):
        begin = at
        label = name()
        named = at
        rank = take("B")
        shape = [take("I") for _ in range(rank)]
        dtype = take("B")
        size = take("I")
        layer = _ENCODER_LAYER.match(label)
        if layer and int(layer.group(1)) > 0:  # never run by the copy (CTranslate2 wants a first layer)
            at += size
            continue
        if not (label.startswith("decoder/") and rank and shape[0] == vocabulary_size):
            parts.append(data[begin : at + size])
        else:  # one row per token: keep the rows of the tokens kept
            width = size // shape[0]
            table = np.frombuffer(data, dtype=np.uint8, count=size, offset=at).reshape(shape[0], width)
            body = table[rows].tobytes()
            parts += [data[begin:named], struct.pack("B", rank)]
            parts += [struct.pack("I", d) for d in (len(keep), *shape[1:])]
            parts += [struct.pack("B", dtype), struct.pack("I", len(body)), body]
            sliced += 1
        kept += 1
        at += size
    if not sliced:
        raise ValueError(f"{folder}: no decoder variable has a row per token ({vocabulary_size})")
    # The aliases follow (Whisper's output projection is an alias of the embedding table).
    model = b"".join([header, struct.pack("I", kept), *parts, data[at:]])
    vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    for field in ("suppress_ids", "suppress_ids_begin", "lang_ids"):
        if field in config:
            config[field] = [narrow[i] for i in config[field] if i in narrow]
    return {
        "model.bin": model,
        "vocabulary.json": json.dumps([vocabulary[i] for i in keep], ensure_ascii=False).encode(),
        "config.json": json.dumps(config).encode(),
    }


def _narrow_decoder(model: object, needed: set[int]) -> _Narrow | None:
    """The number-only decoder of `model`, knowing the `needed` ids too (None: decode with the model)."""
    from voice.engines.whisper import loaded_setting

    setting = loaded_setting(model) if NARROW_VOCABULARY else None
    if setting is None:
        return None
    key = (id(model), PUNCTUATION)
    with _suppress_lock:
        known = _narrowed.get(key)
        if key in _narrowed and (known is None or needed <= known.narrow_ids.keys()):
            return known
    banned = set(number_only_suppression(model))
    with _suppress_lock:
        known = _narrowed.get(key)
        if key in _narrowed and (known is None or needed <= known.narrow_ids.keys()):
            return known
        import ctranslate2

        folder, _threads, workers = setting
        tokenizer = model.hf_tokenizer  # type: ignore[attr-defined]
        eot = tokenizer.token_to_id("<|endoftext|>")
        writable = (i for i in range(eot) if i not in banned)
        before = known.full_ids if known is not None else []
        keep = sorted({*writable, *needed, *before, *range(eot, tokenizer.get_vocab_size())})
        narrow = {full: i for i, full in enumerate(keep)}
        try:
            generator = ctranslate2.models.Whisper(
                str(folder), device="cpu", compute_type="int8", intra_threads=NARROW_THREADS,
                inter_threads=workers, files=_narrow_model_files(folder, narrow, tokenizer.get_vocab_size()),
            )  # fmt: skip
        except (OSError, RuntimeError, ValueError, KeyError, IndexError):  # unexpected files: full decoder
            _narrowed[key] = None
        else:
            suppress = [narrow[i] for i in keep if i < eot and i in banned]
            _narrowed[key] = _Narrow(generator, keep, narrow, suppress)
        return _narrowed[key]


def _generate(model: object, encoded: object, rows: list[list[int]], **options: Any) -> list[list[list[int]]]:
    """`generate` of the model's decoder with only number tokens allowed: each row's n-best token ids."""
    narrow = _narrow_decoder(model, {t for row in rows for t in row})
    if narrow is None:
        results = model.model.generate(  # type: ignore[attr-defined]
            encoded, rows, suppress_tokens=number_only_suppression(model), **options
        )
        return [list(r.sequences_ids) for r in results]
    results = narrow.generator.generate(  # type: ignore[attr-defined]
        encoded, [[narrow.narrow_ids[t] for t in row] for row in rows], suppress_tokens=narrow.suppress,
        **options,
    )  # fmt: skip
    ids = narrow.full_ids
    return [[[ids[t] for t in seq] for seq in r.sequences_ids] for r in results]


def _digit_prompts() -> list[str]:
    """The prompts of DIGIT_PROMPTS in use (read at call time: benches set the tuple)."""
    return [p for p in DIGIT_PROMPTS if p]


def _repeated(encoded: object, times: int) -> object:
    """The encoder output stacked `times` over (one copy per prompt), as the decoder wants it."""
    if times == 1:
        return encoded
    import ctranslate2

    return ctranslate2.StorageView.from_array(np.concatenate([np.asarray(encoded)] * times))


def _features(model: object, pieces: Sequence[np.ndarray], context: float) -> np.ndarray:
    """Log-mel features of each stretch's audio, padded to one length: `context` seconds or the longest."""
    mels = [model.feature_extractor(piece)[:, :-1] for piece in pieces]  # type: ignore[attr-defined]
    per_second = model.frames_per_second  # type: ignore[attr-defined]
    frames = max(int(context * per_second), *(m.shape[-1] for m in mels))
    frames = min(int(MAX_CONTEXT_SECONDS * per_second), frames + frames % 2)
    out = np.zeros((len(mels), mels[0].shape[0], frames), dtype=np.float32)
    for i, m in enumerate(mels):
        m = m[:, :frames]
        out[i, :, : m.shape[-1]] = m
    return out


def _decode_batch(
    model: object,
    pieces: Sequence[np.ndarray],
    stretches: Sequence[Stretch],
    *,
    language: str,
    beam_size: int,
    hypotheses: int,
    context: float,
    timestamps: bool = False,
    no_repeat_ngram: int = NO_REPEAT_NGRAM,
    tokens_per_second: float = TOKENS_PER_SECOND,
    unprompted: int = UNPROMPTED,
    length_penalty: float | None = None,
    patience: float | None = None,
) -> tuple[object, list[_Decoded]]:
    """Encode every stretch at once (short context) and beam-search each with only number tokens allowed.

    Deterministic (beam search, no sampling); at most a few tokens per second of the stretch, so a
    decoder stuck repeating a digit cannot run away. Each stretch is decoded once per prompt of
    DIGIT_PROMPTS (its readings in prompt order); with `unprompted`, the same encoder output is also
    decoded without a prompt and those readings follow the prompted ones. Returns the encoder output (for
    alignment) too.
    """
    from faster_whisper.tokenizer import Tokenizer

    tokenizer = Tokenizer(model.hf_tokenizer, True, task="transcribe", language=language)  # type: ignore[attr-defined]
    features = _features(model, pieces, context)
    encoded = model.encode(features)  # type: ignore[attr-defined]
    prompts = _digit_prompts()
    start = list(tokenizer.sot_sequence) + ([] if timestamps else [tokenizer.no_timestamps])
    longest = max(s.end - s.start for s in stretches)
    options = {"no_repeat_ngram_size": no_repeat_ngram,
               "length_penalty": LENGTH_PENALTY if length_penalty is None else length_penalty,
               "patience": PATIENCE if patience is None else patience}  # fmt: skip
    steps = int(tokens_per_second * longest) + 8
    hypotheses_of: list[list[list[int]]] = [[] for _ in stretches]
    sources_of: list[list[int]] = [[] for _ in stretches]
    n = len(stretches)
    if prompts:
        # Every stretch is decoded once per prompt, all in one batch: a prompt leaks its own digits into
        # the readings, and readings from prompts in different orders do not leak the same ones.
        per = max(1, hypotheses // len(prompts)) if len(prompts) > 1 else hypotheses
        beam = max(beam_size if len(prompts) == 1 else PROMPT_BEAM, per)
        rows = [[tokenizer.sot_prev, *tokenizer.encode(" " + p), *start] for p in prompts]
        batch = _repeated(encoded, len(prompts))
        results = _generate(
            model, batch, [r for r in rows for _ in range(n)], beam_size=beam, num_hypotheses=per,
            max_length=max(map(len, rows)) + steps, **options,
        )  # fmt: skip
        for k, r in enumerate(results):
            hypotheses_of[k % n].extend([t for t in seq if t < tokenizer.eot] for seq in r)
            sources_of[k % n].extend([k // n] * len(r))
    if unprompted or not prompts:
        width = unprompted or hypotheses
        results = _generate(
            model, encoded, [start] * n, beam_size=max(beam_size if not prompts else 1, width),
            num_hypotheses=width, max_length=len(start) + steps, **options,
        )  # fmt: skip
        for i, r in enumerate(results):
            hypotheses_of[i].extend([t for t in seq if t < tokenizer.eot] for seq in r)
            sources_of[i].extend([-1] * len(r))
    # Where most prompted readings recite their prompt (RETRY_SHARE), the decoder is asked again without it,
    # on the same encoder output of just those stretches: a second decode only where the first one failed.
    retry_on = RETRY_RECITED and prompts and not unprompted
    recited = [
        i for i, hyps in enumerate(hypotheses_of) if retry_on and _mostly_recited(
            [tokenizer.decode(h) for h in hyps], [prompts[src] for src in sources_of[i]])
    ]  # fmt: skip
    if recited:
        import ctranslate2

        again = ctranslate2.StorageView.from_array(np.asarray(encoded)[recited])
        retry = [tokenizer.sot_prev, *tokenizer.encode(" " + RETRY_PROMPT)] if RETRY_PROMPT else []
        results = _generate(
            model, again, [[*retry, *start]] * len(recited), beam_size=RETRY_RECITED,
            num_hypotheses=RETRY_RECITED, max_length=len(retry) + len(start) + steps, **options,
        )  # fmt: skip
        for i, r in zip(recited, results, strict=True):
            hypotheses_of[i].extend([t for t in seq if t < tokenizer.eot] for seq in r)
            sources_of[i].extend([-1] * len(r))
    decoded = [_Decoded(s, h, src) for s, h, src in zip(stretches, hypotheses_of, sources_of, strict=True)]
    return (tokenizer, encoded), decoded


def _timed_words(
    model: object, aligner: object, chosen: list[tuple[int, Stretch, list[int]]]
) -> dict[int, list[Word]]:
    """Word times and confidences of each chosen reading, from one batched alignment (cross-attention)."""
    tokenizer, encoded = aligner  # type: ignore[misc]
    if not chosen:
        return {}
    # Only the kept readings are aligned, on their own rows of the encoder output (a row's alignment does
    # not depend on the others in the batch).
    rows = [i for i, _s, _t in chosen]
    if len(rows) < encoded.shape[0]:  # type: ignore[attr-defined]
        import ctranslate2

        encoded = ctranslate2.StorageView.from_array(np.asarray(encoded)[rows])
    frames = encoded.shape[1] * 2  # type: ignore[attr-defined]
    per_second = model.frames_per_second  # type: ignore[attr-defined]
    num_frames = [min(frames, round((s.end - s.start) * per_second)) for _i, s, _t in chosen]
    found = model.find_alignment(tokenizer, [t for _i, _s, t in chosen], encoded, num_frames)  # type: ignore[attr-defined]
    alignments = dict(zip(rows, found, strict=True))
    out: dict[int, list[Word]] = {}
    for i, stretch, _tokens in chosen:
        seconds = stretch.end - stretch.start
        words = []
        for a in alignments[i]:
            text = a["word"].strip()
            if not text:
                continue
            start = stretch.start + min(max(float(a["start"]), 0.0), seconds)
            end = stretch.start + min(max(float(a["end"]), float(a["start"]), 0.0), seconds)
            text, nearness = _number_word_of(text)
            word = Word(round(start, 3), round(end, 3), text, round(float(a["probability"]) * nearness, 4))
            if words and not any(ch.isalnum() for ch in text):
                # Alignment gives punctuation words of their own; written "nol , empat" the comma would
                # split the number where the speaker only paused ("nol, empat").
                last = words[-1]
                word = Word(last.start, max(last.end, word.end), last.text + text, last.confidence)
                words[-1] = word
                continue
            words.append(word)
        out[i] = words
    return out


class Chooser(Protocol):
    """Picks among a stretch's readings: the number-only ones, then the first pass's (index `first`)."""

    def __call__(self, readings: list[str], *, first: int) -> int: ...


def number_pass(
    model: object,
    audio: np.ndarray,
    segments: Sequence[Segment],
    *,
    language: str = "id",
    choose: Chooser | None = None,
    beam_size: int = 5,
    hypotheses: int = HYPOTHESES,
    context: float = CONTEXT_SECONDS,
    timestamps: bool = False,
    tail: float = TAIL,
    widen: bool = WIDEN,
    **tuning: Any,
) -> tuple[list[Segment], list[Redecode]]:
    """Decode every number stretch again and put the number-only reading in place of the first one.

    All stretches of the recording are decoded in one batch, each padded to `context` seconds rather
    than Whisper's 30 s window: the encoder's cost grows with its input, and a stretch is a few seconds.

    Args:
        model: a loaded faster-whisper model (`voice.engines.whisper.load_whisper_model`).
        audio: the float32 16 kHz audio the segments were decoded from (segment times index it).
        segments: the first pass.
        choose: picks among [number-only readings (n-best, best first)..., first reading], told the
            first reading's index as `first` (nlp's plausibility, for example); by default the best
            number-only reading is kept unless it heard fewer digit words.
        hypotheses: how many number-only readings per stretch are offered to `choose`.
        context: seconds of audio the encoder sees per stretch (the stretch, then silence).
        timestamps: let the decoder write timestamp tokens (word times come from alignment either way).
        tail: seconds a stretch may run on after its last word (`find_number_stretches`).
        tuning: `no_repeat_ngram`, `tokens_per_second` of the decoder (for the bench).
    Returns:
        The segments with each stretch's words replaced, and what was done per stretch.
    """
    words = [w for s in segments for w in s.words]
    stretches = find_number_stretches(words, len(audio) / SAMPLE_RATE, tail=tail, widen=widen)
    pieces = [audio[int(s.start * SAMPLE_RATE) : int(s.end * SAMPLE_RATE)] for s in stretches]
    options = {"language": language, "beam_size": beam_size, "hypotheses": hypotheses, "context": context,
               "timestamps": timestamps, **tuning}  # fmt: skip
    return _listen_again(model, segments, stretches, pieces, choose=choose, **options)


def _listen_again(
    model: object,
    segments: Sequence[Segment],
    stretches: Sequence[Stretch],
    pieces: Sequence[np.ndarray],
    *,
    choose: Chooser | None,
    **options: Any,
) -> tuple[list[Segment], list[Redecode]]:
    """Decode the stretches' audio (`pieces`) in one batch, choose a reading per stretch, put it in place."""
    keep = [i for i, piece in enumerate(pieces) if len(piece) >= SAMPLE_RATE // 10]
    stretches, pieces = [stretches[i] for i in keep], [pieces[i] for i in keep]
    words = [w for s in segments for w in s.words]
    # A stretch whose first reading has no number word spelt right nor a written digit is left as heard
    # whatever the number-only decoder says (`_number_like`), so it is not decoded at all.
    heard = [_heard_in(words, s) for s in stretches]
    asked = [i for i, s in enumerate(stretches) if _number_like(heard[i], s)]
    left = [_left_as_heard(stretches[i], heard[i]) for i in range(len(stretches)) if i not in asked]
    if not asked:
        return list(segments), left
    stretches, pieces = [stretches[i] for i in asked], [pieces[i] for i in asked]
    aligner, decoded = _decode_batch(model, pieces, stretches, **options)
    tokenizer = aligner[0]  # type: ignore[index]
    picks: list[tuple[int, Stretch, list[int]]] = []
    befores: list[str] = []
    offered: list[tuple[str, ...]] = []
    prompts = _digit_prompts()
    for i, d in enumerate(decoded):
        old = heard[asked[i]]
        before = " ".join(w.text for w in old)
        befores.append(before)
        readings = [_as_number_words(tokenizer.decode(h).strip()) for h in d.hypotheses]  # type: ignore[attr-defined]
        offered.append(tuple(readings))
        said_by = [_decoded_with(src, prompts) for src in d.sources]
        sane = [
            k for k, text in enumerate(readings)
            if _sane(text, old, d.stretch, said_by[k]) and _number_shaped(text)
        ]  # fmt: skip
        sane = _covering(sane, readings, old)
        if choose is not None and sane:
            pick = choose([readings[k] for k in sane] + [before], first=len(sane))
            kept = sane[pick] if pick < len(sane) else None
        elif sane and _digit_count(readings[sane[0]]) >= _digit_count(before):
            kept = sane[0]
        else:
            kept = None
        picks.append((i, d.stretch, d.hypotheses[kept] if kept is not None else []))
    timed = _timed_words(model, aligner, [(i, s, t) for i, s, t in picks if t])
    out = list(segments)
    report: list[Redecode] = []
    for (i, stretch, _tokens), before, readings in zip(picks, befores, offered, strict=True):
        new = timed.get(i, [])
        best = readings[0] if readings else ""
        after = " ".join(w.text for w in new) if new else best
        report.append(Redecode(stretch, before, after, "after" if new else "before", readings))
        if new:
            out = _replace_words(out, stretch, new)
    return out, sorted(report + left, key=lambda r: r.stretch.start)


def _heard_in(words: Sequence[Word], stretch: Stretch) -> list[Word]:
    """The first pass's words whose middle falls in the stretch."""
    return [w for w in words if stretch.start <= (w.start + w.end) / 2 <= stretch.end]


def _left_as_heard(stretch: Stretch, heard: Sequence[Word]) -> Redecode:
    before = " ".join(w.text for w in heard)
    return Redecode(stretch, before, before, "before")


def listen_again(
    path: str | Path,
    transcript: Transcript,
    *,
    models_dir: Path,
    choose: Chooser | None = None,
) -> Transcript:
    """The transcript with every number stretch decoded again by Whisper, as the intake job wants it.

    Only the stretches' audio is kept in memory (the file is streamed once per channel), so a two-hour
    programme costs what its numbers cost. The pass applies to Indonesian, whose number words it knows,
    whichever engine made the first pass (Vosk word confidences serve as well); without an installed
    Whisper model the transcript comes back unchanged. What was done is in `metadata["numbers"]`.

    Raises:
        AudioDecodeError when the file cannot be read again.
    """
    if transcript.language not in NUMBER_LANGUAGES or not transcript.segments:
        return transcript
    from voice.audio import decode_pcm
    from voice.engines.whisper import shared_whisper_model
    from voice.errors import ModelError
    from voice.models import resolve_model

    try:
        chosen = resolve_model(language=transcript.language, models_dir=models_dir, engine="whisper")
        model = shared_whisper_model(chosen.absolute_path(models_dir))
    except ModelError:
        return transcript
    segments = list(transcript.segments)
    report: list[Redecode] = []
    for channel in sorted({s.channel for s in segments}, key=lambda c: -1 if c is None else c):
        mine = [s for s in segments if s.channel == channel]
        words = [w for s in mine for w in s.words]
        stretches = find_number_stretches(words, transcript.duration)
        if not stretches:
            continue
        pcm = decode_pcm(path, sample_rate=SAMPLE_RATE, channel=channel)
        pieces = _pieces(pcm, stretches)
        redone, done = _listen_again(
            model, mine, stretches, pieces, choose=choose, language=transcript.language,
            beam_size=5, hypotheses=HYPOTHESES, context=CONTEXT_SECONDS,
        )  # fmt: skip
        segments = sorted(
            [s for s in segments if s.channel != channel] + redone, key=lambda s: (s.start, s.channel or 0)
        )
        report.extend(done)
    if not report:
        return transcript
    metadata = {**transcript.metadata, "numbers": [_as_dict(r) for r in report]}
    return replace(transcript, segments=tuple(segments), metadata=metadata)


def _pieces(pcm: Iterable[bytes], stretches: Sequence[Stretch]) -> list[np.ndarray]:
    """The audio of each stretch, cut from a stream of s16le chunks without keeping the rest."""
    bounds = [(int(s.start * SAMPLE_RATE), int(s.end * SAMPLE_RATE)) for s in stretches]
    parts: list[list[np.ndarray]] = [[] for _ in stretches]
    at = 0
    for chunk in pcm:
        samples = np.frombuffer(chunk, dtype="<i2")
        end = at + len(samples)
        for k, (a, b) in enumerate(bounds):
            if a < end and at < b:
                parts[k].append(samples[max(a, at) - at : min(b, end) - at])
        at = end
        if at >= max(b for _a, b in bounds):
            break
    return [
        np.concatenate(p).astype(np.float32) / 32768.0 if p else np.zeros(0, dtype=np.float32) for p in parts
    ]


def _as_dict(r: Redecode) -> dict[str, Any]:
    return {"start": r.stretch.start, "end": r.stretch.end, "reason": r.stretch.reason,
            "before": r.before, "after": r.after, "kept": r.kept}  # fmt: skip


def _prompt_words(prompt: str) -> list[str]:
    """The prompt's number words, in order (what a recital of it would say)."""
    return [w for w in re.sub(r"[^a-z ]", "", prompt.lower()).split() if w in NUMBER_WORDS]


PROMPT_GRAM = 3  # this many prompt words in the prompt's order, not heard in the first pass, are a recital


def _decoded_with(source: int, prompts: Sequence[str]) -> str:
    """The prompt a reading was decoded with, for its recital check: its own of `prompts`, or for the recital
    retry's readings (source -1) RETRY_PROMPT, "" by default. Checked against every prompt instead, a retry
    reading of a number that begins as the digit prompt does (0852 …: "kosong delapan lima dua") was
    rejected as a recital of a prompt it was never given."""
    return prompts[source] if source >= 0 else RETRY_PROMPT


def _recites(text: str, prompt: str | None = None) -> bool:
    """Does a reading say PROMPT_GRAM of a prompt's number words in the prompt's order?"""
    said = [w for w in (re.sub(r"[^a-z0-9]", "", t) for t in text.lower().split()) if w]
    return bool(_grams(said, PROMPT_GRAM) & _recital_grams(prompt))


def _mostly_recited(readings: Sequence[str], prompts: Sequence[str]) -> bool:
    """Do at least RETRY_SHARE of a stretch's prompted readings recite the prompt each was decoded with?"""
    recited = sum(_recites(text, prompt) for text, prompt in zip(readings, prompts, strict=True))
    return bool(readings) and recited >= RETRY_SHARE * len(readings)


def _recital_grams(prompt: str | None = None) -> set[tuple[str, ...]]:
    """The word n-grams a recital of `prompt` would say (of every digit prompt when None)."""
    prompts = [prompt] if prompt is not None else list(DIGIT_PROMPTS)
    prompts += [RETRY_PROMPT] if RETRY_PROMPT else []
    return set().union(*(_grams(_prompt_words(p), PROMPT_GRAM) for p in prompts))


def _grams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


_SPELLING = re.compile(r"[a-zA-Z]+")


def _number_word_of(token: str) -> tuple[str, float]:
    """A word of a number-only reading ("dgapan,", "Lima-gerapan") with each spelling in it written as the
    number word it is nearest to (within READ_AS_NUMBER), and how near the farthest one was (1.0: none
    changed): its confidence is lowered by that, so nlp still marks a digit read from a far spelling."""
    nearness = [1.0]

    def nearest(spelt: re.Match[str]) -> str:
        word = spelt.group().lower()
        if word in NUMBER_WORDS:
            return spelt.group()
        best, ratio = _nearest_number_word(word)
        if ratio < READ_AS_NUMBER:
            return spelt.group()
        nearness.append(ratio)
        return best

    return _SPELLING.sub(nearest, token), min(nearness)


def _as_number_words(text: str) -> str:
    """A number-only reading with each word written as its nearest number word (`_number_word_of`)."""
    return " ".join(_number_word_of(token)[0] for token in text.split())


def _as_number_word(text: str) -> str:
    """The number word a written word is nearest to ("semilan" → "sembilan"), or the word itself."""
    word = _LETTERS.sub("", text.lower())
    best, ratio = _nearest_number_word(word)
    return best if ratio >= NEAR_RATIO else word


WORDS_PER_SECOND = 4.0  # faster than anyone says digits
COVER = 0.6  # a reading with fewer words than this share of the first pass's in its stretch stopped early


def _sane(text: str, old: list[Word], stretch: Stretch, prompt: str | None = None) -> bool:
    """Reject a number-only reading that shows the decoder stopped listening.

    It recited its prompt (PROMPT_GRAM prompt words in the prompt's order that the first pass did not
    hear; `prompt`: the one it was decoded with, `_decoded_with`; None: any), looped (one word four times
    in a row), said more words than fit in the stretch, or lost most of the digit-like words heard first.
    """
    said = [re.sub(r"[^a-z0-9]", "", w) for w in text.lower().split()]
    said = [w for w in said if w]
    if not said:
        return False
    recital = _recital_grams(prompt) - _grams([_as_number_word(w.text) for w in old], PROMPT_GRAM)
    if _grams(said, PROMPT_GRAM) & recital:
        return False
    if any(len(set(said[i : i + 4])) == 1 for i in range(len(said) - 3)):
        return False
    if len(said) > WORDS_PER_SECOND * (stretch.end - stretch.start) + 2:
        return False
    heard = sum(digit_like(w.text) for w in old)
    # Neither lose most of the digits heard first, nor make a number of words that did not sound like one
    # (with only number tokens allowed, any speech comes out as digits).
    return heard <= _digit_count(" ".join(said)) * 2 <= 4 * heard + 2


def _spoken_words(text: str) -> int:
    return sum(bool(re.sub(r"[^a-z0-9]", "", t.lower())) for t in text.split())


def _covering(keys: list[int], readings: Sequence[str], old: list[Word]) -> list[int]:
    """The readings that say about as many words as the first pass heard in the stretch, when there are
    any: a reading with far fewer stopped early or skipped part of the audio (the decoder's commonest
    failure), and `choose`, which only sees digits, may prefer it when the other readings agree with it."""
    if COVER <= 0:
        return keys
    full = [k for k in keys if _spoken_words(readings[k]) >= COVER * len(old)]
    return full or keys


def _spelt_number(token: str) -> bool:
    word = re.sub(r"[^a-z0-9]", "", token.lower())
    return bool(_DIGIT.search(word)) or word in NUMBER_WORDS


def _number_like(old: list[Word], stretch: Stretch) -> bool:
    """Did the first reading of a stretch say a number, not only sound like one?

    A stretch found by digit-like words needs one number word spelt right or a written digit: ordinary
    speech is full of near-misses ("lama di depan" is "lima … delapan" to a loose ear, "Tina, Lisa" is
    "tiga, lima"), and decoded with number words only it comes out as digits. After a cue the number may
    have been heard as anything, so a cue stretch is judged by its new reading alone.
    """
    return stretch.reason == "cue" or any(_spelt_number(w.text) for w in old)


def _number_shaped(text: str) -> bool:
    """Is a number-only reading mostly number words spelt right ("katu kelaan" is not)?"""
    said = [t for t in text.split() if re.sub(r"[^a-z0-9]", "", t.lower())]
    return bool(said) and 2 * sum(_spelt_number(t) for t in said) >= len(said)


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
