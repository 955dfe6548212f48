"""Likely duplicates: score earlier analyses against a new one by topic, place and wording.

Many callers report the same broken bridge; an official who sees "3 similar reports" can merge them
instead of dispatching three times. Pure functions over Analysis objects: the store chooses which
earlier complaints to compare (e.g. the last 90 days) and what to do with the matches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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


def _without_places(analysis: Analysis) -> str:
    """The text with place mentions blanked: places are compared by code, not by their words."""
    text = analysis.text
    for m in sorted(analysis.places, key=lambda m: -m.start_char):
        if 0 <= m.start_char < m.end_char <= len(text):
            text = text[: m.start_char] + " " + text[m.end_char :]
    return text


def _topic_scores(analysis: Analysis) -> dict[str, float]:
    """All topic scores when the pipeline kept them (metadata), else the selected topics."""
    scores = analysis.metadata.get("topic_scores") if isinstance(analysis.metadata, dict) else None
    if isinstance(scores, dict) and scores:
        return {str(k): float(v) for k, v in scores.items()}
    return {t.label: t.score for t in analysis.topics}


def _features(analysis: Analysis) -> _Features:
    words = [w for w in _NON_WORD.sub(" ", _without_places(analysis).lower()).split() if w not in _STOP]
    codes = [analysis.region_code] if analysis.region_code else []
    codes += [m.resolved.code for m in analysis.places if m.resolved is not None]
    return _Features(
        topics=_topic_scores(analysis),
        labels=frozenset(t.label for t in analysis.topics),
        codes=tuple(dict.fromkeys(codes)),
        words=" ".join(words),
        phones=frozenset(analysis.phones),
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
    analysis: Analysis,
    earlier: Sequence[Analysis] | Mapping[str, Analysis],
    *,
    min_score: float = 0.55,
    limit: int = 10,
) -> list[SimilarMatch]:
    """Earlier analyses that likely report the same thing, best first.

    Args:
        analysis: the new complaint's analysis.
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


def similarity(a: Analysis, b: Analysis) -> float:
    """The duplicate score of two analyses in [0, 1] (what find_similar ranks by)."""
    return round(_score(_features(a), _features(b))[0], 4)
