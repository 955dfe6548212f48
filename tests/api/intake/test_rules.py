"""The intake job's pure decisions (api/intake/rules.py), held without a database, voice or nlp."""

from __future__ import annotations

import pytest

from api.intake import rules


def test_a_stored_machine_transcript_is_reused_by_a_retry() -> None:
    from voice.types import Transcript  # data only: no model is loaded

    silent = Transcript(segments=(), engine="vosk", model="m", language="id", duration=3.0)
    assert rules.must_transcribe(None)
    assert not rules.must_transcribe(silent)  # even an empty one: it was heard once


@pytest.mark.parametrize(
    ("heard", "text"),
    [
        ("jalan rusak di depan pasar", "jalan rusak di depan pasar"),
        ("  lampu mati  \n", "lampu mati"),
        ("", rules.NO_SPEECH),
        (" \n\t", rules.NO_SPEECH),
    ],
)
def test_a_draft_carries_what_was_heard_or_asks_a_human_to_listen(heard: str, text: str) -> None:
    assert rules.draft_text(heard) == text


def test_nlp_reads_only_a_recording_in_which_something_was_heard() -> None:
    assert rules.worth_analysing("banjir")
    assert not rules.worth_analysing("")


def test_only_a_complaint_filed_by_this_run_takes_the_machine_suggestions() -> None:
    analysis = {"topics": [{"label": "jalan", "score": 0.9}]}
    assert rules.applies_analysis(True, analysis)
    assert not rules.applies_analysis(False, analysis)  # from an earlier run: a human may have edited it
    assert not rules.applies_analysis(True, None)


def test_the_uploaders_region_binds_nlp_and_the_default_only_fills_in() -> None:
    assert rules.analysis_regions("33.03", "31.71") == ("33.03", "33.03")
    assert rules.analysis_regions(None, "31.71") == ("31.71", None)


def test_damage_is_read_from_the_transcripts_metadata() -> None:
    assert rules.damage_of({}) is None
    assert rules.damage_of({"warnings": []}) is None
    summary = "decoded 12.0 s of 30.0 s; 3 corrupt packets skipped"
    assert rules.damage_of({"damage": {"summary": summary}}) == summary
    assert rules.damage_of({"damage": {}}) == "damaged audio"


def test_nlps_routing_stands_only_when_the_store_would_route_the_same_way() -> None:
    assert rules.routing_stands(None, "infrastruktur", "33.03")
    assert rules.routing_stands("infrastruktur", "infrastruktur", "33.03")
    assert not rules.routing_stands("kesehatan", "infrastruktur", "33.03")  # a person chose the topic
    assert not rules.routing_stands(None, "infrastruktur", None)  # nlp would fall back to a default region
