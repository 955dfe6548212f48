"""The intake job's decisions as plain functions: no database, no voice, no nlp.

`flows.py` does the I/O and asks these; `tests/api/intake/test_rules.py` holds them without a store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # voice is heavy; these rules only look at its types
    from voice import Transcript

# The draft's text when the recording had nothing a model could hear: a human listens instead.
NO_SPEECH = "[tidak ada ucapan yang dikenali — dengarkan rekaman]"


def must_transcribe(stored_transcript: Transcript | None) -> bool:
    """What a retry may redo: the machine transcript is made once per recording and then reused, so a
    job killed after transcribing never pays for the models again (complaints are unique per span)."""
    return stored_transcript is None


def draft_text(transcript_text: str) -> str:
    """The text of a draft cut from a recording: what was heard, or a note to listen when nothing was."""
    return transcript_text.strip() or NO_SPEECH


def worth_analysing(transcript_text: str) -> bool:
    """nlp reads only what was heard; a silent recording is a draft without suggestions."""
    return bool(transcript_text)


def applies_analysis(created: bool, analysis: object | None) -> bool:
    """Only a complaint this job has just filed takes nlp's suggestions: one found from an earlier run
    may already carry a human's corrections, which a retry must never overwrite."""
    return created and analysis is not None


def analysis_regions(home_region: str | None, default_region: str) -> tuple[str, str | None]:
    """(default region, binding region) for nlp: the uploader's agency region binds the calls' places
    (a complaint never leaves the jurisdiction that filed it); without one, the settings' default."""
    return home_region or default_region, home_region


def routing_stands(given_topic: str | None, analysed_topic: str | None, analysed_region: str | None) -> bool:
    """Whether the agencies nlp suggested under the store's rules are the ones the store would suggest for
    the complaint: routed on the same topics (no topic chosen by a person other than nlp's best) and in
    the same region (nlp placed the text, or was bound to the complaint's region; with neither, nlp falls
    back to the hotline's default region, the store routes on none)."""
    return given_topic in (None, analysed_topic) and analysed_region is not None


def damage_of(metadata: Mapping[str, Any]) -> str | None:
    """What was wrong with the audio a stored machine transcript was made from (from the transcript's
    metadata); None when it was whole."""
    damage = metadata.get("damage")
    return str(damage.get("summary") or "damaged audio") if isinstance(damage, dict) else None
