"""Agency routing over the shipped rules, and rule validation with clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.routing import (
    RULES_FILE,
    RoutingRuleError,
    default_rules,
    load_rules,
    region_at,
    rules_from_data,
    save_rules,
    suggest_agencies,
)
from nlp.types import AgencySuggestion, Place, PlaceMention, Topic


def codes(suggestions: list[AgencySuggestion]) -> list[str]:
    return [s.code for s in suggestions]


def by_code(suggestions: list[AgencySuggestion], code: str) -> AgencySuggestion:
    return next(s for s in suggestions if s.code == code)


def test_shipped_rules_load_and_cover_every_topic() -> None:
    rules = default_rules()
    assert len(rules) >= 50
    labels = {label for r in rules for label in r.topics}
    taxonomy = json.loads((RULES_FILE.parent / "taxonomy.json").read_text(encoding="utf-8"))
    assert {t["label"] for t in taxonomy["topics"]} <= labels


def test_regency_road_goes_to_that_regencys_dinas_pupr() -> None:
    got = suggest_agencies(
        topics=[Topic("infrastruktur", 0.9)], region_code="33.03.07.2012", text="jalan kabupaten rusak parah"
    )
    top = got[0]
    assert top.code == "dinas-pupr:33.03"
    assert "Kabupaten Purbalingga" in top.name and "Pekerjaan Umum" in top.name
    assert top.rule == "infra-kabupaten"
    assert top.region_code == "33.03"
    assert top.score == pytest.approx(0.9 * 0.8)
    assert [s.score for s in got] == sorted((s.score for s in got), reverse=True)


def test_national_road_goes_to_the_national_roads_agency_first() -> None:
    got = suggest_agencies(
        topics=[Topic("infrastruktur", 0.9)],
        region_code="33.03",
        text="Jalan nasional lintas selatan berlubang",
    )
    assert got[0].code == "kemenpu-bpjn"
    assert got[0].rule == "infra-jalan-nasional"
    assert "dinas-pupr:33.03" in codes(got)  # still shown, ranked lower
    # asr text without punctuation matches the same keyword
    asr = suggest_agencies(
        topics=[Topic("infrastruktur", 0.9)], region_code="33.03", text="jalan nasional di sini rusak pak"
    )
    assert asr[0].code == "kemenpu-bpjn"


def test_village_funds_go_to_the_inspektorat_and_the_ministry_of_villages() -> None:
    got = suggest_agencies(
        topics=[Topic("dana_desa", 0.9)],
        region_code="33.03.07.2012",
        text="dana desa diselewengkan kades",
        limit=0,
    )
    assert got[0].code == "inspektorat:33.03"
    assert "kemendes" in codes(got)
    bpd = by_code(got, "bpd:33.03.07.2012")  # village-level rule needs the full village code
    assert bpd.region_code == "33.03.07.2012"
    regency_only = suggest_agencies(topics=[Topic("dana_desa", 0.9)], region_code="33.03", limit=0)
    assert not any(c.startswith("bpd:") or c.startswith("kecamatan:") for c in codes(regency_only))


@pytest.mark.parametrize(
    ("topic", "text", "expected", "rule"),
    [
        ("kelautan_perikanan", "izin kapal lima GT saya nggak keluar-keluar", "kkp", "izin-kapal"),
        ("perizinan", "ngurus izin kapal nelayan dipersulit", "kkp", "izin-kapal"),
        ("keuangan_negara", "SP2D di KPPN belum cair tiga bulan", "kemenkeu-djpb", "keu-djpb"),
        ("listrik_air", "listrik padam terus tiap malam", "pln", "util-pln"),
        ("listrik_air", "pe el en mati lampu lagi", "pln", "util-pln"),
        ("listrik_air", "air PDAM nggak ngalir seminggu", "pdam:33.03", "util-pdam"),
        ("kesehatan", "kartu BPJS saya nonaktif waktu mau berobat", "bpjs-kesehatan", "kes-bpjs"),
        ("korupsi_pungli", "oknum polisi minta uang damai waktu tilang", "propam-polri", "kor-polisi"),
        (
            "ketenagakerjaan",
            "klaim JHT BPJS Ketenagakerjaan ditolak",
            "bpjs-ketenagakerjaan",
            "naker-bpjs-tk",
        ),
        ("adminduk", "e-KTP belum jadi tiga bulan", "disdukcapil:33.03", "adm-dukcapil"),
    ],
)
def test_named_examples_route_where_the_issue_says(topic: str, text: str, expected: str, rule: str) -> None:
    got = suggest_agencies(topics=[Topic(topic, 0.9)], region_code="33.03", text=text)
    assert got[0].code == expected, got
    assert got[0].rule == rule


def test_keywords_match_words_with_the_nya_suffix_but_not_inside_other_words() -> None:
    got = suggest_agencies(
        topics=[Topic("transportasi", 0.9)], region_code="33.03", text="pesawatnya delay terus"
    )
    assert "kemenhub" in codes(got)
    # "sim" is a keyword of the traffic police rule; "simpang" must not trigger it
    got = suggest_agencies(
        topics=[Topic("transportasi", 0.9)], region_code="33.03", text="lampu di simpang mati"
    )
    assert by_code(got, "dishub:33.03").rule == "trans-dishub"
    assert "polres:33.03" not in codes(got)


def test_police_extortion_also_suggests_the_ombudsman() -> None:
    got = suggest_agencies(
        topics=[Topic("korupsi_pungli", 0.9)], region_code="33.03", text="pungli oleh oknum polisi di razia"
    )
    assert codes(got)[:2] == ["propam-polri", "ombudsman:33"]
    assert "Jawa Tengah" in got[1].name


def test_bpjs_ketenagakerjaan_is_not_sent_to_bpjs_kesehatan() -> None:
    got = suggest_agencies(
        topics=[Topic("kesehatan", 0.9)], region_code="33.03", text="BPJS ketenagakerjaan saya belum cair"
    )
    assert "bpjs-kesehatan" not in codes(got)


def test_jakarta_water_goes_to_pam_jaya_and_replaces_the_city_pdam() -> None:
    got = suggest_agencies(topics=[Topic("listrik_air", 0.9)], region_code="31.74.01", text="air PAM mati")
    assert got[0].code == "pam-jaya:31"
    assert not any(c.startswith("pdam:") for c in codes(got))
    outside = suggest_agencies(topics=[Topic("listrik_air", 0.9)], region_code="32.01", text="air PAM mati")
    assert outside[0].code == "pdam:32.01"


def test_multi_label_complaint_ranks_by_topic_score() -> None:
    got = suggest_agencies(
        topics=[Topic("infrastruktur", 0.8), Topic("kesehatan", 0.5)],
        region_code="33.03",
        text="jalan ke puskesmas rusak, ambulans susah lewat",
    )
    assert codes(got)[:2] == ["dinas-pupr:33.03", "dinkes:33.03"]


def test_without_region_only_national_agencies_or_the_place_mentioned() -> None:
    got = suggest_agencies(topics=[Topic("infrastruktur", 0.9)], region_code=None, text="jalan rusak")
    assert all(s.region_code is None for s in got)
    assert got  # the national fallback at least
    place = PlaceMention("Purbalingga", 0, 11, (Place("33.03", "Kabupaten Purbalingga", "regency", 0.95),))
    ambiguous = PlaceMention(
        "Sukamaju",
        20,
        28,
        (
            Place("32.01.01.2001", "Sukamaju", "village", 0.5),
            Place("32.02.01.2001", "Sukamaju", "village", 0.4),
        ),
    )
    got = suggest_agencies(
        topics=[Topic("infrastruktur", 0.9)], region_code=None, places=[place, ambiguous], text="jalan rusak"
    )
    assert got[0].code == "dinas-pupr:33.03"


def test_duplicates_collapse_to_the_best_rule_per_agency() -> None:
    got = suggest_agencies(
        topics=[Topic("lingkungan", 0.9), Topic("bantuan_sosial", 0.6)],
        region_code="33.03",
        text="banjir sepinggang, tolong evakuasi",
        limit=0,
    )
    assert len(codes(got)) == len(set(codes(got)))
    bpbd = by_code(got, "bpbd:33.03")
    assert bpbd.rule == "ling-bencana" and bpbd.score == pytest.approx(0.9 * 0.95)


def test_without_topics_only_catch_all_rules_apply() -> None:
    got = suggest_agencies(topics=[], region_code="33.03", text="halo pak")
    assert codes(got) == ["reg-33.03", "kemenpanrb-lapor"]
    assert got[0].rule == "umum-pemda"


def test_region_at_levels() -> None:
    assert region_at("33.03.07.2012", "province") == "33"
    assert region_at("33.03.07.2012", "regency") == "33.03"
    assert region_at("33.03.07.2012", "village") == "33.03.07.2012"
    assert region_at("33.03", "district") is None
    assert region_at(None, "regency") is None


# --- validation -------------------------------------------------------------------------------------


def _rule(**over: object) -> dict:
    rule = {
        "id": "r1",
        "topics": ["infrastruktur"],
        "level": "regency",
        "agency": "dinas-pupr",
        "weight": 0.5,
    }
    rule.update(over)
    return rule


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (_rule(topics=["jalan"]), "unknown topics"),
        (_rule(level="kabupaten"), "level must be one of"),
        (_rule(agency="dinas-ngawur"), "unknown office kind"),
        (_rule(level="national", agency="kementerian-ngawur"), "unknown national agency"),
        (_rule(level="village", agency="dinas-pupr"), "not at 'village'"),
        (_rule(weight=1.5), "weight must be a number"),
        (_rule(weight="tinggi"), "weight must be a number"),
        (_rule(region_prefix="3303"), "region_prefix"),
        (_rule(keywords="jalan"), "keywords must be a list"),
        (_rule(colour="red"), "unknown fields colour"),
        ({"id": "r1", "topics": ["infrastruktur"]}, "missing level, agency, weight"),
        (_rule(replaces=["nope"]), "unknown rules"),
    ],
)
def test_invalid_rules_are_rejected_with_the_reason(rule: dict, message: str) -> None:
    with pytest.raises(RoutingRuleError, match=message) as info:
        rules_from_data({"rules": [rule]})
    assert "r1" in str(info.value) or "#0" in str(info.value)


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(RoutingRuleError, match="duplicate rule ids: r1"):
        rules_from_data([_rule(), _rule()])


def test_rules_load_from_a_file_and_round_trip(tmp_path: Path) -> None:
    custom = [_rule(id="pupr-khusus", region_prefix="33.03", keywords=["jembatan"], weight=1.0)]
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"rules": custom}), encoding="utf-8")
    rules = load_rules(path)
    assert [r.to_dict() for r in rules] == custom
    got = suggest_agencies(
        topics=[Topic("infrastruktur", 1.0)], region_code="33.03.01", text="jembatan putus", rules=rules
    )
    assert [(s.code, s.rule, s.score) for s in got] == [("dinas-pupr:33.03", "pupr-khusus", 1.0)]
    assert (
        suggest_agencies(
            topics=[Topic("infrastruktur", 1.0)], region_code="34.01", text="jembatan", rules=rules
        )
        == []
    )


def test_shipped_rules_survive_a_save_and_load(tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    save_rules(default_rules(), path, note="edited by an administrator")
    assert tuple(load_rules(path)) == default_rules()
    assert json.loads(path.read_text(encoding="utf-8"))["note"] == "edited by an administrator"
    # the shipped file itself is in the saved layout, so saving it unchanged gives the same text
    save_rules(default_rules(), path, note=json.loads(RULES_FILE.read_text(encoding="utf-8"))["note"])
    assert path.read_text(encoding="utf-8") == RULES_FILE.read_text(encoding="utf-8")


def test_broken_files_name_the_file_and_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"rules": [', encoding="utf-8")
    with pytest.raises(RoutingRuleError, match=r"bad\.json: invalid JSON at line 1"):
        load_rules(bad)
    with pytest.raises(RoutingRuleError, match="file not found"):
        load_rules(tmp_path / "missing.json")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"rules": [_rule(level="kota")]}), encoding="utf-8")
    with pytest.raises(RoutingRuleError, match=r"wrong\.json: rule 'r1' \(#0\): level must be one of"):
        load_rules(wrong)
