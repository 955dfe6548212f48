"""Numbers heard in a complaint, stored with it: what a callback depends on, digit by digit.

nlp reads them (`nlp.read_numbers`: kind, digits, per-digit confidence, plausibility, the audio span from
the words' times); this module keeps them in `spoken_numbers`, recomputes them when the text they were
read from changes (a transcript correction, or an edit of a typed complaint's text), and shows them as
the reader may see them: a phone number or NIK is the reporter's contact, so whoever may not see the
reporter's contact gets its kind, spans and confidence but not its digits.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.access import policy
from api.complaint.models import Complaint, SpokenNumber
from api.complaint.schemas import SpokenNumberRead

if TYPE_CHECKING:  # nlp is heavy and optional at run time
    from nlp.types import TimedWord

log = logging.getLogger(__name__)
# Kinds that identify or reach a person: their digits are contact details.
PERSONAL_KINDS = frozenset({"mobile", "landline", "nik"})


def heard(complaint: Complaint, transcript_data: dict[str, Any] | None) -> tuple[str, str, list[TimedWord]]:
    """The text the complaint's numbers are read from, where it comes from, and its timed words.

    A complaint cut from a recording reads its stretch of the latest transcript (segments within its span,
    a human's corrected text when one complaint covers the whole recording); a typed one reads its text.
    """
    from nlp.types import TimedWord

    if complaint.recording_id is None or not transcript_data:
        return complaint.text, "text", []
    start = complaint.span_start or 0.0
    end = complaint.span_end if complaint.span_end is not None else float("inf")
    segments = [
        s
        for s in transcript_data.get("segments", ())
        if start - 0.01 <= (s["start"] + s["end"]) / 2 <= end + 0.01
    ]
    words = [
        TimedWord(w["text"], float(w["start"]), float(w["end"]), float(w.get("confidence", 1.0)))
        for s in segments
        for w in s.get("words", ())
    ]
    corrected = transcript_data.get("corrected_text")
    whole = len(segments) == len(transcript_data.get("segments", ()))
    if corrected and whole:
        return corrected, "transcript", words
    return " ".join(s["text"] for s in segments if s["text"]), "transcript", words


def refresh(*, db_session: Session, complaint: Complaint, transcript_data: dict[str, Any] | None) -> int:
    """Read the complaint's numbers again and replace the stored ones; how many there are now.

    Without nlp (not installed here) the stored numbers stay as they were and -1 is returned.
    """
    try:
        from nlp import read_numbers
    except ImportError:
        log.warning("nlp is not available; the spoken numbers of %s are not recomputed", complaint.id)
        return -1
    text, source, words = heard(complaint, transcript_data)
    found = read_numbers(text, words)
    db_session.execute(delete(SpokenNumber).where(SpokenNumber.complaint_id == complaint.id))
    for position, n in enumerate(found):
        row = SpokenNumber(
            complaint_id=complaint.id, position=position, source=source, kind=n.kind, digits=n.digits,
            value=n.value, start_char=n.start_char, end_char=n.end_char, audio_start=n.audio_start,
            audio_end=n.audio_end, confidences=list(n.digit_confidences), plausible=n.plausible,
            needs_confirmation=n.needs_confirmation,
        )  # fmt: skip
        db_session.add(row)
    db_session.flush()
    return len(found)


def refresh_recording(*, db_session: Session, recording_id: int, transcript_data: dict[str, Any]) -> None:
    """After a transcript correction: every complaint cut from the recording reads its numbers again."""
    for complaint in db_session.scalars(select(Complaint).where(Complaint.recording_id == recording_id)):
        refresh(db_session=db_session, complaint=complaint, transcript_data=transcript_data)


def stored(*, db_session: Session, complaint_id: int) -> list[SpokenNumber]:
    """The complaint's numbers in text order."""
    query = select(SpokenNumber).where(SpokenNumber.complaint_id == complaint_id)
    return list(db_session.scalars(query.order_by(SpokenNumber.position)))


def shown(rows: list[SpokenNumber], seen: policy.Disclosure) -> list[SpokenNumberRead]:
    """The numbers as this reader may see them: a phone or NIK without its digits unless the reader may
    see the reporter's contact; its span, audio span and confidence stay (the stretch can be played)."""
    out = []
    for row in rows:
        read = SpokenNumberRead.from_row(row)
        if row.kind in PERSONAL_KINDS and not seen.contact:
            read = read.model_copy(update={"digits": None, "value": None, "masked": True})
        out.append(read)
    return out


def reveals_contact(numbers: list[SpokenNumberRead]) -> bool:
    """Whether an answer shows a phone number or NIK heard in the complaint (its read is audited)."""
    return any(n.kind in PERSONAL_KINDS and n.digits for n in numbers)
