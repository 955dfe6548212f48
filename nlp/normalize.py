"""Spoken Indonesian → written form, keeping a map back to the original characters.

ASR output spells numbers out ("nol delapan satu tiga…", "lima puluh ribu rupiah") and misspells digit words;
entity rules are far simpler on "0813…" and "Rp50.000". Every rewritten piece remembers the original span,
so an entity found in the normalized text still points at the spoken words (and so at the audio).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from nlp.digit_words import multiplier_lexicon, read_digit_word

_TOKEN = re.compile(r"(?P<w>[^\W\d_]+)|(?P<d>[0-9]+)|(?P<o>\S)")

# Words that are numbers wherever they appear.
UNITS: dict[str, int] = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9,
}  # fmt: skip
# Misheard digit words ("semilan", "nam", "doa") and "kosong" (zero in phone numbers, but also "empty") come
# from nlp.digit_words' generated lexicon: only trusted inside a longer run of numbers.
# "dobel lima" is 55 in a phone number.
REPEATS: dict[str, int] = {"dobel": 2, "double": 2, "dabel": 2, "tripel": 3, "triple": 3, "tripple": 3}
SE_WORDS: dict[str, tuple[int, str]] = {
    "sepuluh": (10, "puluh"), "sebelas": (11, "belas"), "seratus": (100, "ratus"), "seribu": (1000, "scale"),
    "sejuta": (1_000_000, "scale"),
}  # fmt: skip
SCALES: dict[str, int] = {
    "ribu": 1000,
    "juta": 1_000_000,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
}
MULTIPLIERS = {"belas", "puluh", "ratus"}
MONTHS: dict[str, int] = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11, "desember": 12,
}  # fmt: skip
_RUN_SEPARATORS = {",", "-", "."}
_CURRENCY_AFTER = {"rupiah", "perak"}
_NOT_MONEY_BEFORE = {"tahun", "sejak", "thn"}
_RT_WORDS = {"rt", "rw", "erte", "erwe"}
LETTER_NAMES: dict[str, str] = {
    "a": "A", "be": "B", "ce": "C", "de": "D", "e": "E", "ef": "F", "ge": "G", "ha": "H", "i": "I", "je": "J",
    "ka": "K", "el": "L", "em": "M", "en": "N", "o": "O", "pe": "P", "ki": "Q", "er": "R", "es": "S",
    "te": "T",
    "u": "U", "ve": "V", "fe": "V", "we": "W", "eks": "X", "ye": "Y", "zet": "Z",
}  # fmt: skip
# Only these are joined: two letter names in a row are otherwise ordinary words ("a", "e", "i", "o").
_ACRONYM_LIST = (
    "PLN PDAM BPJS KTP KK RT RW SD SMP SMA SMK KIS KIP PKH BLT BPNT DTKS PBB SIM STNK BPKB NIK PNS ASN TNI"
    " DPRD DPR KUA RSUD UPT PUPR PU LPG BBM SPBU TKI PMI UMR UMK THR PHK PPPK KPU KPPS BPD BUMDES LPJ APBD"
    " APBN BKD BNPB BPBD SPBN TPA TPS"
)
ACRONYMS = frozenset(_ACRONYM_LIST.split())


@dataclass(frozen=True, slots=True)
class Piece:
    """One stretch of normalized text and the original stretch it came from."""

    norm_start: int
    norm_end: int
    orig_start: int
    orig_end: int
    rewritten: bool


@dataclass(slots=True)
class Normalized:
    """Normalized text plus the piecewise map back to the original."""

    original: str
    text: str
    pieces: list[Piece] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized [start, end) to the original text; rewritten pieces map as a whole."""
        if not self.pieces:
            return start, end
        if not self._starts:
            self._starts = [p.norm_start for p in self.pieces]
        return self._map(start, is_end=False), self._map(end, is_end=True)

    def _map(self, pos: int, *, is_end: bool) -> int:
        idx = bisect_right(self._starts, pos - 1 if is_end else pos) - 1
        idx = max(0, min(idx, len(self.pieces) - 1))
        p = self.pieces[idx]
        if p.rewritten:
            return p.orig_end if is_end else p.orig_start
        offset = min(max(pos - p.norm_start, 0), p.norm_end - p.norm_start)
        return p.orig_start + offset


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int
    kind: str  # w, d, o


