"""Learning from officials: train on the corpus plus verified complaints, install only if not worse.

The application reads the store and hands plain examples in (nlp/ never imports api/). The candidate
model is written next to the current one, both are measured on the frozen real development set (the
synthetic dev split when the real texts were not materialised), and the candidate replaces the current
model only if its top-1 accuracy is not lower; the replaced model stays as `<name>.previous` for rollback.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nlp.project.train import DEFAULT_CORPUS, DEFAULT_TAXONOMY, Example, train

TOLERANCE = 0.0  # "not worse": the candidate may not lose any top-1 accuracy on the frozen set


@dataclass(frozen=True, slots=True)
class Labelled:
    """One verified complaint as an official left it."""

    key: str  # a stable id, e.g. "store-123"
    text: str
    topic: str
    kind: str
    urgent: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    installed: bool
    measured_on: str  # "real dev" or "synthetic dev"
    current: float | None  # top-1 accuracy of the installed model (None: there was none)
    candidate: float
    n_extra: int
    previous: Path | None


def as_examples(items: Iterable[Labelled], labels: Sequence[str]) -> list[Example]:
    """Verified complaints as training examples; a topic outside the taxonomy is skipped, not guessed."""
    known = set(labels)
    return [
        Example(i.text, i.text, (i.topic,), i.kind, i.urgent, i.key)
        for i in items
        if i.topic in known and i.text.strip()
    ]


def _top1(model: Path) -> tuple[float, str]:
    import nlp
    from nlp.project import realdev
    from nlp.project.evaluate import evaluate_examples, evaluate_real
    from nlp.project.train import read_corpus

    pipeline = nlp.load(model, cache=False)  # the same folder may hold another model by the next call
    if realdev.available():
        return evaluate_real(pipeline).top1_accuracy, "real dev"
    dev = read_corpus(DEFAULT_CORPUS / "dev.jsonl")  # the frozen dev split, whatever corpus trained
    return evaluate_examples(pipeline, dev, "clean").top1_accuracy, "synthetic dev"


def should_install(candidate: float, current: float | None) -> bool:
    return current is None or candidate >= current - TOLERANCE


def retrain_and_install(
    extra: Sequence[Example], model: Path, corpus_dir: Path = DEFAULT_CORPUS, seed: int = 0
) -> Outcome:
    """Train a candidate on corpus + `extra`, compare it with the model at `model`, install if not worse."""
    candidate_dir = model.with_name(model.name + ".candidate")
    train(corpus_dir, candidate_dir, DEFAULT_TAXONOMY, seed=seed, extra=extra)
    try:
        candidate, where = _top1(candidate_dir)
        current = _top1(model)[0] if (model / "config.cfg").is_file() else None
    except BaseException:
        shutil.rmtree(candidate_dir, ignore_errors=True)  # a failed comparison leaves no half-made model
        raise
    if not should_install(candidate, current):
        shutil.rmtree(candidate_dir)
        return Outcome(False, where, current, candidate, len(extra), None)
    previous = model.with_name(model.name + ".previous")
    if model.exists():
        if previous.exists():
            shutil.rmtree(previous)
        model.rename(previous)
    candidate_dir.rename(model)
    return Outcome(True, where, current, candidate, len(extra), previous if previous.exists() else None)


@dataclass(frozen=True, slots=True)
class Agreement:
    key: str  # a topic label or a month "2026-11"
    n: int
    agreed: int

    @property
    def share(self) -> float:
        return self.agreed / self.n if self.n else 0.0


def agreement(
    rows: Iterable[tuple[str | None, str | None, datetime]],
) -> tuple[list[Agreement], list[Agreement]]:
    """How often nlp's suggested topic was the one the official kept: per final topic and per month.

    Args:
        rows: (machine topic, official topic, verified at) per verified complaint.
    """
    by_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for machine, official, when in rows:
        if official is None:
            continue
        hit = int(machine == official)
        for table, key in ((by_topic, official), (by_month, when.strftime("%Y-%m"))):
            table[key][0] += 1
            table[key][1] += hit
    return (
        [Agreement(k, n, a) for k, (n, a) in sorted(by_topic.items())],
        [Agreement(k, n, a) for k, (n, a) in sorted(by_month.items())],
    )
