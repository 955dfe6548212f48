"""Topic (multi-label), report kind and urgency: TF-IDF character n-grams and linear heads in one component.

Why not spaCy's textcat: on a few thousand short complaints TF-IDF with a linear SVM is as good as embeddings
(DOMAIN.md), and it was measured against textcat_multilabel here (nlp/project/compare.py). Character n-grams
survive ASR misspellings. Scores are calibrated by Platt scaling on out-of-fold decision values, with folds
grouped by complaint situation so calibration sees unseen situations, as the dev split and real calls do.
Inference re-implements the TF-IDF transform (a dict lookup per n-gram and one small product), so a loaded
pipeline does not import scikit-learn, which is only needed to train.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from nlp.components import doc_text
from nlp.prepare import prepare


class ReportKind(StrEnum):
    """SP4N-LAPOR! report kinds."""

    PENGADUAN = "pengaduan"  # complaint
    ASPIRASI = "aspirasi"  # aspiration, suggestion
    PERMINTAAN_INFORMASI = "permintaan_informasi"  # information request


KINDS = tuple(k.value for k in ReportKind)
NGRAMS = (2, 5)
WEIGHTS_FILE = "heads.npz"
META_FILE = "heads.json"
_SPACES = re.compile(r"\s\s+")
_WORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")

for _name in ("kind", "kind_scores", "urgent", "urgent_flag"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def features_text(text: str) -> str:
    """What the models see: no greetings or closings, lowercase, abbreviations written out, digits folded
    (a phone number says nothing about the topic). See nlp/prepare.py."""
    return prepare(text)


# The keyword counts enter at half weight. Templates name a topic's keywords more reliably than citizens do,
# so at full weight the heads leaned on them too much: on the real dev set's tune split top-1 went from
# 0.706 to 0.717 at half weight, and synthetic dev macro-F1 from 0.760 to 0.771.
KEYWORD_SCALE = 0.5


class KeywordIndex:
    """Taxonomy keywords as features: per topic, how many distinct keywords of that topic a text names.

    Real complaints say things the training situations never say, but they name the things the taxonomy
    lists ("parkir liar", "ODGJ", "PDAM"); a feature per topic carries that knowledge to unseen wordings.
    """

    def __init__(self, keywords: dict[str, list[str]], topics: Sequence[str], scale: float = 1.0) -> None:
        # A keyword that preparation empties (a greeting such as "terima kasih") would match everywhere.
        prepared = {t: {prepare(k).strip() for k in keywords.get(t, [])} for t in topics}
        self.keywords = {t: sorted(k for k in prepared[t] if k) for t in topics}
        self.topics = list(topics)
        self.scale = scale
        owners: dict[str, set[int]] = {}
        for i, t in enumerate(self.topics):
            for k in self.keywords[t]:
                owners.setdefault(k, set()).add(i)
        self._owners = owners
        words = sorted(owners, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, words))
        self._pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)") if words else None

    def counts(self, prepared: str) -> np.ndarray:
        out = np.zeros(len(self.topics), dtype=np.float32)
        if self._pattern is None:
            return out
        for k in set(self._pattern.findall(prepared)):
            for i in self._owners[k]:
                out[i] += 1.0
        return self.scale * np.log1p(out)


# What kind of report a text is shows in a few function words more than in its subject: a question asks
# ("apakah", "bagaimana cara", "mau tanya", "?"), a request proposes ("mohon … pemasangan", "usulan",
# "kami butuh"), a complaint reports a fault ("belum", "tidak", "sudah lama"). Templates say these things in
# a few fixed ways; counted as groups they carry over to long written texts whose other words are new.
# "mohon" and "tolong" alone are no cue: written complaints of every kind use them; followed by a job named as
# a noun ("mohon bantuan perantingan pohon", "pengajuan pengaspalan") they ask for work to be done: on the
# real tune split that cue took aspirasi F1 from 0.39 to 0.43.
KIND_CUES: dict[str, str] = {
    "question_mark": r"\?",
    "question_word": r"\b(apakah|apa(kah)? (bisa|boleh|benar|memang|sudah)|bagaimana|gimana|kapan|berapa"
    r"|kenapa|mengapa|di ?mana|kemana|bisakah|bolehkah|dibenarkan ?kah)\b",
    "asks": r"\b(tanya|bertanya|tanyakan|menanyakan|nanya|informasi|info|penjelasan|kejelasan|konfirmasi"
    r"|syarat\w*|prosedur|cara(nya)?|mekanisme|jadwal)\b",
    "proposes": r"\b(usul\w*|mengusulkan|diusulkan|pengajuan|mengajukan|diajukan|permohonan|memohon|saran\w*"
    r"|sebaiknya|berharap|harapan|semoga"
    r"|alangkah|butuh|membutuhkan|memerlukan|pengadaan|pemasangan|penambahan|pembangunan|dibangun"
    r"|dibuatkan|disediakan|diadakan|bantuan)\b",
    "asks_for_work": r"\b(mohon|minta|tolong|memohon|permohonan|pengajuan|mengajukan)"
    r"( (bantuan(nya)?|ada|untuk|dibantu|agar|supaya|segera|kiranya|dilakukan|dilaksanakan)){0,3}"
    r" (pe[mnr]?\w{3,}an|normalisasi)\b",
    "reports_fault": r"\b(belum|tidak|nggak|gak|ga|enggak|ndak|tak|rusak|mati|macet|parah|lambat|lama|sulit"
    r"|susah|dipersulit|kecewa|mengeluh\w*|keluhan|mengadu\w*|pengaduan|melaporkan|terganggu|mengganggu"
    r"|dibiarkan|sudah \w+ (kali|hari|minggu|bulan|tahun))\b",
}


class CueIndex:
    """Counts of the kind cues (log1p), one feature per group."""

    def __init__(self, cues: dict[str, str]) -> None:
        self.cues = dict(cues)
        self._patterns = [re.compile(p) for p in self.cues.values()]

    def counts(self, prepared: str) -> np.ndarray:
        found = (len(p.findall(prepared)) for p in self._patterns)
        return np.log1p(np.fromiter(found, dtype=np.float32, count=len(self._patterns)))


def char_ngrams(text: str, low: int = NGRAMS[0], high: int = NGRAMS[1]) -> list[str]:
    """Character n-grams inside space-padded words (the same n-grams as scikit-learn's char_wb)."""
    grams: list[str] = []
    for word in _SPACES.sub(" ", text).split():
        w = f" {word} "
        size = len(w)
        for n in range(low, high + 1):
            if size <= n:  # the whole padded word, once
                grams.append(w)
                break
            grams.extend(w[i : i + n] for i in range(size - n + 1))
    return grams


def word_ngrams(text: str) -> list[str]:
    """Words of two or more characters and word pairs (the same as scikit-learn's word analyzer, (1, 2))."""
    words = _WORD_TOKEN.findall(text)
    return words + [f"{a} {b}" for a, b in pairwise(words)]


# 1 + log(count), the sublinear term frequency, as float32, for the counts a text has (a table: counts are
# small); the same values as computing each in Python and storing it as float32.
_TF = np.array([0.0] + [1.0 + math.log(c) for c in range(1, 256)], dtype=np.float32)


def _block(grams: list[str], vocabulary: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sublinear TF-IDF of one feature block, L2-normalized: (indices, values)."""
    return _block_counts(Counter(i for g in grams if (i := vocabulary.get(g)) is not None), idf)


def _block_counts(counts: Counter[int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sublinear TF-IDF from feature counts (in first-seen order, which fixes the sums' rounding)."""
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    n = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
    if n.max() < len(_TF):
        tf = _TF[n]
    else:
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts))
    values = tf * idf[index]
    return index, values / np.linalg.norm(values)


