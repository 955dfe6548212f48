"""Likely duplicates: score earlier analyses against a new one by topic, place and wording.

Many callers report the same broken bridge; an official who sees "3 similar reports" can merge them
instead of dispatching three times. Pure functions over Analysis objects (or their dict form): the store
chooses which earlier complaints to compare (api/complaint/duplicates.py: the same regency, 30 days, those
the reader may reach) and what to do with the matches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from nlp.types import Analysis

# What was reported (wording, topic) makes the score; where scales it: the same words about another
# village are a different complaint, and a different complaint in the same village is not a duplicate.
W_TEXT, W_TOPIC = 0.65, 0.35
PLACE_FLOOR = 0.4  # score multiplier for places that share nothing; 1.0 for the same village
UNKNOWN_PLACE = 0.3  # one side has no place: neither evidence for nor against
PHONE_BONUS = 0.15  # the same caller again is a strong hint, not proof (people report several things)
_LEVEL_NAMES = {1: "province", 2: "regency", 3: "district", 4: "village"}
_LEVEL_SCORE = {0: 0.0, 1: 0.2, 2: 0.5, 3: 0.8, 4: 1.0}

# Words that say nothing about what happened: greetings, fillers, pronouns, particles, politeness.
_STOP = frozenset(
    str.split(
        """
    halo hallo assalamualaikum waalaikumsalam selamat pagi siang sore malam pak bu bapak ibu mas mbak kang teh
    bang terima kasih makasih matur nuwun hatur nuhun tolong mohon saya kami kita aku kulo dia mereka ini itu
    yang dan di ke dari untuk buat dengan pada sudah udah belum tidak nggak gak ndak enggak ga ada adalah akan
    juga jadi mau ingin lapor melaporkan menyampaikan ya iya nih dong sih loh kok deh kan eh anu apa namanya
    gitu begini gini nah terus lagi sama atau tapi karena soalnya kalau kalo bisa sangat banget sekali
    desa kelurahan kecamatan kabupaten kota dusun kampung provinsi rt rw
    """
    )
)
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class SimilarMatch:
    """An earlier analysis that looks like the same complaint: its index or id, score and why."""

    key: int | str
    score: float
    reasons: tuple[str, ...]
    text_score: float
    topic_score: float
    place_score: float


@dataclass(frozen=True, slots=True)
class _Features:
    topics: Mapping[str, float]
    labels: frozenset[str]
    codes: tuple[str, ...]
    words: str
    phones: frozenset[str]


AnalysisLike = Analysis | Mapping[str, Any]  # an Analysis or its to_dict() form, as the store keeps it


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, Mapping) else getattr(obj, name, default)


def _places(analysis: AnalysisLike) -> list[tuple[int, int, str | None]]:
    """(start, end, code if unambiguous) of each place mention."""
    out = []
    for m in _get(analysis, "places", ()) or ():
        candidates = _get(m, "candidates", ()) or ()
        code = _get(candidates[0], "code") if len(candidates) == 1 else None
        out.append((int(_get(m, "start_char", 0)), int(_get(m, "end_char", 0)), code))
    return out


def _without_places(text: str, places: list[tuple[int, int, str | None]]) -> str:
    """The text with place mentions blanked: places are compared by code, not by their words."""
    for start, end, _ in sorted(places, key=lambda p: -p[0]):
        if 0 <= start < end <= len(text):
            text = text[:start] + " " + text[end:]
    return text


def _topic_scores(analysis: AnalysisLike, selected: dict[str, float]) -> dict[str, float]:
    """All topic scores when the pipeline kept them (metadata), else the selected topics."""
    metadata = _get(analysis, "metadata") or {}
    scores = metadata.get("topic_scores") if isinstance(metadata, Mapping) else None
    if isinstance(scores, Mapping) and scores:
        return {str(k): float(v) for k, v in scores.items()}
    return selected


def _features(analysis: AnalysisLike) -> _Features:
    places = _places(analysis)
    text = _without_places(str(_get(analysis, "text", "") or ""), places)
    words = [w for w in _NON_WORD.sub(" ", text.lower()).split() if w not in _STOP]
    region = _get(analysis, "region_code")
    codes = ([region] if region else []) + [code for _, _, code in places if code]
    selected = {
        str(_get(t, "label")): float(_get(t, "score", 0.0)) for t in _get(analysis, "topics", ()) or ()
    }
    return _Features(
        topics=_topic_scores(analysis, selected),
        labels=frozenset(selected),
        codes=tuple(dict.fromkeys(codes)),
        words=" ".join(words),
        phones=frozenset(_get(analysis, "phones", ()) or ()),
    )


def topic_overlap(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Weighted Jaccard of topic scores: 1 for the same single topic, 0 for disjoint topics."""
    labels = set(a) | set(b)
    top = sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in labels)
    if top <= 0:
        return 0.0
    shared = sum(min(a.get(k, 0.0), b.get(k, 0.0)) for k in labels)
    # two confident analyses with the same label but different scores are still the same topic
    same_best = a and b and max(a, key=a.__getitem__) == max(b, key=b.__getitem__)
    return max(shared / top, 0.8 if same_best else 0.0)


