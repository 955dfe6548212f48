"""Load the trained pipeline once per process and turn a complaint text into an Analysis."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import nlp.classify
import nlp.components
from nlp.classify import needs_review, select_topics
from nlp.components import PLACES_KEY, SPANS_KEY, reporter_name
from nlp.gazetteer import common_words, most_specific
from nlp.normalize import Normalized, normalize
from nlp.numbers import attach_numbers, read_numbers
from nlp.redact import redact
from nlp.routing import RoutingRule, suggest_agencies
from nlp.types import AgencySuggestion, Analysis, AnalysisContext, Entity, PlaceMention, Topic

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO_ROOT / "models" / "nlp" / "suara-id"
MAX_CHARS = 100_000
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\ufeff]"
)
_LONG_DIGITS = re.compile(r"(?<![0-9])[0-9]{9,}(?![0-9])")
_WORD = re.compile(r"[^\W\d_]+")


# Components whose annotations no part of an Analysis reads: analyze() skips them. The lookup lemmatizer
# stays in the pipeline (config.cfg) for spaCy's own tools, but nothing here reads a token's lemma.
UNREAD_COMPONENTS = ("lemmatizer",)


class NlpError(ValueError):
    """Input nlp/ cannot analyze, or a model it cannot load; the message says which."""


_lock = threading.Lock()
_loaded: dict[Path, Language] = {}


def load(path: str | Path | None = None, *, cache: bool = True) -> Language:
    """The trained pipeline at `path` (default models/nlp/suara-id under the repository), loaded once per
    process and per folder (thread-safe); later calls return the same object. With `cache=False` the folder
    is read afresh and not remembered: a candidate model being judged, whose folder is renamed after."""
    model = Path(path) if path else DEFAULT_MODEL
    if not cache:
        return _read(model)
    with _lock:
        if model not in _loaded:
            _loaded[model] = _read(model)
        return _loaded[model]


def _read(model: Path) -> Language:
    if not (model / "config.cfg").is_file():
        raise NlpError(f"no trained NLP model at {model}: run `suara nlp train`")
    try:
        return spacy.load(model)
    except (OSError, ValueError, KeyError) as exc:  # a damaged or half-written model folder
        raise NlpError(f"cannot load the NLP model at {model} ({exc}): run `suara nlp train`") from exc


def warm_up(path: str | Path | None = None) -> Language:
    """Load the pipeline and run it once, so the first real request pays no start-up cost."""
    pipeline = load(path)
    analyze(
        "jalan rusak di desa sukamaju kabupaten bogor, nomor saya nol delapan satu dua", pipeline=pipeline
    )
    return pipeline


# Line breaks escaped as text ("...Surabaya.\\nMohon..."): portal exports store them so (about two in five of
# the real development texts). Read as words they glue an "n" to the next word ("nMohon", "nNama").
_ESCAPED_BREAK = re.compile(r"\\[nr]")


def clean(text: str) -> str:
    """Control and invisible characters become spaces, an escaped line break a space and a line break:
    same length, so offsets stay valid."""
    return _CONTROL.sub(" ", _ESCAPED_BREAK.sub(" \n", text))


def analyze(
    text: str,
    context: AnalysisContext | None = None,
    *,
    pipeline: Language | None = None,
    model_dir: str | Path | None = None,
    rules: Sequence[RoutingRule] | None = None,
) -> Analysis:
    """Read one complaint: entities, places, topics, kind, urgency, agencies and a redacted text.

    Args:
        text: the complaint as typed or as transcribed (lowercase, unpunctuated ASR text is fine).
        context: default region of the hotline or station and the recording time, both optional.
        pipeline: a loaded pipeline; by default the one loaded from `model_dir`.
        model_dir: the trained pipeline's folder (the application passes its settings' models folder
            / "nlp" / "suara-id"); default models/nlp/suara-id under the repository.
        rules: the routing rules the agency suggestions come from (an application passes the rules it
            keeps, validated by nlp.routing); default the rules of nlp/data/routing_rules.json.
    Returns:
        An Analysis whose offsets all refer to `text`.
    Raises:
        NlpError: text is not a string or longer than MAX_CHARS.
    """
    if not isinstance(text, str):
        raise NlpError(f"text must be a string, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise NlpError(f"text too long: {len(text):,} characters (at most {MAX_CHARS:,})")
    context = context or AnalysisContext()
    cleaned = clean(text)
    if not cleaned.strip():
        return Analysis(text=text, normalized_text="", language_ok=False, warnings=("empty text",))
    pipeline = pipeline or load(model_dir)
    norm = normalize(cleaned)
    doc = pipeline.make_doc(norm.text)
    doc.user_data["text"] = norm.text
    doc.user_data["recorded_at"] = context.recorded_at
    doc.user_data["default_region"] = context.default_region
    doc = pipeline(doc, disable=UNREAD_COMPONENTS)
    return _build(text, norm, doc, context, pipeline, rules)


def _within(found: str | None, bound: str | None, warnings: list[str]) -> str | None:
    """The text's region when it lies inside `bound` (the complaint's own region), else `bound`."""
    if bound is None or (found is not None and (found == bound or found.startswith(bound + "."))):
        return found or bound
    if found is not None:
        warnings.append(
            f"places in the text point to region {found}, outside the complaint's region {bound}: "
            f"kept in {bound}; a verifier may re-route it"
        )
    return bound


def _build(
    text: str,
    norm: Normalized,
    doc: Doc,
    context: AnalysisContext,
    pipeline: Language,
    rules: Sequence[RoutingRule] | None,
) -> Analysis:
    warnings: list[str] = []
    numbers = tuple(read_numbers(norm.original, context.words))
    entities = attach_numbers(_entities(doc, norm, text), numbers)
    places = tuple(_places(doc, norm, text))
    region = _within(most_specific(list(places)) or None, context.region_code, warnings)
    clf = pipeline.get_pipe("suara_classifier")
    assert isinstance(clf, nlp.classify.Classifier)
    topics = tuple(
        Topic(lab, round(s, 4)) for lab, s in select_topics(doc.cats, clf.threshold, clf.secondary_thresholds)
    )
    review = needs_review(doc.cats, clf.review_threshold)
    if review:
        # No topic is likely: the best guess is still given, but a person must read it before filing.
        warnings.append("perlu ditinjau: tidak ada topik yang cukup yakin")
    language_ok = _looks_indonesian(norm.text)
    agencies: list[AgencySuggestion] = []
    if language_ok:
        agencies = suggest_agencies(
            topics=list(topics),
            region_code=region or context.default_region,
            places=list(places),
            text=norm.text,
            rules=rules,
        )
    else:
        # A topic guessed from another language would route the complaint somewhere at random.
        warnings.append("text does not look like Indonesian: no topic or agency suggested")
        topics = ()
    extra = [(*norm.to_original(m.start(), m.end()), "PHONE") for m in _LONG_DIGITS.finditer(norm.text)]
    redacted, redactions = redact(text, entities, extra)
    person = reporter_name(norm.text)
    meta = pipeline.meta  # a property that rebuilds its dict on every read
    return Analysis(
        text=text,
        normalized_text=norm.text,
        entities=entities,
        places=places,
        region_code=region,
        topics=topics,
        kind=doc._.kind or "pengaduan",
        urgent=bool(doc._.urgent_flag),
        agencies=tuple(agencies),
        redacted_text=redacted,
        redactions=redactions,
        reporter_name=person,
        phones=tuple(dict.fromkeys(e.value for e in entities if e.label == "PHONE" and e.value)),
        niks=tuple(dict.fromkeys(e.value for e in entities if e.label == "NIK" and e.value)),
        language_ok=language_ok,
        numbers=numbers,
        warnings=tuple(warnings),
        metadata={
            "topic_scores": {k: round(v, 4) for k, v in sorted(doc.cats.items(), key=lambda kv: -kv[1])},
            "kind_scores": {k: round(v, 4) for k, v in (doc._.kind_scores or {}).items()},
            "urgent_score": round(float(doc._.urgent or 0.0), 4),
            "needs_review": review,
            "model": f"{meta.get('name', '')}-{meta.get('version', '')}",
        },
    )


def _entities(doc: Doc, norm: Normalized, original: str) -> list[Entity]:
    out = []
    for span in doc.spans[SPANS_KEY]:
        start, end = norm.to_original(span.start_char, span.end_char)
        out.append(Entity(span.label_, original[start:end], start, end, span._.value))
    for span in doc.spans[PLACES_KEY]:
        start, end = norm.to_original(span.start_char, span.end_char)
        out.append(Entity("PLACE", original[start:end], start, end, span._.value))
    return sorted(out, key=lambda e: (e.start_char, e.end_char))


def _places(doc: Doc, norm: Normalized, original: str) -> list[PlaceMention]:
    out = []
    for m in doc._.places or ():
        start, end = norm.to_original(m.start_char, m.end_char)
        out.append(PlaceMention(original[start:end], start, end, m.candidates))
    return out


_EXTRA_WORDS = frozenset(
    [
        "saya",
        "pak",
        "bu",
        "bapak",
        "ibu",
        "tolong",
        "mohon",
        "jalan",
        "desa",
        "rusak",
        "warga",
        "ya",
        "nggak",
        "gak",
        "ga",
        "udah",
        "sudah",
        "lapor",
        "kok",
        "sih",
        "dong",
        "nih",
        "banget",
        "aja",
        "kalau",
        "kalo",
        "gimana",
        "gmn",
        "tdk",
        "yg",
        "dgn",
        "utk",
    ]
)


@cache
def _known_words() -> frozenset[str]:
    """The words _looks_indonesian counts as Indonesian: the vocabulary and a few spoken ones."""
    return _EXTRA_WORDS | common_words()


def _looks_indonesian(text: str) -> bool:
    """Latin script, and at least 15% of the words are Indonesian words we know.

    15% lets regional-language code-mixing through (Javanese callers score about 0.17, the corpus at
    least 0.28) while English or French score under 0.1. Short Latin texts get the benefit of the doubt.
    """
    sample = unicodedata.normalize("NFKC", text[:5000])
    if not sample.isascii():  # (every ASCII letter is Latin)
        letters = [c for c in sample if c.isalpha()]
        if letters and sum(1 for c in letters if c < "\u0250") / len(letters) < 0.5:
            return False
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 4:
        return True
    known = sum(map(_known_words().__contains__, words))
    return known / len(words) >= 0.15
