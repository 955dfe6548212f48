"""Topic, kind and urgency on the held-out dev split (situations never seen in training)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.language import Language

from nlp.classify import char_ngrams, fit_heads, predict, select_topics, word_ngrams
from nlp.project.evaluate import Report, evaluate
from nlp.project.train import DEFAULT_CORPUS, read_corpus, training_set

MIN_TOPIC_F1 = 0.30  # every topic, clean and ASR-like (measured lowest: "lainnya", the catch-all, ~0.36)
MIN_MACRO_F1 = 0.60  # measured 0.68 on both variants
MIN_KIND_F1 = 0.70
MIN_URGENT_F1 = 0.60


@pytest.fixture(scope="module")
def reports(pipeline: Language) -> list[Report]:
    return evaluate(pipeline)


@pytest.mark.parametrize("variant", ["clean", "asr"])
def test_every_topic_reaches_minimum_f1(reports: list[Report], variant: str) -> None:
    report = next(r for r in reports if r.variant == variant)
    weak = {s.label: round(s.f1, 3) for s in report.topics if s.f1 < MIN_TOPIC_F1}
    assert not weak, f"topics below F1 {MIN_TOPIC_F1} on {variant} dev: {weak}"
    assert report.macro_f1 >= MIN_MACRO_F1
    assert len(report.topics) >= 18


@pytest.mark.parametrize("variant", ["clean", "asr"])
def test_kind_and_urgency(reports: list[Report], variant: str) -> None:
    report = next(r for r in reports if r.variant == variant)
    assert all(s.f1 >= MIN_KIND_F1 for s in report.kinds), [(s.label, s.f1) for s in report.kinds]
    assert report.urgent.f1 >= MIN_URGENT_F1


def test_topic_confidence_is_calibrated(pipeline: Language) -> None:
    """Expected calibration error of the topic probabilities on dev stays under 0.1."""
    heads = pipeline.get_pipe("suara_classifier").heads
    dev = read_corpus(DEFAULT_CORPUS / "dev.jsonl")
    probs, hits = [], []
    for e in dev:
        for label, p in predict(heads, e.asr_text).topics.items():
            probs.append(p)
            hits.append(label in e.topics)
    probs_a, hits_a = np.array(probs), np.array(hits, dtype=float)
    bins = np.minimum((probs_a * 10).astype(int), 9)
    ece = sum(
        abs(probs_a[bins == b].mean() - hits_a[bins == b].mean()) * (bins == b).mean()
        for b in range(10)
        if (bins == b).any()
    )
    assert ece < 0.1


def test_char_ngrams_match_scikit_learn_char_wb() -> None:
    """Inference re-implements the TF-IDF analyzer; it must produce the very n-grams training used."""
    text = "jalan  rusak di desa sukamaju, nomor 000 ya\tpak"
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()(text)
    assert char_ngrams(text) == reference
    words = TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()(text)
    assert sorted(word_ngrams(text)) == sorted(words)


def test_training_is_reproducible() -> None:
    examples = read_corpus(DEFAULT_CORPUS / "train.jsonl")[::10]
    data = training_set(examples)
    labels = sorted({t for ts in data.topics for t in ts})
    fit = [
        fit_heads(data.texts, data.topics, data.kinds, data.urgent, labels, data.groups, seed=7)
        for _ in range(2)
    ]
    assert fit[0].vocabulary == fit[1].vocabulary
    assert fit[0].word_vocabulary == fit[1].word_vocabulary
    assert np.array_equal(fit[0].weights, fit[1].weights)
    assert np.array_equal(fit[0].platt_a, fit[1].platt_a)


def test_up_to_date_check_follows_the_training_inputs(tmp_path) -> None:
    from nlp.project.train import inputs_fingerprint, is_up_to_date

    assert not is_up_to_date(tmp_path)
    (tmp_path / "meta.json").write_text(json.dumps({"inputs_sha256": inputs_fingerprint()}), encoding="utf-8")
    assert is_up_to_date(tmp_path)
    assert not is_up_to_date(tmp_path, inputs_fingerprint(seed=1))


def test_fingerprint_covers_the_code_that_shapes_the_model(tmp_path) -> None:
    """`--if-missing` retrains when feature, training or corpus-generator code, the situations or the
    taxonomy's keywords change, not when an unrelated module does."""
    from nlp.project.train import DEFAULT_CORPUS, DEFAULT_TAXONOMY, MODEL_CODE, REPO_ROOT, inputs_fingerprint

    corpus, taxonomy = DEFAULT_CORPUS.relative_to(REPO_ROOT), DEFAULT_TAXONOMY.relative_to(REPO_ROOT)
    files = [*MODEL_CODE, corpus / "train.jsonl", corpus / "situations.jsonl", taxonomy, "nlp/redact.py"]
    for rel in files:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO_ROOT / rel, tmp_path / rel)

    def fingerprint() -> str:
        return inputs_fingerprint(tmp_path / corpus, tmp_path / taxonomy, code_root=tmp_path)

    before = fingerprint()
    assert before == inputs_fingerprint()  # the copy holds every covered input
    with (tmp_path / "nlp/redact.py").open("a", encoding="utf-8") as fh:
        fh.write("# unrelated\n")
    assert fingerprint() == before
    covered = (
        "nlp/classify.py",
        "nlp/prepare.py",
        "nlp/project/corpus/written.py",
        corpus / "situations.jsonl",
    )
    for rel in covered:
        original = (tmp_path / rel).read_bytes()
        (tmp_path / rel).write_bytes(original + b"\n")
        assert fingerprint() != before, rel
        (tmp_path / rel).write_bytes(original)
    assert fingerprint() == before
    data = json.loads((tmp_path / taxonomy).read_text(encoding="utf-8"))
    data["topics"][0]["keywords"].append("kata baru")
    (tmp_path / taxonomy).write_text(json.dumps(data), encoding="utf-8")
    assert fingerprint() != before


