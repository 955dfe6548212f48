"""Build the Suara pipeline from config.cfg and fit its classifier on the corpus: one reproducible command."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language

import nlp.classify
import nlp.components
from nlp.normalize import normalize

PROJECT_DIR = Path(__file__).resolve().parent
CONFIG_PATH = PROJECT_DIR / "config.cfg"
REPO_ROOT = PROJECT_DIR.parent.parent
DEFAULT_CORPUS = REPO_ROOT / "nlp" / "data" / "corpus"
DEFAULT_TAXONOMY = REPO_ROOT / "nlp" / "data" / "taxonomy.json"
DEFAULT_OUTPUT = REPO_ROOT / "models" / "nlp" / "suara-id"
# Besides its data, a trained model is shaped by the code that turns text into features and fits the heads,
# and by the generator of the extra renderings: a change to any of these files makes `--if-missing` retrain.
MODEL_CODE = (
    "nlp/classify.py", "nlp/prepare.py", "nlp/normalize.py", "nlp/digit_words.py", "nlp/project/train.py",
    "nlp/project/config.cfg", "nlp/data/abbreviations.json", "nlp/project/corpus/build.py",
    "nlp/project/corpus/pieces.py", "nlp/project/corpus/written.py", "nlp/project/corpus/asr.py",
)  # fmt: skip
# The corpus situations rendered again with these seeds are added to train.jsonl at training time (when the
# corpus folder holds situations.jsonl): one rendering's luck moves real tune top-1 by ~0.03, three average
# it out. Generated, not stored, so train.jsonl stays one rendering.
RENDER_SEEDS = (7, 11)


class CorpusError(ValueError):
    """The corpus or taxonomy is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    asr_text: str
    topics: tuple[str, ...]
    kind: str
    urgent: bool
    group: str  # the complaint situation: variants of one situation never straddle calibration folds


def as_example(row: dict, n: int) -> Example:
    """One corpus row; its group is its id less the rendering number: "kesehatan-03-w02" -> "kesehatan-03"."""
    return Example(
        row["text"], row.get("asr_text") or row["text"], tuple(row["topics"]), row["kind"],
        bool(row.get("urgent", False)), str(row.get("id", n)).rsplit("-", 1)[0],
    )  # fmt: skip


def read_corpus(path: Path) -> list[Example]:
    """One JSON object per line: text, asr_text, topics, kind, urgent."""
    if not path.is_file():
        raise CorpusError(f"corpus file not found: {path}")
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                out.append(as_example(json.loads(line), n))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise CorpusError(f"{path}:{n}: bad corpus line ({exc})") from exc
    if not out:
        raise CorpusError(f"corpus file is empty: {path}")
    return out


def extra_renderings(corpus_dir: Path = DEFAULT_CORPUS, seeds: Sequence[int] = RENDER_SEEDS) -> list[Example]:
    """The train split of the folder's situations.jsonl rendered with each seed (none without that file).

    The split rule depends on situation indices only, so no dev situation, pool piece or regency enters;
    ids, and so calibration groups, are those of the same situation in train.jsonl."""
    situations = Path(corpus_dir) / "situations.jsonl"
    if not seeds or not situations.is_file():
        return []
    from nlp.project.corpus import build  # the generator is needed only here

    rows = [row for seed in seeds for row in build.build(situations, seed=seed)[False]]
    return [as_example(row, n) for n, row in enumerate(rows, 1)]


def read_labels(taxonomy: Path, examples: list[Example]) -> list[str]:
    """Topic labels from the taxonomy file; labels in the corpus but not in the taxonomy are an error."""
    if taxonomy.is_file():
        labels = [t["label"] for t in json.loads(taxonomy.read_text(encoding="utf-8"))["topics"]]
    else:
        labels = sorted({t for e in examples for t in e.topics})
    unknown = {t for e in examples for t in e.topics} - set(labels)
    if unknown:
        raise CorpusError(f"corpus topics missing from {taxonomy}: {sorted(unknown)}")
    return labels


def read_keywords(taxonomy: Path) -> dict[str, list[str]]:
    """Each topic's keywords from the taxonomy: the classifier's keyword features."""
    if not taxonomy.is_file():
        return {}
    topics = json.loads(taxonomy.read_text(encoding="utf-8"))["topics"]
    return {t["label"]: list(t.get("keywords", [])) for t in topics}


def build_blank() -> Language:
    """The untrained pipeline from config.cfg, initialized (loads the lemma table from spacy-lookups-data)."""
    config = spacy.util.load_config(CONFIG_PATH)
    pipeline = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    pipeline.initialize()
    return pipeline