# Per loaded model, the character n-gram features of each word seen lately: a text's n-grams are its words'
# n-grams in order, and most words of a complaint were seen in earlier ones. Bounded; cleared when full.
WORD_CACHE_SIZE = 50_000


@dataclass
class LinearHeads:
    """Every head stacked over one TF-IDF space (character block, then word block); Platt (a, b) turns a
    decision value into a probability."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray  # features (character n-grams, then words) × heads
    bias: np.ndarray  # heads
    platt_a: np.ndarray
    platt_b: np.ndarray
    topics: list[str]
    kinds: list[str]
    word_vocabulary: dict[str, int] = field(default_factory=dict)
    word_idf: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    keywords: KeywordIndex | None = None
    cues: CueIndex | None = None
    _word_features: dict[str, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def char_features(self, prepared: str) -> Counter[int]:
        """Counts of the text's character n-grams that are in the vocabulary, in first-seen order: the same
        as counting char_ngrams(prepared), looked up per word through a cache."""
        cache, vocabulary = self._word_features, self.vocabulary
        found: list[int] = []
        for word in prepared.split():
            features = cache.get(word)
            if features is None:
                grams = char_ngrams(word)
                features = tuple(i for g in grams if (i := vocabulary.get(g)) is not None)
                if len(cache) >= WORD_CACHE_SIZE:
                    cache.clear()
                cache[word] = features
            found += features
        return Counter(found)

    def decision(self, text: str) -> np.ndarray:
        prepared = features_text(text)
        out = self.bias.copy()
        index, values = _block_counts(self.char_features(prepared), self.idf)
        if len(index):
            out += values @ self.weights[index]
        if self.word_vocabulary:
            index, values = _block(word_ngrams(prepared), self.word_vocabulary, self.word_idf)
            if len(index):
                out += values @ self.weights[index + len(self.vocabulary)]
        offset = len(self.vocabulary) + len(self.word_vocabulary)
        if self.keywords is not None:
            out += self.keywords.counts(prepared) @ self.weights[offset : offset + len(self.keywords.topics)]
            offset += len(self.keywords.topics)
        if self.cues is not None:
            out += self.cues.counts(prepared) @ self.weights[offset : offset + len(self.cues.cues)]
        return out

    def probabilities(self, text: str) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.platt_a * self.decision(text) + self.platt_b)))

    def save(self, path: Path) -> None:
        np.savez(
            path / WEIGHTS_FILE, idf=self.idf, weights=self.weights, bias=self.bias, platt_a=self.platt_a,
            platt_b=self.platt_b, word_idf=self.word_idf,
        )  # fmt: skip
        meta = {
            "ngrams": list(NGRAMS),
            "topics": self.topics,
            "kinds": self.kinds,
            "vocabulary": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
            "word_vocabulary": sorted(self.word_vocabulary, key=self.word_vocabulary.__getitem__),
            "keywords": self.keywords.keywords if self.keywords is not None else None,
            "keyword_scale": self.keywords.scale if self.keywords is not None else None,
            "kind_cues": self.cues.cues if self.cues is not None else None,
        }
        (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearHeads:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        arrays = np.load(path / WEIGHTS_FILE)
        return cls(
            vocabulary={g: i for i, g in enumerate(meta["vocabulary"])},
            idf=arrays["idf"], weights=arrays["weights"], bias=arrays["bias"], platt_a=arrays["platt_a"],
            platt_b=arrays["platt_b"], topics=meta["topics"], kinds=meta["kinds"],
            word_vocabulary={g: i for i, g in enumerate(meta.get("word_vocabulary", []))},
            word_idf=arrays["word_idf"] if "word_idf" in arrays else np.zeros(0, dtype=np.float32),
            keywords=(
                KeywordIndex(meta["keywords"], meta["topics"], meta.get("keyword_scale") or 1.0)
                if meta.get("keywords") else None
            ),
            cues=CueIndex(meta["kind_cues"]) if meta.get("kind_cues") else None,
        )  # fmt: skip


def _platt(decision: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Fit p = sigmoid(a·d + b) on out-of-fold decision values."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4)
    lr.fit(decision.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _fit_head(
    x: Any, y: np.ndarray, groups: np.ndarray, seed: int, c: float
) -> tuple[np.ndarray, float, float, float]:
    """One binary linear SVM, calibrated on decisions from folds that hold out whole situations."""
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
    from sklearn.svm import LinearSVC

    if y.min() == y.max():
        return np.zeros(x.shape[1]), -5.0 if y.max() == 0 else 5.0, 1.0, 0.0
    svm = LinearSVC(C=c, class_weight="balanced", random_state=seed)
    folds = min(5, len(set(groups[y == 1])), len(set(groups[y == 0])))
    a, b = 1.0, 0.0
    if folds >= 2:
        cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
        oof = cross_val_predict(svm, x, y, cv=cv, groups=groups, method="decision_function")
        a, b = _platt(oof, y)
    svm.fit(x, y)
    return svm.coef_[0].copy(), float(svm.intercept_[0]), a, b


def fit_heads(
    texts: Sequence[str], topics: Sequence[Sequence[str]], kinds: Sequence[str], urgent: Sequence[bool],
    labels: Sequence[str], groups: Sequence[str], seed: int = 0, c: float = 0.1,
    keywords: dict[str, list[str]] | None = None, keyword_scale: float = KEYWORD_SCALE,
    cues: dict[str, str] | None = KIND_CUES,
) -> LinearHeads:  # fmt: skip
    """Train topic (one head per label), kind (one per kind) and urgency heads on one TF-IDF space.

    Character n-grams plus word uni- and bigrams: on the dev split (unseen situations) the words lifted
    top-1 topic accuracy from 0.73 to 0.77.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    prepared = [features_text(t) for t in texts]
    vectorizer = TfidfVectorizer(
        analyzer=char_ngrams, sublinear_tf=True, min_df=2, max_features=150_000, dtype=np.float32
    )
    words = TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True, min_df=2, dtype=np.float32)
    index = KeywordIndex(keywords, labels, keyword_scale) if keywords else None
    cue_index = CueIndex(cues) if cues else None
    blocks = [vectorizer.fit_transform(prepared), words.fit_transform(prepared)]
    for extra in (index, cue_index):
        if extra is not None:
            blocks.append(sparse.csr_matrix(np.stack([extra.counts(t) for t in prepared])))
    x = sparse.hstack(blocks).tocsr()
    # The kind cues are features of the kind heads only: "mohon" or "belum" says nothing about the topic.
    n_cues = len(cue_index.cues) if cue_index is not None else 0
    x_topic = x[:, : x.shape[1] - n_cues] if n_cues else x
    group_ids = np.array(groups)
    targets: list[tuple[Any, np.ndarray]] = [
        (x_topic, np.array([lab in ts for ts in topics], dtype=int)) for lab in labels
    ]
    targets += [(x, np.array([k == kind for k in kinds], dtype=int)) for kind in KINDS]
    targets.append((x_topic, np.array(urgent, dtype=int)))
    heads = [_fit_head(xs, y, group_ids, seed, c) for xs, y in targets]
    heads = [(np.pad(w, (0, x.shape[1] - len(w))), b, pa, pb) for w, b, pa, pb in heads]
    return LinearHeads(
        vocabulary={g: int(i) for g, i in vectorizer.vocabulary_.items()},
        idf=vectorizer.idf_.astype(np.float32),
        weights=np.stack([h[0] for h in heads], axis=1).astype(np.float32),
        bias=np.array([h[1] for h in heads], dtype=np.float32),
        platt_a=np.array([h[2] for h in heads], dtype=np.float32),
        platt_b=np.array([h[3] for h in heads], dtype=np.float32),
        topics=list(labels),
        kinds=list(KINDS),
        word_vocabulary={g: int(i) for g, i in words.vocabulary_.items()},
        word_idf=words.idf_.astype(np.float32),
        keywords=index,
        cues=cue_index,
    )