WRITTEN = [
    # (text as typed into a portal, best topic, kind); the model before the written corpus and the kind
    # cues called the first two "pengaduan" and filed the third under perizinan
    (
        "Permisi, apakah honor kader bulan ini sudah cair? kok belum masuk",
        "keuangan_negara",
        "permintaan_informasi",
    ),
    (
        "Dengan hormat, kami mengajukan permohonan bantuan gerobak sampah baru untuk RW kami karena yang "
        "lama sudah rusak.",
        "lingkungan",
        "aspirasi",
    ),
    (
        "Mohon ijin bertanya, syarat mengurus surat keterangan ahli waris di kelurahan apa saja ya?",
        "adminduk",
        "permintaan_informasi",
    ),
    (
        "Yth. Bapak Lurah dan Bapak Camat, sampah di TPS pasar sdh seminggu tdk diangkut, baunya sampai ke "
        "rumah warga. Sudah 3 kali saya laporkan lewat aplikasi ini. Mohon segera ditindaklanjuti.",
        "lingkungan",
        "pengaduan",
    ),
]


@pytest.mark.parametrize(("text", "topic", "kind"), WRITTEN)
def test_written_complaints_get_topic_and_kind_despite_salutations(
    pipeline: Language, text: str, topic: str, kind: str
) -> None:
    """A salutation to an official is not a complaint about officials, and a written question or proposal
    is not a complaint: the kinds real portal texts lost before the written corpus and the kind cues."""
    pred = predict(pipeline.get_pipe("suara_classifier").heads, text)
    best = sorted(pred.topics.items(), key=lambda kv: -kv[1])
    assert best[0][0] == topic, best[:3]
    assert pred.kind == kind, pred.kind_scores


# Subjects real portal complaints raise that the corpus lacked until the real_gaps situations. Main's model
# before them gave the first one lainnya at 0.04 (under review); the other two it already filed (0.52, 0.54).
GAPS = [
    (
        "Sudah sebulan daftar bimbingan catin online tapi jadwalnya tidak pernah dikirim, padahal mau nikah.",
        "lainnya",
    ),
    (
        "Rumah kami belum dapat set top box, jadi TV tidak bisa menangkap siaran digital sama sekali.",
        "lainnya",
    ),
    (
        "Sudah 2 bulan surat keterangan ahli waris ibu saya belum selesai, alasannya saksi belum lengkap.",
        "adminduk",
    ),
]