@dataclass(frozen=True, slots=True)
class _Elem:
    """A number element of a run: a unit word, a multiplier, a scale or a digit string."""

    tok_index: int
    kind: str  # unit, near, weak, repeat, puluh/belas/ratus, scale, se, digits
    value: int
    digits: str = ""
    ordinal: bool = False
    confidence: float = 1.0  # how surely the written word is this digit (misheard spellings less)
    loose: bool = False  # an ordinary word that is a number only right after a digit ("lima puru")


def _tokens(text: str) -> list[_Tok]:
    return [
        _Tok(m.group(), m.group().lower(), m.start(), m.end(), m.lastgroup or "o")
        for m in _TOKEN.finditer(text)
    ]


def _elem(tok: _Tok, index: int) -> _Elem | None:
    low = tok.low
    if tok.kind == "d":
        return _Elem(index, "digits", int(tok.text), digits=tok.text)
    if tok.kind != "w":
        return None
    if low in UNITS:
        return _Elem(index, "unit", UNITS[low], digits=str(UNITS[low]))
    reading = read_digit_word(low)
    if reading is not None:
        kind = "weak" if reading.kind == "ambiguous" else "near"
        return _Elem(index, kind, reading.value, digits=str(reading.value), confidence=reading.confidence)
    if low in REPEATS:
        return _Elem(index, "repeat", REPEATS[low])
    if low in MULTIPLIERS:
        return _Elem(index, low, 0)
    misheard = multiplier_lexicon().get(low)
    if misheard is not None:  # "lima puru" is "lima puluh"
        return _Elem(index, misheard.word, 0, confidence=misheard.confidence, loose=misheard.ambiguous)
    if low in SCALES:
        return _Elem(index, "scale", SCALES[low])
    if low in SE_WORDS:
        return _Elem(index, "se", SE_WORDS[low][0])
    if low.startswith("ke") and len(low) > 3:
        rest = low[2:]
        if rest in UNITS and rest not in ("nol",):
            return _Elem(index, "unit", UNITS[rest], digits=str(UNITS[rest]), ordinal=True)
        if rest in SE_WORDS:
            return _Elem(index, "se", SE_WORDS[rest][0], ordinal=True)
    return None


def _runs(toks: list[_Tok], skip: set[int]) -> list[list[_Elem]]:
    """Maximal runs of number elements, separated only by spaces or , - . between them."""
    runs: list[list[_Elem]] = []
    current: list[_Elem] = []
    i = 0
    while i < len(toks):
        el = None if i in skip else _elem(toks[i], i)
        if el is not None and el.loose and not (current and current[-1].kind in ("unit", "near", "weak")):
            el = None
        if el is not None and (not current or not el.ordinal):
            current.append(el)
            i += 1
            continue
        if current and _joins(toks, i, skip):
            i += 1
            continue
        if current:
            runs.append(current)
            current = []
        if el is not None:
            continue  # an ordinal starts a fresh run
        i += 1
    if current:
        runs.append(current)
    return [r for part in runs for r in _trim_weak(_expand_repeats(_drop_abbreviation(part, toks))) if r]


def _drop_abbreviation(run: list[_Elem], toks: list[_Tok]) -> list[_Elem]:
    """ "no 0812…" is "nomor 0812…": "no" is zero only among spoken digit words."""
    if len(run) > 1 and toks[run[0].tok_index].low == "no" and toks[run[1].tok_index].kind == "d":
        return run[1:]
    return run


def _joins(toks: list[_Tok], i: int, skip: set[int]) -> bool:
    """Is toks[i] a separator inside a number ("3.0.54", "1-0-8", "2 lima, 1", "Kosong -kosong")?

    A separator glued to the number before it always joins; a loose hyphen joins only next to a spoken
    digit word, so "jam 08.00 - 10.00" stays two times.
    """
    tok = toks[i]
    if tok.kind != "o" or tok.text not in _RUN_SEPARATORS or i + 1 >= len(toks) or i + 1 in skip:
        return False
    if _elem(toks[i + 1], i + 1) is None:
        return False
    if tok.start == toks[i - 1].end:
        return True
    return tok.text == "-" and (toks[i - 1].kind == "w" or toks[i + 1].kind == "w")


