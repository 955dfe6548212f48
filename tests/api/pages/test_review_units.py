"""The review page's pure parts: a word correction's new segments, numbers placed on the audio through the
transcript's words, and what accepting the suggestions sets."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from api.errors import InvalidInput
from api.pages.complaint import corrected_segments, suggested_values
from api.pages.spoken import numbers_of, token_times

DATA = {
    "segments": [
        {"start": 0.0, "end": 1.5, "text": "Selamat pagi.", "words": [
            {"start": 0.0, "end": 0.6, "text": "Selamat", "confidence": 0.9},
            {"start": 0.6, "end": 1.5, "text": "pagi.", "confidence": 0.4}]},
        {"start": 1.6, "end": 3.0, "text": "Jalan di karang lewas.", "words": [
            {"start": 1.6, "end": 1.9, "text": "Jalan", "confidence": 0.8},
            {"start": 1.9, "end": 2.0, "text": "di", "confidence": 0.9},
            {"start": 2.0, "end": 2.4, "text": "karang", "confidence": 0.3},
            {"start": 2.4, "end": 3.0, "text": "lewas.", "confidence": 0.3}]},
    ]
}  # fmt: skip


def test_a_corrected_word_keeps_its_times_and_rewrites_the_texts():
    text, segments = corrected_segments(DATA, 1, 2, "  Karanglewas ")
    word = segments[1]["words"][2]
    assert (word["text"], word["start"], word["end"], word["confidence"]) == ("Karanglewas", 2.0, 2.4, 1.0)
    assert segments[1]["text"] == "Jalan di Karanglewas lewas."
    assert text == "Selamat pagi. Jalan di Karanglewas lewas."
    assert segments[0] == DATA["segments"][0] and DATA["segments"][1]["words"][2]["text"] == "karang"


@pytest.mark.parametrize(("seg", "idx", "text"), [(2, 0, "x"), (1, 4, "x"), (0, 0, "   ")])
def test_a_correction_of_no_word_or_to_nothing_is_refused(seg, idx, text):
    with pytest.raises(InvalidInput):
        corrected_segments(DATA, seg, idx, text)


def test_tokens_find_their_words_even_when_the_texts_differ():
    words = [w for s in DATA["segments"] for w in s["words"]]
    same = token_times("Selamat pagi. Jalan di karang lewas.", words)
    assert [t[2] for t in same] == [0.0, 0.6, 1.6, 1.9, 2.0, 2.4]
    edited = token_times("Pak, selamat pagi. Jalan di karang lewas rusak.", words)
    assert (edited[0][0], edited[0][2]) == (5, 0.0)  # "selamat" after the added "Pak,"
    assert [t[0] for t in edited] == [5, 13, 19, 25, 28, 35]  # punctuation aside, the same words match
    # "Pak," and "rusak." were never heard: they get no time rather than a wrong one


def test_stored_analysis_numbers_get_their_audio_stretch():
    timed = [("nomor", 0.0, 0.4), ("nol", 0.5, 0.7), ("delapan", 0.7, 1.1), ("satu", 1.1, 1.4)]
    words = [{"text": w, "start": a, "end": b} for w, a, b in timed]
    lines = [{"start": 0.0, "text": "nomor nol delapan satu", "words": words}]
    detail = SimpleNamespace(
        text="nomor nol delapan satu",
        suggestions={"entities": [{"label": "PHONE", "start_char": 6, "end_char": 22}]},
    )
    [number] = numbers_of(detail, lines)
    assert (number["kind"], number["spoken"], number["audio_start"], number["audio_end"]) == (
        "phone", "nol delapan satu", 0.5, 1.4)  # fmt: skip
    assert number["digits"] is None  # a phone's digits are not kept in the analysis: contact lives encrypted


def test_accepting_takes_only_unambiguous_places_within_the_region():
    complaint = SimpleNamespace(
        topics=[{"label": "infrastruktur", "score": 0.8}], region_code="33.02",
        suggestions={
            "places": [
                {"text": "Karanglewas", "candidates": [{"code": "33.02.18"}, {"code": "33.03.07.2001"}]},
                {"text": "Kedungwuluh", "candidates": [{"code": "33.02.03.2004"}]},
                {"text": "Bandung", "candidates": [{"code": "32.73"}]},
            ],
            "agencies": [{"code": "unknown-agency"}, {"code": "reg-33.02"}],
        },
    )  # fmt: skip
    assert suggested_values(complaint, {"reg-33.02": 7}) == {
        "topic": "infrastruktur", "region_code": "33.02.03.2004", "agency": 7}  # fmt: skip