@dataclass(slots=True)
class TrainingSet:
    texts: list[str]
    topics: list[list[str]]
    kinds: list[str]
    urgent: list[bool]
    groups: list[str]


def training_set(examples: list[Example]) -> TrainingSet:
    """Each example twice: as written and as ASR would give it, both normalized as at inference."""
    out = TrainingSet([], [], [], [], [])
    for e in examples:
        for t in dict.fromkeys((e.text, e.asr_text)):
            out.texts.append(normalize(t).text)
            out.topics.append(list(e.topics))
            out.kinds.append(e.kind)
            out.urgent.append(e.urgent)
            out.groups.append(e.group)
    return out


def inputs_fingerprint(
    corpus_dir: Path = DEFAULT_CORPUS, taxonomy: Path = DEFAULT_TAXONOMY, seed: int = 0,
    code_root: Path = REPO_ROOT,
) -> str:  # fmt: skip
    """SHA-256 over what a trained model depends on: the corpus (train.jsonl, situations.jsonl), the
    taxonomy and its keywords, the seeds, and the code and settings that shape it (MODEL_CODE under
    `code_root`), so that `--if-missing` never keeps a model trained by earlier code."""
    digest = hashlib.sha256(f"seed={seed} render_seeds={RENDER_SEEDS}".encode())
    corpus = (Path(corpus_dir) / "train.jsonl", Path(corpus_dir) / "situations.jsonl", Path(taxonomy))
    for name, path in [(p.name, p) for p in corpus] + [(c, Path(code_root) / c) for c in MODEL_CODE]:
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def is_up_to_date(output: Path = DEFAULT_OUTPUT, fingerprint: str | None = None) -> bool:
    """A model exists at `output` and was trained from these very inputs."""
    meta = Path(output) / "meta.json"
    if not meta.is_file():
        return False
    try:
        recorded = json.loads(meta.read_text(encoding="utf-8")).get("inputs_sha256")
    except (OSError, json.JSONDecodeError):
        return False
    return recorded == (fingerprint or inputs_fingerprint())


def train(
    corpus_dir: Path = DEFAULT_CORPUS, output: Path = DEFAULT_OUTPUT, taxonomy: Path = DEFAULT_TAXONOMY,
    seed: int = 0, extra: Sequence[Example] = (),
) -> Path:  # fmt: skip
    """Fit the classifier on train.jsonl, its extra renderings and `extra`; write the pipeline to `output`.

    Args:
        corpus_dir: folder holding train.jsonl (and dev.jsonl for evaluation; situations.jsonl, when
            present, is rendered again with RENDER_SEEDS and added).
        output: model folder to (re)write.
        taxonomy: taxonomy.json with the topic labels.
        seed: fixes every random choice, so two runs give the same model.
        extra: further examples, e.g. complaints officials verified (nlp/project/learn.py).
    Returns:
        The output folder.
    """
    random.seed(seed)
    np.random.seed(seed)
    spacy.util.fix_random_seed(seed)
    rendered = extra_renderings(corpus_dir)
    examples = read_corpus(Path(corpus_dir) / "train.jsonl") + rendered + list(extra)
    labels = read_labels(Path(taxonomy), examples)
    pipeline = build_blank()
    started = time.perf_counter()
    data = training_set(examples)
    clf = pipeline.get_pipe("suara_classifier")
    assert isinstance(clf, nlp.classify.Classifier)
    keywords = read_keywords(Path(taxonomy))
    clf.fit(
        data.texts, data.topics, data.kinds, data.urgent, labels, data.groups, seed=seed, keywords=keywords
    )
    pipeline.meta.update(
        {
            "name": "suara_id",
            "version": "0.1.0",
            "description": "Suara complaint analysis: rules, gazetteer, TF-IDF linear classifier",
            "labels_topic": labels,
            "train_examples": len(examples),
            "render_seeds": list(RENDER_SEEDS) if rendered else [],
            "store_examples": len(extra),
            "train_seconds": round(time.perf_counter() - started, 1),
            "seed": seed,
            "inputs_sha256": inputs_fingerprint(corpus_dir, taxonomy, seed),
        }
    )
    output = Path(output)
    tmp = output.with_name(output.name + ".tmp")
    output.parent.mkdir(parents=True, exist_ok=True)
    if tmp.exists():
        shutil.rmtree(tmp)
    pipeline.to_disk(tmp)
    if output.exists():
        shutil.rmtree(output)
    tmp.rename(output)
    return output