def shared_depth(a: str, b: str) -> int:
    """How many leading code segments two region codes share: '33.03.07' vs '33.03.01' → 2."""
    depth = 0
    for x, y in zip(a.split("."), b.split("."), strict=False):
        if x != y:
            break
        depth += 1
    return depth


def place_overlap(a: Sequence[str], b: Sequence[str]) -> tuple[float, str | None]:
    """Best agreement between two sets of region codes, and the shared region; UNKNOWN_PLACE if one is empty.

    A coarse code that contains a fine one counts at the coarse level: "33.03" and "33.03.07.2001" share a
    regency, not a village.
    """
    if not a or not b:
        return UNKNOWN_PLACE, None
    best, region = 0.0, None
    for x in a:
        for y in b:
            depth = shared_depth(x, y)
            if _LEVEL_SCORE[depth] > best:
                best, region = _LEVEL_SCORE[depth], ".".join(x.split(".")[:depth])
    return best, region


def wording(a: str, b: str) -> float:
    """Similar wording in [0, 1]: token-set and token-sort ratios averaged (the first alone rates a short
    text that is a subset of a long one as identical)."""
    if not a or not b:
        return 0.0
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 200.0


def _score(new: _Features, old: _Features) -> tuple[float, tuple[str, ...], float, float, float]:
    text = wording(new.words, old.words)
    topic = topic_overlap(new.topics, old.topics)
    place, region = place_overlap(new.codes, old.codes)
    score = (W_TEXT * text + W_TOPIC * topic) * (PLACE_FLOOR + (1 - PLACE_FLOOR) * place)
    reasons: list[str] = []
    shared_topics = sorted(new.labels & old.labels)
    if shared_topics:
        reasons.append("topic:" + ",".join(shared_topics))
    if region:
        reasons.append(f"place:{_LEVEL_NAMES[region.count('.') + 1]}:{region}")
    if text >= 0.6:
        reasons.append(f"wording:{text:.2f}")
    if new.phones & old.phones:
        score += PHONE_BONUS
        reasons.append("phone")
    return min(score, 1.0), tuple(reasons), text, topic, place


def find_similar(
    analysis: AnalysisLike,
    earlier: Sequence[AnalysisLike] | Mapping[str, AnalysisLike],
    *,
    min_score: float = 0.55,
    limit: int = 10,
) -> list[SimilarMatch]:
    """Earlier analyses that likely report the same thing, best first.

    Args:
        analysis: the new complaint's analysis (an Analysis or its to_dict() form).
        earlier: analyses to compare with, as a list (matches carry the index) or a mapping (the key).
        min_score: drop matches below this score in [0, 1].
        limit: at most this many matches (0 for all).
    Returns:
        SimilarMatch items sorted by score, each with its reasons ("topic:…", "place:<level>:<code>",
        "wording:<0..1>", "phone") and the three component scores.
    """
    items = list(earlier.items()) if isinstance(earlier, Mapping) else list(enumerate(earlier))
    new = _features(analysis)
    matches = []
    for key, old_analysis in items:
        score, reasons, text, topic, place = _score(new, _features(old_analysis))
        if score >= min_score:
            rounded = (round(score, 4), reasons, round(text, 4), round(topic, 4), place)
            matches.append(SimilarMatch(key, *rounded))
    matches.sort(key=lambda m: -m.score)
    return matches[:limit] if limit else matches


def similarity(a: AnalysisLike, b: AnalysisLike) -> float:
    """The duplicate score of two analyses in [0, 1] (what find_similar ranks by)."""
    return round(_score(_features(a), _features(b))[0], 4)
