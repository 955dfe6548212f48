"""Per-class precision, recall and F1 of the trained pipeline on the dev split, clean and ASR-like."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nlp.classify import KINDS, is_urgent, predict, select_topics
from nlp.normalize import normalize
from nlp.project.train import DEFAULT_CORPUS, Example, read_corpus


@dataclass(frozen=True, slots=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Report:
    variant: str  # clean | asr
    topics: list[ClassScore]
    kinds: list[ClassScore]
    urgent: ClassScore
    micro_f1: float
    macro_f1: float
    top1_accuracy: float
    n: int


def _score(label: str, gold: list[bool], pred: list[bool]) -> ClassScore:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClassScore(label, precision, recall, f1, tp + fn)


def evaluate_examples(pipeline, examples: list[Example], variant: str) -> Report:
    """Score one variant ("clean" uses text, "asr" uses asr_text) of the examples."""
    clf = pipeline.get_pipe("suara_classifier")
    texts = [normalize(e.text if variant == "clean" else e.asr_text).text for e in examples]
    preds = [predict(clf.heads, t) for t in texts]
    labels = clf.heads.topics
    chosen = [{lab for lab, _ in select_topics(p.topics, clf.threshold)} for p in preds]
    topics = [_score(lab, [lab in e.topics for e in examples], [lab in c for c in chosen]) for lab in labels]
    kinds = [_score(k, [e.kind == k for e in examples], [p.kind == k for p in preds]) for k in KINDS]
    flags = [
        is_urgent(t, p.urgent, clf.urgent_threshold, clf.emergency_floor)
        for t, p in zip(texts, preds, strict=True)
    ]
    urgent = _score("urgent", [e.urgent for e in examples], flags)
    tp = sum(len(c & set(e.topics)) for c, e in zip(chosen, examples, strict=True))
    n_pred, n_gold = sum(len(c) for c in chosen), sum(len(e.topics) for e in examples)
    micro_p, micro_r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    top1 = sum(max(p.topics, key=p.topics.get) in e.topics for p, e in zip(preds, examples, strict=True))
    return Report(
        variant=variant,
        topics=topics,
        kinds=kinds,
        urgent=urgent,
        micro_f1=2 * micro_p * micro_r / max(micro_p + micro_r, 1e-9),
        macro_f1=sum(s.f1 for s in topics) / max(len(topics), 1),
        top1_accuracy=top1 / len(examples),
        n=len(examples),
    )


def evaluate(pipeline, corpus_dir: Path = DEFAULT_CORPUS) -> list[Report]:
    dev = read_corpus(Path(corpus_dir) / "dev.jsonl")
    return [evaluate_examples(pipeline, dev, variant) for variant in ("clean", "asr")]


def format_report(report: Report) -> str:
    lines = [f"== dev ({report.variant}, n={report.n}) ==", f"{'label':<24}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for s in [*report.topics, *report.kinds, report.urgent]:
        lines.append(f"{s.label:<24}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.support:6d}")
    lines.append(
        f"topics micro-F1 {report.micro_f1:.3f}  macro-F1 {report.macro_f1:.3f}  "
        f"top-1 accuracy {report.top1_accuracy:.3f}"
    )
    return "\n".join(lines)