def _expand_repeats(run: list[_Elem]) -> list[_Elem]:
    """ "dobel lima" → 5 5: the repeat word takes the digit's value; one not before a digit is dropped."""
    out: list[_Elem] = []
    for k, e in enumerate(run):
        if e.kind != "repeat":
            out.append(e)
            continue
        nxt = run[k + 1] if k + 1 < len(run) else None
        if nxt is not None and nxt.kind in ("unit", "near", "weak") and not nxt.ordinal:
            for _ in range(e.value - 1):
                out.append(_Elem(e.tok_index, "unit", nxt.value, nxt.digits, confidence=nxt.confidence))
    return out


def _trim_weak(run: list[_Elem]) -> list[list[_Elem]]:
    """Misheard or ambiguous digit words count only inside a run of numbers.

    The run must have at least four elements, three of them digits or near-misses and two spelt right;
    otherwise it is cut at those words ("doa kami", "bu Lina dua anak" stay words).
    """
    strong = sum(1 for e in run if e.kind not in ("weak", "near"))
    near = sum(1 for e in run if e.kind == "near")
    if len(run) >= 4 and strong + near >= 3 and strong >= 2:
        return [run]
    out: list[list[_Elem]] = []
    cur: list[_Elem] = []
    for e in run:
        if e.kind in ("weak", "near"):
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(e)
    if cur:
        out.append(cur)
    return out


_Group = tuple[int, str, bool, int, int]  # value, digits as spoken, used a scale, first elem, last elem


def _accepts(state: dict[str, int | str], e: _Elem, prev: _Elem | None) -> bool:
    """Can element e continue the number being built (Indonesian number grammar)?"""
    last, small, last_scale = state["last"], int(state["small"]), int(state["last_scale"])
    kind = "unit" if e.kind in ("weak", "near") else e.kind
    if kind == "digits" and len(e.digits) == 1:
        kind = "unit"
    if kind == "unit":  # "sepuluh tujuh" and "dua puluh nol" are two numbers, as in "10 7", "20 0"
        return last == "" or (last in ("puluh", "ratus", "scale") and small % 10 == 0 and e.value != 0)
    if kind == "digits":
        return last in ("", "scale") and small == 0
    if kind in ("belas", "puluh"):
        return (
            last == "unit" and prev is not None and 1 <= prev.value <= 9 and (small - prev.value) % 100 == 0
        )
    if kind == "ratus":
        return last == "unit" and prev is not None and 1 <= prev.value <= 9 and small == prev.value
    if kind == "scale":
        return last != "" and small + int(state["total"]) > 0 and (last_scale == 0 or e.value < last_scale)
    # se-words
    if e.value >= 1000:
        return last == "" or (last == "scale" and small == 0 and e.value < last_scale)
    if e.value == 100:
        return last in ("", "scale") and small == 0
    return last in ("", "ratus", "scale") and small % 100 == 0


def _apply(state: dict[str, int | str], e: _Elem, prev: _Elem | None) -> None:
    kind = e.kind
    small, total = int(state["small"]), int(state["total"])
    if kind in ("unit", "weak", "near", "digits"):
        small += e.value
        state["digits"] = str(state["digits"]) + e.digits
        state["last"] = "unit" if len(e.digits) == 1 else "digits"
    elif kind == "belas":
        small += 10
        state["last"] = "belas"
    elif kind in ("puluh", "ratus"):
        assert prev is not None
        small += prev.value * (9 if kind == "puluh" else 99)
        state["last"] = kind
    elif kind == "scale" or (kind == "se" and e.value >= 1000):
        total += (small or 1) * e.value if kind == "scale" else e.value
        small = 0
        state["last_scale"] = e.value
        state["scaled"] = 1
        state["last"] = "scale"
    else:  # sepuluh, sebelas, seratus
        small += e.value
        state["last"] = {10: "sepuluh", 11: "belas", 100: "ratus"}[e.value]
    state["small"], state["total"] = small, total


def _fresh() -> dict[str, int | str]:
    return {"last": "", "small": 0, "total": 0, "last_scale": 0, "scaled": 0, "digits": ""}


