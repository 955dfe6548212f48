"""The training corpus: size, labels, split hygiene, ASR form, and that it is what the generator builds."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "nlp" / "data" / "corpus"
KINDS = {"pengaduan", "aspirasi", "permintaan_informasi"}


def _read(name: str) -> list[dict]:
    with open(CORPUS / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module")
def train() -> list[dict]:
    return _read("train.jsonl")


@pytest.fixture(scope="module")
def dev() -> list[dict]:
    return _read("dev.jsonl")


@pytest.fixture(scope="module")
def labels() -> set[str]:
    taxonomy = json.loads((ROOT / "nlp" / "data" / "taxonomy.json").read_text(encoding="utf-8"))
    return {t["label"] for t in taxonomy["topics"]}


def test_taxonomy_has_the_issue_topics(labels: set[str]) -> None:
    assert len(labels) >= 18
    assert {"infrastruktur", "kesehatan", "dana_desa", "korupsi_pungli", "listrik_air", "lainnya"} <= labels
    assert all(re.fullmatch(r"[a-z][a-z_]*", label) for label in labels)


def test_size_and_per_topic_minimum(train: list[dict], dev: list[dict], labels: set[str]) -> None:
    rows = train + dev
    assert len(rows) >= 2000
    per_topic = Counter(t for r in rows for t in r["topics"])
    assert set(per_topic) == labels, "every topic has examples"
    assert min(per_topic.values()) >= 80, per_topic
    dev_topics = Counter(t for r in dev for t in r["topics"])
    assert min(dev_topics[label] for label in labels) >= 20, dev_topics


def test_dev_is_about_a_fifth(train: list[dict], dev: list[dict]) -> None:
    share = len(dev) / (len(train) + len(dev))
    assert 0.15 <= share <= 0.3, share


def test_records_are_well_formed(train: list[dict], dev: list[dict], labels: set[str]) -> None:
    ids = [r["id"] for r in train + dev]
    assert len(ids) == len(set(ids))
    for r in train + dev:
        assert set(r) == {"id", "text", "asr_text", "topics", "kind", "urgent"}, r
        assert r["topics"] and set(r["topics"]) <= labels, r
        assert len(r["topics"]) == len(set(r["topics"]))
        assert r["kind"] in KINDS
        assert isinstance(r["urgent"], bool)
        assert r["text"].strip()


def test_kinds_urgency_and_multilabel_are_represented(train: list[dict], dev: list[dict]) -> None:
    for split in (train, dev):
        kinds = Counter(r["kind"] for r in split)
        assert all(kinds[k] >= 50 for k in KINDS), kinds
        assert sum(r["urgent"] for r in split) >= 40
        assert sum(len(r["topics"]) > 1 for r in split) >= 20


def test_two_complaint_calls_carry_both_topics(train: list[dict], dev: list[dict]) -> None:
    for split in (train, dev):
        combos = [r for r in split if r["id"].startswith("combo-")]
        assert combos
        assert all(len(r["topics"]) >= 2 and r["kind"] == "pengaduan" for r in combos)


def test_no_dev_text_or_situation_in_train(train: list[dict], dev: list[dict]) -> None:
    train_texts = {r["text"] for r in train} | {r["asr_text"] for r in train}
    assert not [r["text"] for r in dev if r["text"] in train_texts]
    assert not [r["asr_text"] for r in dev if r["asr_text"] in train_texts]

    # ids are <topic>-<situation>-<n>: a situation lives on one side of the split only
    def situations(rows: list[dict]) -> set[str]:
        return {r["id"].rsplit("-", 1)[0] for r in rows}

    assert not situations(train) & situations(dev)


def _written(row: dict) -> bool:
    """Written-portal renderings: typed, never transcribed, so their ASR form is the text itself."""
    return "-w" in row["id"] or row["id"].startswith(("combo-trainw", "combo-devw"))


def test_asr_form_is_spoken(train: list[dict], dev: list[dict]) -> None:
    written = [r for r in train + dev if _written(r)]
    assert written and all(r["asr_text"] == r["text"] for r in written)
    rows = [r for r in train + dev if not _written(r)]
    for r in rows:
        asr = r["asr_text"]
        assert asr == asr.lower(), asr
        assert not re.search(r"[0-9.,?!:;/()\"-]", asr), asr
    # phone numbers spelled digit by digit, sometimes with "kosong" for zero
    assert any("kosong delapan" in r["asr_text"] for r in rows)
    assert any("nol delapan" in r["asr_text"] for r in rows)
    # the ASR form differs from a plain lowercasing in a good share of examples (numbers, misrecognitions)
    changed = sum(
        r["asr_text"].split() != re.sub(r"[^\w\s']", " ", r["text"].lower().replace("-", " ")).split()
        for r in rows
    )
    assert changed / len(rows) > 0.5


def test_corpus_files_match_the_generator(train: list[dict], dev: list[dict]) -> None:
    from nlp.project.corpus.build import build, read_situations

    situations = read_situations()
    assert sum(map(len, situations.values())) >= 700  # hand-written situations, as data
    built = build()
    assert built[False] == train
    assert built[True] == dev


def test_written_complaints_are_typed_like_portal_texts(
    train: list[dict], dev: list[dict], labels: set[str]
) -> None:
    """Every topic also appears as a typed portal complaint: salutations, RT/RW introductions, chat
    abbreviations, subject-free background; dev's framing pieces are never train's."""
    from nlp.project.corpus import written

    rows = [r for r in train if _written(r)]
    assert {t for r in rows for t in r["topics"]} == labels
    assert sum("\n" in r["text"] for r in rows) / len(rows) > 0.3
    assert sum(bool(re.search(r"\b(yg|sdh|tdk|mhn)\b", r["text"])) for r in rows) / len(rows) > 0.2
    assert {"pengaduan", "aspirasi", "permintaan_informasi"} == {r["kind"] for r in rows}
    dev_context = {c for i, c in enumerate(written.CONTEXT) if i % 5 == 2}
    train_context = set(written.CONTEXT) - dev_context
    fixed = [c for c in train_context if "{" not in c]
    assert not any(c in r["text"] for c in fixed for r in dev if _written(r))


@pytest.mark.parametrize("first_dropped", [0, 1, 2, 3])
def test_an_appended_set_leaves_every_earlier_example_as_it_was(
    train: list[dict], dev: list[dict], tmp_path: Path, first_dropped: int
) -> None:
    """Situations of an appended set (real_gaps, order_conduct, weak_subjects, then boundaries) are rendered
    last, each set with its own generator: without a set and those after it the corpus is exactly the earlier
    one, so a set's effect on a figure is its own."""
    from nlp.project.corpus.build import APPENDED_SETS, SITUATIONS_PATH, build

    dropped = APPENDED_SETS[first_dropped:]
    lines = SITUATIONS_PATH.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if json.loads(line).get("set") not in dropped]
    assert len(kept) < len(lines)
    (tmp_path / "situations.jsonl").write_text("".join(kept), encoding="utf-8")
    earlier = build(tmp_path / "situations.jsonl")
    assert train[: len(earlier[False])] == earlier[False] and len(train) > len(earlier[False])
    assert dev[: len(earlier[True])] == earlier[True] and len(dev) > len(earlier[True])
    added = {r["id"].rsplit("-", 1)[0] for r in train[len(earlier[False]) :]}
    assert len(added) >= 10 and not any(i.startswith("combo") for i in added)


def test_extra_renderings_keep_each_situation_in_its_split_and_group(
    train: list[dict], dev: list[dict]
) -> None:
    """`suara nlp train` adds the train situations rendered with other seeds: other words for the same
    situations, never a dev situation or text, and the same ids (so the same calibration groups)."""
    from nlp.project.train import DEFAULT_CORPUS, RENDER_SEEDS, extra_renderings

    extra = extra_renderings(DEFAULT_CORPUS, RENDER_SEEDS[:1])
    groups = {e.group for e in extra}
    assert groups == {r["id"].rsplit("-", 1)[0] for r in train}
    assert not groups & {r["id"].rsplit("-", 1)[0] for r in dev}
    dev_texts = {r["text"] for r in dev} | {r["asr_text"] for r in dev}
    assert not [e.text for e in extra if e.text in dev_texts or e.asr_text in dev_texts]
    train_texts = {r["text"] for r in train}
    assert sum(e.text in train_texts for e in extra) / len(extra) < 0.1  # another rendering, not a copy
