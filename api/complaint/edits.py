"""Edits of a filed complaint: corrected fields (re-redacted text, contact changes logged without the
numbers) and human corrections of its transcript."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.complaint import numbers as spoken
from api.complaint.models import Complaint
from api.complaint.schemas import (
    ComplaintUpdate,
)
from api.complaint.service import (
    record,
    set_agency,
)
from api.crypto import mask
from api.database import utcnow
from api.errors import InvalidInput
from api.kernel import Principal
from api.recording import transcripts as recording_transcripts
from api.recording.models import Recording

log = logging.getLogger(__name__)

_EDITABLE = (
    "text", "public_text", "kind", "topic", "region_code", "reporter_name", "reporter_phone",
    "reporter_nik", "anonymous", "confidential", "urgent",
)  # fmt: skip
_CONTACT_FIELDS = frozenset({"reporter_phone", "reporter_nik"})


def update(
    *, db_session: Session, principal: Principal, complaint: Complaint, changes: ComplaintUpdate
) -> Complaint:
    """Apply field corrections, one event per changed field.

    A new text without a new public text gets its public text redacted again (the old one would publish
    words of the old text, or none of the new). A note given with an edit of the reporter's details (or
    of the text) is kept on those events only, and withheld with their values from those who may not
    read them: such a note is often about the reporter.
    """
    policy.require(principal, Action.EDIT)
    actor = principal.username
    data = changes.model_dump(exclude_unset=True)
    note, minutes = data.pop("note", None), data.pop("minutes", None)
    ref = data.pop("agency", None)
    if "agency" in changes.model_fields_set and ref is None:
        raise InvalidInput("agency cannot be removed, only changed")
    if "text" in data and "public_text" not in data and data["text"] != complaint.text:
        data["public_text"] = public_text_for(data["text"])
    changed = [n for n in _EDITABLE if n in data and data[n] != getattr(complaint, n)]
    noted = _noted(changed + (["agency"] if ref is not None else []))
    if ref is not None:
        set_agency(db_session, complaint, ref, principal, note if "agency" in noted else None)
    for name in changed:
        if name == "text" and not data[name]:
            raise InvalidInput("text cannot be empty")
        old, new = getattr(complaint, name), data[name]
        if name in _CONTACT_FIELDS:  # the log shows that a number changed, never the number
            old, new = mask(old), mask(new)
        record(
            db_session=db_session, complaint=complaint, actor=actor, action="edit", field=name,
            from_value=old, to_value=new, note=note if name in noted else None, minutes=minutes,
        )  # fmt: skip
        minutes = None  # count the operator's time once per request
        setattr(complaint, name, data[name])
    if minutes:
        record(
            db_session=db_session, complaint=complaint, actor=actor, action="work", note=note, minutes=minutes
        )
    if "text" in changed and complaint.recording_id is None:  # a recording's numbers come from its transcript
        spoken.refresh(db_session=db_session, complaint=complaint, transcript_data=None)
    complaint.updated_at = utcnow()
    db_session.flush()
    return complaint


def _noted(changed: list[str]) -> set[str]:
    """The fields whose events carry the request's note: the most private kind among those changed
    (reporter details, else the raw text, else all), so the note is withheld wherever they are."""
    for private in (set(policy.CONTACT_FIELDS), {"text"}):
        if private & set(changed):
            return private & set(changed)
    return set(changed)


def public_text_for(text: str) -> str:
    """nlp's redaction of `text` (its public function, `nlp.analyze`); empty when nlp cannot run here,
    so an edit never publishes words nobody redacted."""
    try:
        import nlp

        return nlp.analyze(text).redacted_text
    except Exception:  # nlp not installed, its model missing or broken: publish nothing
        log.warning("nlp could not redact an edited text; its public text is left empty", exc_info=True)
        return ""


SEGMENT_SLACK = 0.25  # seconds a segment may end past the probed duration (rounding of decoders)


def correct_transcript(
    *,
    db_session: Session,
    principal: Principal,
    complaint: Complaint,
    text: str,
    segments: list[dict[str, Any]] | None = None,
    note: str | None = None,
) -> None:
    """A human correction of the complaint's transcript: a new version, the machine's stays.

    Segments (already shaped by the schema: numeric start < end, text strings) must lie within the
    recording, else InvalidInput names the first one that does not.
    """
    policy.require(principal, Action.EDIT)
    if complaint.recording_id is None:
        raise InvalidInput(f"{complaint.tracking_number} came as text; edit its text instead")
    recording = db_session.get(Recording, complaint.recording_id)
    duration = recording.duration if recording is not None else 0.0
    for i, segment in enumerate(segments or ()):
        if segment["end"] > duration + SEGMENT_SLACK:
            raise InvalidInput(
                f"segments.{i}: ends at {segment['end']} s, after the recording's end ({duration:.2f} s)"
            )
    corrected = recording_transcripts.correct_transcript(
        db_session=db_session,
        recording_id=complaint.recording_id,
        text=text,
        actor=principal.username,
        segments=segments,
        note=note,
    )
    record(
        db_session=db_session,
        complaint=complaint,
        actor=principal.username,
        action="correct_transcript",
        note=note,
    )
    spoken.refresh_recording(
        db_session=db_session, recording_id=complaint.recording_id, transcript_data=corrected.data
    )
