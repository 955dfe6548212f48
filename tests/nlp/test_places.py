"""Place mentions resolved to Kemendagri codes: unique, ambiguous, disambiguated, misspelled."""

from __future__ import annotations

from datetime import datetime

import pytest
from spacy.language import Language

from nlp import AnalysisContext, analyze


def _mention(analysis, text: str):
    return next(m for m in analysis.places if m.text.lower() == text)


def test_hierarchy_in_the_text_resolves_a_common_village(pipeline: Language) -> None:
    a = analyze("jalan rusak di desa sukamaju kecamatan cibungbulang kabupaten bogor", pipeline=pipeline)
    village = _mention(a, "desa sukamaju")
    assert village.resolved is not None
    assert village.resolved.code == "32.01.16.2013"
    assert village.resolved.path == ("Jawa Barat", "Kabupaten Bogor", "Cibungbulang", "Sukamaju")
    assert a.region_code == "32.01.16.2013"


def test_a_unique_regency_resolves_alone(pipeline: Language) -> None:
    a = analyze("saya warga kabupaten sleman mau lapor", pipeline=pipeline)
    assert _mention(a, "kabupaten sleman").resolved.code == "34.04"
    assert a.region_code == "34.04"


@pytest.mark.parametrize(
    ("text", "default", "district"),
    [("sampah numpuk di wonokromo", "35.78", "35.78.04"), ("jalan rusak di wonosari", "34.03", "34.03.01")],
)
def test_a_district_named_like_its_seat_village_gives_the_district(
    pipeline: Language, text: str, default: str, district: str
) -> None:
    """Wonokromo is a district of Surabaya and a kelurahan inside it: the mention stays ambiguous, but
    either reading puts the complaint in that district, so the analysis has the district's code."""
    a = analyze(text, AnalysisContext(default_region=default), pipeline=pipeline)
    mention = a.places[0]
    assert mention.resolved is None
    codes = sorted(c.code for c in mention.candidates)
    assert codes[0] == district and len(codes) == 2 and codes[1].startswith(district + ".")
    assert a.region_code == district


def test_an_ambiguous_village_gives_ranked_candidates_not_a_guess(pipeline: Language) -> None:
    a = analyze("jalan di desa sukamaju rusak parah", pipeline=pipeline)
    village = _mention(a, "desa sukamaju")
    assert village.resolved is None
    assert len(village.candidates) > 1
    scores = [c.score for c in village.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(c.name.replace(" ", "").lower() == "sukamaju" for c in village.candidates)
    assert a.region_code is None


def test_default_region_narrows_candidates_to_the_hotline_area(pipeline: Language) -> None:
    ctx = AnalysisContext(default_region="32.01")
    a = analyze("jalan di desa sukamaju rusak parah", ctx, pipeline=pipeline)
    village = _mention(a, "desa sukamaju")
    top = [c for c in village.candidates if c.score == village.candidates[0].score]
    # Bogor has several Sukamaju: still ambiguous, but every top candidate lies in Bogor.
    assert len(top) > 1
    assert all(c.code.startswith("32.01.") for c in top)


def test_default_region_plus_district_resolves(pipeline: Language) -> None:
    ctx = AnalysisContext(default_region="32.01", recorded_at=datetime(2026, 11, 1))
    a = analyze("saya tinggal di sukamaju cibungbulang", ctx, pipeline=pipeline)
    assert a.region_code == "32.01.16.2013"


def test_misspelled_district_is_matched_fuzzily_with_a_lower_score(pipeline: Language) -> None:
    a = analyze("warga kecamatan cibinog kabupaten bogor mengeluh", pipeline=pipeline)
    district = _mention(a, "kecamatan cibinog")
    assert district.resolved is not None
    assert district.resolved.code == "32.01.01"
    assert district.resolved.name == "Cibinong"
    assert district.resolved.score < 1.0


def test_kota_means_the_city(pipeline: Language) -> None:
    a = analyze("sampah menumpuk di kota depok", pipeline=pipeline)
    assert _mention(a, "kota depok").resolved.code == "32.76"


def test_same_named_regency_and_city_stay_ambiguous(pipeline: Language) -> None:
    a = analyze("pasar di semarang rusak", pipeline=pipeline)
    codes = {c.code for c in _mention(a, "semarang").candidates}
    assert codes == {"33.22", "33.74"}


def test_words_after_desa_that_are_not_places(pipeline: Language) -> None:
    a = analyze("petugas kantor desa untuk urus ktp minta uang, dana desa dipotong", pipeline=pipeline)
    assert a.places == ()


def test_place_offsets_point_into_the_original_text(pipeline: Language) -> None:
    text = "Halo, saya dari Desa Sukamaju, Kecamatan Cibungbulang, Kabupaten Bogor."
    a = analyze(text, pipeline=pipeline)
    for m in a.places:
        assert text[m.start_char : m.end_char] == m.text
    assert a.region_code == "32.01.16.2013"


def test_a_name_repeated_without_its_trigger_is_the_same_place(pipeline: Language) -> None:
    a = analyze("warga desa sukamju kecamatan cibungbulang, di sukamju jalan rusak", pipeline=pipeline)
    assert [m.resolved.code for m in a.places] == ["32.01.16.2013", "32.01.16", "32.01.16.2013"]


def test_ordinary_words_are_not_bare_villages(pipeline: Language) -> None:
    a = analyze("izin karaoke samping masjid di kabupaten purworejo kok bisa keluar", pipeline=pipeline)
    assert [m.text for m in a.places] == ["kabupaten purworejo"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("banjir di jakarta", "31"),
        ("saya dari jogja", "34"),
        ("jalan di jateng rusak", "33"),
        ("warga ntt", "53"),
    ],
)
def test_common_province_names(pipeline: Language, text: str, code: str) -> None:
    assert analyze(text, pipeline=pipeline).region_code == code


def test_hierarchy_outweighs_the_desa_kelurahan_nudge_for_a_misheard_village(pipeline: Language) -> None:
    a = analyze("desa cibadakk kecamatan cibadak kabupaten sukabumi", pipeline=pipeline)
    assert a.places[0].resolved is not None
    assert a.places[0].resolved.code.startswith("32.02.11.")
    assert a.region_code == a.places[0].resolved.code


def test_a_close_longer_name_beats_a_shorter_exact_one(pipeline: Language) -> None:
    a = analyze("desa pasir mulia kota bogor", pipeline=pipeline)
    assert a.places[0].text == "desa pasir mulia"
    assert a.places[0].resolved.name == "Pasir Mulya"
    assert a.region_code == "32.71.04.1014"


def test_a_bare_district_confirmed_by_a_village_supports_it_back(pipeline: Language) -> None:
    assert analyze("desa sukamaju cibungbulang", pipeline=pipeline).region_code == "32.01.16.2013"
