"""nlp/: Indonesian complaint text in, plain typed analysis out.

`analyze(text, context)` reads one complaint; `split_talkshow(turns, context)` cuts a speaker-labelled radio
transcript into complaint candidates. The spaCy pipeline is loaded once per process (`load`, `warm_up`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlp.numbers import CONFIRM_BELOW, check_number, choose_reading, decode_nik, read_numbers
from nlp.pipeline import NlpError, analyze, load, warm_up
from nlp.types import (
    AgencySuggestion,
    Analysis,
    AnalysisContext,
    ComplaintCandidate,
    Entity,
    NikDetails,
    Place,
    PlaceMention,
    Redaction,
    SpokenNumber,
    TimedWord,
    Topic,
)


def split_talkshow(
    turns: Any, context: AnalysisContext | None = None, *, model_dir: str | Path | None = None
) -> list[ComplaintCandidate]:
    """Complaint candidates from talkshow turns (objects or dicts with speaker, start, end, text)."""
    from nlp.talkshow import split_talkshow as _split  # imported on use: talkshow needs the loaded pipeline

    return _split(turns, context, model_dir=model_dir)


__all__ = [
    "CONFIRM_BELOW",
    "AgencySuggestion",
    "Analysis",
    "AnalysisContext",
    "ComplaintCandidate",
    "Entity",
    "NikDetails",
    "NlpError",
    "Place",
    "PlaceMention",
    "Redaction",
    "SpokenNumber",
    "TimedWord",
    "Topic",
    "analyze",
    "check_number",
    "choose_reading",
    "decode_nik",
    "load",
    "read_numbers",
    "split_talkshow",
    "warm_up",
]
