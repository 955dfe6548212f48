"""analyze() end to end: loaded once, typed result, bad input handled without a crash."""

from __future__ import annotations

import json
import time

import pytest
from spacy.language import Language

import nlp
from nlp import Analysis, NlpError, analyze


def test_pipeline_is_the_configured_spacy_pipeline(pipeline: Language) -> None:
    assert pipeline.lang == "id"
    assert pipeline.pipe_names == ["lemmatizer", "suara_entities", "suara_places", "suara_classifier"]
    assert nlp.load() is pipeline  # cached per process
    doc = pipeline("warga melaporkan jalan rusak")
    assert doc[1].lemma_ == "lapor"  # lookup lemmatizer from spacy-lookups-data


def test_analysis_is_plain_data(pipeline: Language) -> None:
    a = analyze("Saya Budi dari desa sukamaju kecamatan cibungbulang, jalan rusak parah", pipeline=pipeline)
    assert isinstance(a, Analysis)
    json.dumps(a.to_dict())  # JSON-ready, no spaCy objects
    assert a.topics and a.topics[0].label == "infrastruktur"
    assert 0.0 <= a.topics[0].score <= 1.0
    assert a.kind == "pengaduan"
    assert a.agencies, "routing suggests at least one agency"
    for e in a.entities:
        assert a.text[e.start_char : e.end_char] == e.text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("pak saya mau tanya syarat bikin ktp baru apa saja ya", "permintaan_informasi"),
        ("saya mengusulkan supaya dibangun taman bermain untuk anak di desa kami", "aspirasi"),
    ],
)
def test_report_kind(pipeline: Language, text: str, kind: str) -> None:
    assert analyze(text, pipeline=pipeline).kind == kind


def test_urgency(pipeline: Language) -> None:
    assert analyze("tolong ada kebakaran rumah warga sekarang api besar", pipeline=pipeline).urgent
    assert not analyze("saya mau tanya jadwal posyandu bulan depan", pipeline=pipeline).urgent


def test_line_breaks_escaped_as_text_are_line_breaks(pipeline: Language) -> None:
    """Portal exports write a line break as backslash-n; read as a word it glued an "n" to the next line's
    first word ("nNama"), hiding the introduction and the place."""
    text = "Jalan berlubang.\\nNama : Budi Santoso\\nKelurahan Gubeng Kota Surabaya"
    a = analyze(text, pipeline=pipeline)
    assert a.reporter_name == "Budi Santoso"
    place = next(m for m in a.places if m.text == "Kelurahan Gubeng")
    assert text[place.start_char : place.end_char] == "Kelurahan Gubeng"
    assert a.region_code is not None and a.region_code.startswith("35.78.08")


def test_empty_and_blank_text(pipeline: Language) -> None:
    for text in ("", "   \n\t ", "\x00\x01\x02"):
        a = analyze(text, pipeline=pipeline)
        assert a.topics == () and a.entities == ()
        assert "empty text" in a.warnings


@pytest.mark.parametrize(
    "text",
    [
        "The quick brown fox jumps over the lazy dog near the river bank today",
        "I want to report that the road in my village is broken since last week please help",
        "道路坏了请帮忙修理",
        "Дорога в нашей деревне сломана",
    ],
)
def test_other_language_is_flagged_not_routed(pipeline: Language, text: str) -> None:
    a = analyze(text, pipeline=pipeline)
    assert not a.language_ok
    assert a.topics == () and a.agencies == ()
    assert a.warnings


def test_regional_code_mixing_is_still_analyzed(pipeline: Language) -> None:
    a = analyze(
        "kulo badhe matur, dalan teng desa kulo rusak sanget, mboten saged dilewati", pipeline=pipeline
    )
    assert a.language_ok
    assert a.topics


def test_control_characters_and_odd_unicode(pipeline: Language) -> None:
    text = "jalan\x00 rusak\u200b di desa\u202e sukamaju 😀 ٣٤ ｆｕｌｌ\ufeff nomor 0812\x073456\u00a07890"
    a = analyze(text, pipeline=pipeline)
    assert a.text == text
    assert len(a.redacted_text) > 0
    for e in a.entities:
        assert 0 <= e.start_char <= e.end_char <= len(text)