def _groups(run: list[_Elem]) -> list[_Group]:
    """Split a run into the numbers it speaks: "nol delapan" is two, "dua ribu sembilan belas" is one.

    "dua puluh tiga puluh lima" is 20 and 35: when "puluh" (or "belas", "ratus") cannot continue the number,
    the digit word before it starts the next one, as a listener would hear it.
    """
    groups: list[_Group] = []
    state = _fresh()
    first = 0

    def flush(last_k: int) -> None:
        value = int(state["total"]) + int(state["small"])
        plain = not state["scaled"] and all(run[i].kind in _DIGIT_KINDS for i in range(first, last_k + 1))
        groups.append(
            (value, str(state["digits"]) if plain else str(value), bool(state["scaled"]), first, last_k)
        )

    for k, e in enumerate(run):
        prev = run[k - 1] if k > 0 else None
        if not _accepts(state, e, prev):
            if (
                e.kind in _MULTIPLIER_KINDS
                and prev is not None
                and prev.kind in _DIGIT_KINDS
                and first < k - 1
            ):
                state = _replay(run[first : k - 1])
                flush(k - 2)
                state, first = _fresh(), k - 1
                _apply(state, prev, None)
                if _accepts(state, e, prev):
                    _apply(state, e, prev)
                    continue
                flush(k - 1)
            elif state["last"]:
                flush(k - 1)
            state = _fresh()
            if not _accepts(state, e, None):
                continue
            prev = None
        if not state["last"]:
            first = k
        _apply(state, e, prev)
    if state["last"]:
        flush(len(run) - 1)
    return groups


_DIGIT_KINDS = ("unit", "weak", "near", "digits")
_MULTIPLIER_KINDS = ("belas", "puluh", "ratus")


def _replay(elems: list[_Elem]) -> dict[str, int | str]:
    """The state after reading `elems` as one number (they were accepted as one before)."""
    state = _fresh()
    for k, e in enumerate(elems):
        _apply(state, e, elems[k - 1] if k > 0 else None)
    return state


def _money(value: int) -> str:
    return "Rp" + f"{value:,}".replace(",", ".")


class _Writer:
    def __init__(self, original: str) -> None:
        self.original = original
        self.out: list[str] = []
        self.pieces: list[Piece] = []
        self.pos = 0  # in normalized text
        self.cursor = 0  # in original text

    def copy_to(self, orig_pos: int) -> None:
        if orig_pos > self.cursor:
            chunk = self.original[self.cursor : orig_pos]
            self.pieces.append(Piece(self.pos, self.pos + len(chunk), self.cursor, orig_pos, False))
            self.out.append(chunk)
            self.pos += len(chunk)
            self.cursor = orig_pos

    def replace(self, orig_start: int, orig_end: int, text: str) -> None:
        self.copy_to(orig_start)
        self.pieces.append(Piece(self.pos, self.pos + len(text), orig_start, orig_end, True))
        self.out.append(text)
        self.pos += len(text)
        self.cursor = orig_end

    def finish(self) -> Normalized:
        self.copy_to(len(self.original))
        return Normalized(self.original, "".join(self.out), self.pieces)


def _is_digit_string(run: list[_Elem], groups: list[_Group]) -> bool:
    """A phone number, NIK or ticket number spoken digit by digit or in small groups."""
    joined = "".join(g[1] for g in groups)
    if any(g[2] for g in groups):
        return False
    if len(joined) < 7:  # a short ticket number said digit by digit or in pairs: "satu dua tiga empat"
        return len(groups) >= 4 and all(len(g[1]) <= 2 for g in groups)
    return joined.startswith("0") or joined.startswith("62") or len(groups) >= 4


def tokens_and_runs(text: str) -> tuple[list[_Tok], list[list[_Elem]]]:
    """The text's tokens and its number runs with no token skipped (new lists of shared, frozen parts)."""
    toks, runs = _tokens_and_runs(text)
    return list(toks), [list(r) for r in runs]