@pytest.mark.parametrize(("text", "topic"), GAPS)
def test_subjects_the_corpus_lacked_are_filed_without_review(
    pipeline: Language, text: str, topic: str
) -> None:
    clf = pipeline.get_pipe("suara_classifier")
    pred = predict(clf.heads, text)
    best = max(pred.topics, key=pred.topics.get)
    assert best == topic, sorted(pred.topics.items(), key=lambda kv: -kv[1])[:3]
    assert pred.topics[best] >= clf.review_threshold


COURTESIES = [
    ("Izin dan mohon bantuan perantingan pohon mangga di gang kami, dahannya sudah menutupi jalan.",
     "lingkungan"),
    ("Saya izin untuk melakukan pengaduan, sampah di TPS dekat pasar sudah seminggu tidak diangkut.",
     "lingkungan"),
    ("Mohon izin ada keluhan warga, tukang parkir di minimarket masih menarik uang padahal parkir gratis.",
     "ketertiban_keamanan"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "topic"), COURTESIES)
def test_a_courtesy_ijin_files_no_permit_complaint(pipeline: Language, text: str, topic: str) -> None:
    """ "Mohon ijin" asks leave to speak; main's model filed all three under perizinan (0.85-1.0)."""
    clf = pipeline.get_pipe("suara_classifier")
    pred = predict(clf.heads, text)
    assert max(pred.topics, key=pred.topics.get) == topic, sorted(pred.topics.items(), key=lambda kv: -kv[1])[
        :3
    ]
    assert pred.topics["perizinan"] < clf.threshold


def test_a_secondary_bar_holds_only_beside_a_better_topic() -> None:
    """A complaint about a service that names its staff keeps the civil-service label only when the model is
    near-certain of it; a complaint mainly about the staff keeps it as its best topic at any score."""
    scores = {"adminduk": 0.97, "kepegawaian": 0.82, "lainnya": 0.6, "kesehatan": 0.1}
    assert [lab for lab, _ in select_topics(scores, 0.5)] == ["adminduk", "kepegawaian", "lainnya"]
    bars = {"kepegawaian": 0.9}
    assert [lab for lab, _ in select_topics(scores, 0.5, bars)] == ["adminduk", "lainnya"]
    assert [lab for lab, _ in select_topics({**scores, "kepegawaian": 0.95}, 0.5, bars)][:2] == [
        "adminduk", "kepegawaian",
    ]  # fmt: skip
    assert [lab for lab, _ in select_topics({"kepegawaian": 0.4, "adminduk": 0.2}, 0.5, bars)] == [
        "kepegawaian"
    ]


def test_the_shipped_pipeline_carries_the_secondary_bar(pipeline: Language) -> None:
    clf = pipeline.get_pipe("suara_classifier")
    assert clf.secondary_thresholds == {"kepegawaian": 0.9}


def test_word_feature_cache_gives_the_uncached_features(pipeline: Language, monkeypatch) -> None:
    """The character n-gram features are looked up per word through a per-model cache: they must be the very
    counts (and order) of counting every n-gram of the text, when the cache is cold, warm or just cleared,
    and a second model must not read the first one's cache."""
    from collections import Counter
    from dataclasses import replace

    import nlp.classify
    from nlp.classify import features_text

    heads = pipeline.get_pipe("suara_classifier").heads
    texts = [e.asr_text for e in read_corpus(DEFAULT_CORPUS / "dev.jsonl")[:40]]
    texts += ["jalan  rusak\tdi desa sukamaju, nomor 0812 ya pak", "", "  ", "PLN padam lagi!!"]
    monkeypatch.setattr(nlp.classify, "WORD_CACHE_SIZE", 50)  # cleared many times over these texts
    for text in texts + texts[::-1]:
        prepared = features_text(text)
        voc = heads.vocabulary
        expected = Counter(voc[g] for g in char_ngrams(prepared) if g in voc)
        got = heads.char_features(prepared)
        assert list(got.items()) == list(expected.items())
    other = replace(heads, vocabulary={g: i for i, g in enumerate(sorted(heads.vocabulary)[:1000])})
    assert other._word_features == {}
    prepared = features_text(texts[0])
    expected = Counter(other.vocabulary[g] for g in char_ngrams(prepared) if g in other.vocabulary)
    assert list(other.char_features(prepared).items()) == list(expected.items())
