"""Duplicate finder: component scores on hand-built analyses, and ranking on real pipeline output."""

from __future__ import annotations

import pytest

from nlp.similar import (
    UNKNOWN_PLACE,
    find_similar,
    place_overlap,
    shared_depth,
    similarity,
    topic_overlap,
    wording,
)
from nlp.types import Analysis, AnalysisContext, Place, PlaceMention, Topic


def make(
    text: str, topic: str, region: str | None, phones: tuple[str, ...] = (), place: str | None = None
) -> Analysis:
    """An analysis as the pipeline would give it; `place` marks a mention whose words must not count."""
    places = ()
    if place and region:
        start = text.index(place)
        places = (PlaceMention(place, start, start + len(place), (Place(region, place, "village", 1.0),)),)
    return Analysis(
        text=text,
        normalized_text=text,
        topics=(Topic(topic, 0.9),),
        region_code=region,
        places=places,
        phones=phones,
    )


def test_topic_overlap() -> None:
    assert topic_overlap({"infrastruktur": 0.9}, {"infrastruktur": 0.9}) == pytest.approx(1.0)
    assert topic_overlap({"infrastruktur": 0.9}, {"kesehatan": 0.9}) == 0.0
    assert topic_overlap({"infrastruktur": 0.95}, {"infrastruktur": 0.4}) >= 0.8
    assert topic_overlap({}, {"kesehatan": 0.9}) == 0.0


def test_place_overlap_by_shared_code_depth() -> None:
    assert shared_depth("33.03.07.2001", "33.03.07.2005") == 3
    assert place_overlap(["33.03.07.2001"], ["33.03.07.2001"]) == (1.0, "33.03.07.2001")
    assert place_overlap(["33.03.07.2001"], ["33.03.01.2001"]) == (0.5, "33.03")
    assert place_overlap(["33.03"], ["33.03.07.2001"]) == (0.5, "33.03")
    assert place_overlap(["33.03.07.2001"], ["35.09"]) == (0.0, None)
    assert place_overlap([], ["33.03"]) == (UNKNOWN_PLACE, None)


def test_wording_is_not_fooled_by_a_short_subset() -> None:
    long = "jembatan gantung putus kebawa arus anak sekolah tidak bisa menyeberang"
    assert wording(long, long) == 1.0
    assert wording("jembatan putus", long) < 0.8
    assert wording("", long) == 0.0


def test_duplicate_ranks_above_same_topic_elsewhere_and_other_topic_here() -> None:
    new = make(
        "jembatan di karanglewas putus kebawa arus", "infrastruktur", "33.03.07.2001", place="karanglewas"
    )
    earlier = [
        make("pupuk subsidi di karanglewas langka", "pertanian", "33.03.07.2001", place="karanglewas"),
        make("jembatan di canduk putus kebawa arus", "infrastruktur", "33.02.01.2002", place="canduk"),
        make(
            "jembatannya putus pak di karanglewas kena arus sungai",
            "infrastruktur",
            "33.03.07.2001",
            place="karanglewas",
        ),
    ]
    matches = find_similar(new, earlier, min_score=0.0)
    assert [m.key for m in matches] == [2, 1, 0]
    top = matches[0]
    assert "topic:infrastruktur" in top.reasons
    assert "place:village:33.03.07.2001" in top.reasons
    assert top.place_score == 1.0
    # same words, other regency: the place words were blanked, so wording is identical but the score is not
    assert matches[1].text_score == pytest.approx(1.0)
    assert matches[1].score < top.score
    assert [m.key for m in find_similar(new, earlier)] == [2]  # the default cut-off keeps the duplicate only


def test_mapping_keys_limit_and_phone_reason() -> None:
    new = make("air pdam mati seminggu", "listrik_air", "33.03", phones=("+6281234567890",))
    earlier = {
        "LAPOR-0001": make("air pdam mati sudah seminggu lebih", "listrik_air", "33.03"),
        "LAPOR-0002": make("lampu jalan mati", "infrastruktur", "33.03", phones=("+6281234567890",)),
        "LAPOR-0003": make(
            "air pdam nggak ngalir seminggu", "listrik_air", "33.03", phones=("+6281234567890",)
        ),
    }
    matches = find_similar(new, earlier, min_score=0.0)
    assert matches[0].key == "LAPOR-0003" and "phone" in matches[0].reasons
    assert {m.key for m in matches} == set(earlier)
    assert len(find_similar(new, earlier, min_score=0.0, limit=1)) == 1
    assert all(0.0 <= m.score <= 1.0 for m in matches)
    assert similarity(new, earlier["LAPOR-0003"]) == matches[0].score


def test_stored_dict_form_scores_like_the_objects() -> None:
    new = make(
        "jembatan di karanglewas putus kebawa arus", "infrastruktur", "33.03.07.2001", place="karanglewas"
    )
    earlier = [
        make(
            "jembatannya putus di karanglewas kena arus",
            "infrastruktur",
            "33.03.07.2001",
            place="karanglewas",
        ),
        make("pupuk langka di karanglewas", "pertanian", "33.03.07.2001", place="karanglewas"),
    ]
    as_objects = find_similar(new, earlier, min_score=0.0)
    as_dicts = find_similar(new.to_dict(), [a.to_dict() for a in earlier], min_score=0.0)
    assert as_dicts == as_objects


def test_nothing_earlier_nothing_similar() -> None:
    assert find_similar(make("jalan rusak", "infrastruktur", None), []) == []


def test_on_real_analyses_the_retelling_is_found_first() -> None:
    from nlp.pipeline import analyze

    context = AnalysisContext(default_region="33.03")
    new = analyze(
        "Jembatan gantung di Desa Karanglewas, Kecamatan Kutasari putus kebawa arus, "
        "anak sekolah tidak bisa menyeberang.",
        context,
    )
    earlier = [
        analyze("pupuk subsidi di desa karanglewas kecamatan kutasari langka pak harganya mahal", context),
        analyze("e ktp saya belum jadi di dukcapil banyumas sudah tiga bulan", context),
        analyze(
            "halo pak saya mau lapor jembatan di desa karanglewas kutasari putus pak kena banjir "
            "anak anak nggak bisa sekolah",
            context,
        ),
        analyze("jembatan di desa canduk kecamatan lumbir kabupaten banyumas putus sudah seminggu", context),
    ]
    matches = find_similar(new, earlier, min_score=0.0)
    assert matches[0].key == 2
    assert matches[0].score >= 0.55
    scores = {m.key: m.score for m in matches}
    assert scores[1] < 0.3 and scores[0] < 0.55 and scores[3] < 0.55