# analyze() reads each text's numbers twice: normalize() rewrites them, nlp.numbers.read_numbers reports them
# as spoken. Both start from the same tokens and (unless an acronym or a decimal is rewritten) the same runs,
# so the last few texts' are kept.
@lru_cache(maxsize=4)
def _tokens_and_runs(text: str) -> tuple[tuple[_Tok, ...], tuple[tuple[_Elem, ...], ...]]:
    toks = _tokens(text)
    return tuple(toks), tuple(tuple(r) for r in _runs(toks, set()))


def normalize(text: str) -> Normalized:
    """Rewrite spoken numbers, money, RT/RW and ordinals; return text plus the map to the original.

    Args:
        text: raw (possibly ASR) Indonesian text.
    Returns:
        Normalized with `.text` and `.to_original(start, end)`.
    """
    toks, plain_runs = tokens_and_runs(text)
    w = _Writer(text)
    # Fixed rewrites first (spelled acronyms, decimal amounts); number runs then avoid their tokens.
    fixed = sorted(_acronyms(toks) + [_decimal_rewrite(toks, *d) for d in _decimals(toks)])
    skip = {k for a, b, _, _, _ in fixed for k in range(a, b + 1)}
    pending = list(reversed(fixed))
    for run in _runs(toks, skip) if skip else plain_runs:
        while pending and pending[-1][0] < run[0].tok_index:
            _, _, start, end, out = pending.pop()
            w.replace(start, end, out)
        _rewrite_run(w, toks, run)
    for _, _, start, end, out in reversed(pending):
        w.replace(start, end, out)
    return w.finish()


_Rewrite = tuple[int, int, int, int, str]  # first token, last token, start char, end char, new text


def _acronyms(toks: list[_Tok]) -> list[_Rewrite]:
    """Acronyms spelled letter by letter, as ASR writes them: "pe el en" → PLN, "er te" → RT."""
    found: list[_Rewrite] = []
    names = [LETTER_NAMES.get(t.low) for t in toks]
    i = 0
    while i < len(toks):
        if names[i] is None or i + 1 == len(toks) or names[i + 1] is None:
            i += 1  # no acronym starts here: its first two tokens must both be letter names
            continue
        for n in range(min(5, len(toks) - i), 1, -1):
            letters = names[i : i + n]
            if all(letters) and "".join(letters) in ACRONYMS:  # type: ignore[arg-type]
                acronym = "".join(letters)  # type: ignore[arg-type]
                found.append((i, i + n - 1, toks[i].start, toks[i + n - 1].end, acronym))
                i += n - 1
                break
        i += 1
    return found


def _small_value(tok: _Tok) -> float | None:
    """A number said as one token: "2", "dua", "sepuluh"."""
    if tok.kind == "d" and len(tok.text) <= 4:
        return float(tok.text)
    if tok.low in UNITS:
        return float(UNITS[tok.low])
    if tok.low in SE_WORDS and SE_WORDS[tok.low][0] < 1000:
        return float(SE_WORDS[tok.low][0])
    return None


def _decimals(toks: list[_Tok]) -> list[tuple[int, int, float]]:
    """ "2,5 juta", "satu koma lima juta", "dua setengah juta": (first token, last token, value)."""
    found: list[tuple[int, int, float]] = []
    i = 0
    while i + 2 < len(toks):
        a = _small_value(toks[i])
        nxt = toks[i + 1].low
        value: float | None = None
        last = i
        if a is not None and nxt == "setengah" and toks[i + 2].low in SCALES:
            value, last = (a + 0.5) * SCALES[toks[i + 2].low], i + 2
        elif a is not None and nxt in (",", "koma") and i + 3 < len(toks) and toks[i + 3].low in SCALES:
            b = toks[i + 2]
            digit = b.text if b.kind == "d" and len(b.text) == 1 else str(UNITS.get(b.low, ""))
            if digit and (nxt == "koma" or (toks[i + 1].start == toks[i].end and b.start == toks[i + 1].end)):
                value, last = (a + int(digit) / 10) * SCALES[toks[i + 3].low], i + 3
        if value is not None:
            found.append((i, last, value))
            i = last + 1
        else:
            i += 1
    return found


