"""Subtitle and text exports keep times, order and speaker labels."""

from __future__ import annotations

from voice.export import render
from voice.types import Segment, Transcript, Word


def _transcript() -> Transcript:
    first = Segment(0.5, 2.25, "halo pak", (Word(0.5, 1.0, "halo", 0.9), Word(1.1, 2.25, "pak", 0.8)), 0.85)
    second = Segment(3661.0, 3662.5, "jalan rusak", speaker="caller-1")
    return Transcript((first, second), engine="vosk", model="m", language="id", duration=3663.0)


def test_srt_cues_are_numbered_with_comma_milliseconds() -> None:
    srt = render(_transcript(), "srt")
    assert srt.startswith("1\n00:00:00,500 --> 00:00:02,250\nhalo pak\n")
    assert "2\n01:01:01,000 --> 01:01:02,500\ncaller-1: jalan rusak\n" in srt


def test_vtt_has_header_dot_milliseconds_and_voice_tags() -> None:
    vtt = render(_transcript(), "vtt")
    assert vtt.startswith("WEBVTT\n")
    assert "00:00:00.500 --> 00:00:02.250\nhalo pak" in vtt
    assert "<v caller-1>jalan rusak" in vtt


def test_text_and_unknown_format() -> None:
    assert render(_transcript(), "txt") == "halo pak\ncaller-1: jalan rusak\n"
    try:
        render(_transcript(), "docx")
    except ValueError as exc:
        assert "unknown format 'docx'" in str(exc)
    else:
        raise AssertionError("an unknown format must be refused")
