"""The intake job's part in spoken numbers: a second listen where a number was said.

voice decodes every number stretch again (`voice.listen_again`, Whisper restricted to number words) and
nlp's plausibility (`nlp.choose_reading`) picks among the readings; voice may not import nlp, so the two
meet here. The job then stores the numbers with each new complaint (api/complaint/numbers.py).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from api.config import Settings

if TYPE_CHECKING:  # voice is heavy and imported inside the functions
    from voice import Transcript

log = logging.getLogger(__name__)


def listen_again(transcript: Transcript, path: Path, settings: Settings) -> Transcript:
    """The first pass with its number stretches decoded again (unchanged where no number was heard, for a
    language other than Indonesian, or without an installed Whisper model)."""
    import voice

    try:
        from nlp import choose_reading
    except ImportError:  # without nlp the number-only reading is kept by voice's own rule
        choose_reading = None
    return voice.listen_again(path, transcript, models_dir=settings.models_dir, choose=choose_reading)