def _decimal_rewrite(toks: list[_Tok], first: int, last: int, value: float) -> _Rewrite:
    end = toks[last].end
    if last + 1 < len(toks) and toks[last + 1].low in _CURRENCY_AFTER:
        end = toks[last + 1].end
    start = toks[first - 1].start if first > 0 and toks[first - 1].low == "rp" else toks[first].start
    return first, last, start, end, _money(round(value))


def _rewrite_run(w: _Writer, toks: list[_Tok], run: list[_Elem]) -> None:
    if all(e.kind == "digits" for e in run) and len(run) == 1:
        _rewrite_digits_only(w, toks, run)
        return
    groups = _groups(run)
    if not groups:
        return
    first_tok, last_tok = toks[run[groups[0][3]].tok_index], toks[run[groups[-1][4]].tok_index]
    if _is_digit_string(run, groups):
        w.replace(first_tok.start, last_tok.end, "".join(g[1] for g in groups))
        return
    if _after_rt(toks, run[groups[0][3]].tok_index) and not any(g[2] for g in groups):
        joined = "".join(g[1] for g in groups)
        if len(joined) <= 3:
            w.replace(first_tok.start, last_tok.end, joined.zfill(2))
            return
    for group in groups:
        _rewrite_group(w, toks, run, group)


def _rewrite_group(w: _Writer, toks: list[_Tok], run: list[_Elem], group: _Group) -> None:
    value, digits, used_scale, a, b = group
    els = run[a : b + 1]
    if all(e.kind == "digits" for e in els):
        return  # already written as digits
    start_i, end_i = els[0].tok_index, els[-1].tok_index
    before = toks[start_i - 1].low if start_i > 0 else ""
    after = toks[end_i + 1].low if end_i + 1 < len(toks) else ""
    start, end = toks[start_i].start, toks[end_i].end
    if _after_rt(toks, start_i):
        out = digits.zfill(2)
    elif after in _CURRENCY_AFTER or before == "rp":
        out = _money(value)
        if after in _CURRENCY_AFTER:
            end = toks[end_i + 1].end
        if before == "rp":
            start = toks[start_i - 1].start
    elif used_scale and value % 1000 == 0 and not _is_year(toks, start_i) and _money_context(toks, start_i):
        out = _money(value)
    else:
        out = digits if (digits.startswith("0") and len(digits) > 1) else str(value)
    if els[0].ordinal:
        out = f"ke-{out}"
    elif before == "ke":
        start = toks[start_i - 1].start
        out = f"ke-{out}"
    w.replace(start, end, out)


_MONEY_HINT_WORDS = (
    "bayar dibayar membayar biaya dipungut pungut pungutan diminta minta dimintai uang harga tarif sebesar"
    " senilai ongkos iuran denda pungli gaji upah dana insentif honor setor disetor dipotong potongan tebus"
    " bantuan blt bansos terima menerima diterima cair dicairkan kasih dikasih memberi sogok suap"
    " tagihan ditagih rekening cicilan pinjaman utang hutang modal anggaran"
)
_MONEY_HINTS = frozenset(_MONEY_HINT_WORDS.split())


def _money_context(toks: list[_Tok], index: int) -> bool:
    """ "lima puluh ribu" without "rupiah" is money after "bayar", "diminta"…; "lima ribu warga" is not."""
    return any(t.low in _MONEY_HINTS for t in toks[max(0, index - 4) : index])


def _after_rt(toks: list[_Tok], index: int) -> bool:
    if index > 0 and toks[index - 1].low in _RT_WORDS:
        return True
    # "er te nol tiga": the letters were rewritten to RT, the number follows them.
    return index > 1 and toks[index - 2].low == "er" and toks[index - 1].low in ("te", "we")


def _is_year(toks: list[_Tok], index: int) -> bool:
    """ "dua ribu" after a month or "tahun" is a year, not money."""
    i = index - 1
    return i >= 0 and (toks[i].low in MONTHS or toks[i].low in _NOT_MONEY_BEFORE)


def _rewrite_digits_only(w: _Writer, toks: list[_Tok], run: list[_Elem]) -> None:
    """Digits written as such: only pad RT/RW numbers ("RT 3" → "RT 03")."""
    e = run[0]
    if _after_rt(toks, e.tok_index) and len(e.digits) == 1:
        t = toks[e.tok_index]
        w.replace(t.start, t.end, e.digits.zfill(2))