@dataclass(frozen=True, slots=True)
class Prediction:
    topics: dict[str, float]
    kind: str
    kind_scores: dict[str, float]
    urgent: float


def predict(heads: LinearHeads, text: str) -> Prediction:
    row = heads.probabilities(text)
    n_top, n_kind = len(heads.topics), len(heads.kinds)
    kind_raw = row[n_top : n_top + n_kind]
    kind_scores = kind_raw / max(float(kind_raw.sum()), 1e-9)
    return Prediction(
        topics={lab: float(p) for lab, p in zip(heads.topics, row[:n_top], strict=True)},
        kind=heads.kinds[int(np.argmax(kind_scores))],
        kind_scores={k: float(p) for k, p in zip(heads.kinds, kind_scores, strict=True)},
        urgent=float(row[-1]),
    )


# Emergencies named outright. They lower the bar for the urgency flag (a missed fire costs more than a
# false alarm): measured on dev, recall 61→68 of 93 for 7→13 false alarms.
EMERGENCY = re.compile(
    r"\b(kebakaran|terbakar|banjir|longsor|kecelakaan|tabrakan|tenggelam|terseret|hanyut|pingsan|kejang"
    r"|sekarat|meninggal|tewas|pembunuhan|diperkosa|kekerasan|dipukul\w*|dianiaya|begal|tawuran|roboh|ambruk"
    r"|jebol|terjepit|terguling|darurat|evakuasi|dievakuasi|keracunan|gempa|tsunami|puting beliung|ledakan"
    r"|meledak|bunuh diri|terjebak|tertimbun)\b",
    re.IGNORECASE,
)