def test_long_text_is_analyzed_quickly(pipeline: Language) -> None:
    chunk = "jalan di desa sukamaju kecamatan cibungbulang rusak parah nomor saya 081234567890. "
    text = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    started = time.perf_counter()
    a = analyze(text, pipeline=pipeline)
    assert time.perf_counter() - started < 20
    assert a.phones == ("+6281234567890",)


def test_too_long_and_non_string_input_raise_clear_errors(pipeline: Language) -> None:
    with pytest.raises(NlpError, match="too long"):
        analyze("a" * 100_001, pipeline=pipeline)
    with pytest.raises(NlpError, match="must be a string"):
        analyze(b"bytes", pipeline=pipeline)  # type: ignore[arg-type]


def test_damaged_model_is_a_clear_error(tmp_path) -> None:
    (tmp_path / "config.cfg").write_text('[nlp]\nlang = "id"\npipeline = ["nothing"]\n', encoding="utf-8")
    with pytest.raises(NlpError, match="cannot load"):
        nlp.load(tmp_path)


def test_missing_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(NlpError, match="suara nlp train"):
        nlp.load(tmp_path / "nothing")


def test_model_dir_selects_the_model_folder(pipeline: Language, tmp_path) -> None:
    """The application passes its own models folder (SUARA_MODELS_DIR); nlp must load from there."""
    from nlp.pipeline import DEFAULT_MODEL

    elsewhere = tmp_path / "models" / "nlp" / "suara-id"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.symlink_to(DEFAULT_MODEL, target_is_directory=True)
    a = analyze("jalan rusak berlubang di desa sukamaju", model_dir=elsewhere)
    assert a.topics[0].label == "infrastruktur"
    assert nlp.load(elsewhere) is not pipeline  # loaded from the folder it was given
    with pytest.raises(NlpError, match=r"no trained NLP model at .*missing"):
        analyze("jalan rusak", model_dir=tmp_path / "missing")


def test_a_text_with_no_likely_topic_is_marked_for_review(pipeline: Language) -> None:
    a = analyze("Assalamualaikum wr wb, Yth. Bapak Walikota. Terima kasih.", pipeline=pipeline)
    assert a.metadata["needs_review"] is True
    assert any("perlu ditinjau" in w for w in a.warnings)
    b = analyze("jalan rusak berlubang di desa sukamaju, tolong diperbaiki", pipeline=pipeline)
    assert b.metadata["needs_review"] is False


def test_analyze_routes_under_the_rules_it_is_given(pipeline: Language) -> None:
    """An application passes the rules it keeps (edited by its administrators); without them, the
    rules of nlp/data/routing_rules.json apply."""
    from nlp.routing import rules_from_data

    text = "Saya Budi dari desa sukamaju kecamatan cibungbulang, jalan rusak parah"
    only = rules_from_data(
        [
            {
                "id": "semua-ke-ombudsman",
                "topics": ["*"],
                "level": "national",
                "agency": "ombudsman",
                "weight": 1.0,
            }
        ]
    )
    given = analyze(text, pipeline=pipeline, rules=only)
    assert [(a.code, a.rule) for a in given.agencies] == [("ombudsman", "semua-ke-ombudsman")]
    assert "semua-ke-ombudsman" not in {a.rule for a in analyze(text, pipeline=pipeline).agencies}
    assert analyze(text, pipeline=pipeline, rules=()).agencies == ()


def test_an_uncached_load_reads_the_folder_again(tmp_path) -> None:
    """Judging a candidate model must not see an earlier model that stood in the same folder."""
    import shutil

    from nlp.pipeline import DEFAULT_MODEL

    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, folder)
    first = nlp.load(folder, cache=False)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    (folder / "meta.json").write_text(json.dumps({**meta, "version": "9.9.9"}), encoding="utf-8")
    second = nlp.load(folder, cache=False)
    assert first.meta["version"] != "9.9.9" and second.meta["version"] == "9.9.9"
    assert nlp.load(DEFAULT_MODEL) is nlp.load(DEFAULT_MODEL)  # cached: one per folder