def is_urgent(text: str, score: float, threshold: float, emergency_floor: float) -> bool:
    """The urgency head decides; a named emergency needs only `emergency_floor`."""
    return score >= threshold or (score >= emergency_floor and EMERGENCY.search(text) is not None)


def select_topics(
    scores: dict[str, float], threshold: float, secondary: dict[str, float] | None = None
) -> list[tuple[str, float]]:
    """Labels at or above the threshold, best first; always the best one, so no complaint goes unfiled.

    `secondary`: a higher bar for some labels when another label is the best one (config.cfg says why).
    """
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    bars = secondary or {}
    chosen = [
        (lab, s) for i, (lab, s) in enumerate(ranked) if s >= max(threshold, bars.get(lab, 0.0) if i else 0.0)
    ]
    return chosen or ranked[:1]


def needs_review(scores: dict[str, float], review_threshold: float) -> bool:
    """No topic is likely enough to file the complaint without a person reading it ("perlu ditinjau")."""
    return not scores or max(scores.values()) < review_threshold


class Classifier:
    """spaCy component: doc.cats (topic probabilities), doc._.kind(_scores), doc._.urgent (score, flag)."""

    def __init__(
        self, threshold: float, urgent_threshold: float, emergency_floor: float,
        review_threshold: float = 0.3, secondary_thresholds: dict[str, float] | None = None,
    ) -> None:  # fmt: skip
        self.threshold = threshold
        self.secondary_thresholds = dict(secondary_thresholds or {})
        self.review_threshold = review_threshold
        self.urgent_threshold = urgent_threshold
        self.emergency_floor = emergency_floor
        self.heads: LinearHeads | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.heads is None:
            raise ValueError("the suara_classifier component is not trained: run `suara nlp train`")
        text = doc_text(doc)
        pred = predict(self.heads, text)
        doc.cats = pred.topics
        doc._.kind = pred.kind
        doc._.kind_scores = pred.kind_scores
        doc._.urgent = pred.urgent
        doc._.urgent_flag = is_urgent(text, pred.urgent, self.urgent_threshold, self.emergency_floor)
        return doc

    def fit(
        self, texts: Sequence[str], topics: Sequence[Sequence[str]], kinds: Sequence[str],
        urgent: Sequence[bool],
        labels: Sequence[str], groups: Sequence[str], seed: int = 0,
        keywords: dict[str, list[str]] | None = None,
    ) -> None:  # fmt: skip
        self.heads = fit_heads(texts, topics, kinds, urgent, labels, groups, seed=seed, keywords=keywords)

    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.heads is not None:
            self.heads.save(path)

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> Classifier:
        if (Path(path) / META_FILE).is_file():
            self.heads = LinearHeads.load(Path(path))
        return self


@Language.factory(
    "suara_classifier",
    default_config={
        "threshold": 0.5,
        "urgent_threshold": 0.5,
        "emergency_floor": 0.15,
        "review_threshold": 0.3,
        "secondary_thresholds": {},
    },
)
def make_classifier(
    nlp: Language, name: str, threshold: float, urgent_threshold: float, emergency_floor: float,
    review_threshold: float, secondary_thresholds: dict[str, float],
) -> Classifier:  # fmt: skip
    return Classifier(threshold, urgent_threshold, emergency_floor, review_threshold, secondary_thresholds)
