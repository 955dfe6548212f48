"""What a principal is shown of a complaint, and the audit of every read of reporter contact details.

The decisions (which fields, for whom) are api/access/policy.py's; this module applies them to the
answers and records a `read_contact` event whenever a phone number or NIK is revealed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from api.access import policy
from api.complaint import duplicates, workflow
from api.complaint import numbers as spoken
from api.complaint.models import Complaint, Event, Status
from api.complaint.schemas import (
    ComplaintBrief,
    ComplaintDetail,
    ComplaintRead,
    EventRead,
    ResponseRead,
    TranscriptRead,
)
from api.complaint.service import (
    events,
    record,
    responses,
)
from api.database import session_scope
from api.kernel import Principal
from api.recording import service as recording_service
from api.recording import transcripts as recording_transcripts


def shaped(principal: Principal, complaint: Complaint, *, full: bool = False) -> ComplaintRead:
    """The complaint as this principal may read it.

    Without contact disclosure the reporter's name, phone and NIK are empty; without raw disclosure the
    text is the redacted public text. Phone and NIK appear only in a `full` (single complaint) read,
    never in lists: a detail read is the one that gets audited.
    """
    seen = policy.disclosure(principal, complaint)
    out = ComplaintRead.model_validate(complaint)
    changes: dict[str, Any] = dict.fromkeys(policy.withheld_reporter_fields(seen, full=full))
    if not seen.raw:
        changes["text"] = complaint.public_text
    return out.model_copy(update=changes)


def _event_read(event: Event, seen: policy.Disclosure) -> EventRead:
    out = EventRead.model_validate(event)
    if policy.withheld_event_field(event.field, seen):  # the note may name the reporter as the values do
        return out.model_copy(update={"from_value": None, "to_value": None, "note": None})
    return out


def detail(
    *,
    db_session: Session,
    principal: Principal,
    complaint: Complaint,
    writable: bool,
    default_region: str | None,
    contact: bool = True,
) -> ComplaintDetail:
    """Everything about one complaint the principal may see, and the audit of the contact details it shows.

    When phone or NIK are revealed a `read_contact` event names the reader and the fields, committed
    before the detail is returned: in this session when it writes anyway (`writable`), else in a short
    write session of its own (GET sessions are read-only). If that record cannot be written the error
    propagates and the detail is not served. `contact=False` leaves phone and NIK out (nothing to audit):
    the review page reveals them only when asked. `default_region`: the deployment's own area (scoping).
    """
    seen = policy.disclosure(principal, complaint)
    base = shaped(principal, complaint, full=contact)
    transcript = None
    scope = {"db_session": db_session, "principal": principal, "default_region": default_region}
    if complaint.recording_id is not None and recording_service.may_hear(
        recording_id=complaint.recording_id, **scope
    ):
        row = recording_transcripts.transcript(db_session=db_session, recording_id=complaint.recording_id)
        transcript = TranscriptRead.model_validate(row) if row else None
    suggestions = complaint.suggestions or {}
    answers = responses(db_session=db_session, complaint=complaint)
    # Without `contact`, a heard phone number or NIK is left masked as the reporter's phone is.
    numbers = spoken.shown(
        spoken.stored(db_session=db_session, complaint_id=complaint.id),
        seen if contact else replace(seen, contact=False),
    )
    out = ComplaintDetail(
        **base.model_dump(),
        allowed_transitions=_steps_for(principal, Status(complaint.status)),
        possible_duplicates=[
            ComplaintBrief.model_validate(c)
            for c in duplicates.possible(complaint=complaint, **scope)
        ],
        suggestions=suggestions if seen.contact else policy.redact_suggestions(suggestions),
        transcript=transcript,
        events=[_event_read(e, seen) for e in events(db_session=db_session, complaint=complaint)],
        responses=[ResponseRead.model_validate(r) for r in answers],
        spoken_numbers=numbers,
    )  # fmt: skip
    revealed = [f for f in policy.AUDITED_FIELDS if getattr(base, f)]
    revealed += ["spoken_numbers"] if spoken.reveals_contact(numbers) else []
    if revealed:
        _audit_contact_read(db_session, principal, complaint, revealed, writable=writable)
    return out


def _steps_for(principal: Principal, current: Status) -> list[str]:
    """The workflow's next steps that this principal may take (what the pages offer as buttons)."""
    return [
        step
        for step in workflow.allowed(current)
        if policy.allowed(principal, policy.TRANSITION_ACTIONS[workflow.action_name(current, Status(step))])
    ]


def _audit_contact_read(
    db_session: Session, principal: Principal, complaint: Complaint, fields: list[str], *, writable: bool
) -> None:
    note = "shown: " + ", ".join(fields)
    if writable:
        record(
            db_session=db_session, complaint=complaint, actor=principal.username, action="read_contact",
            to_value=",".join(fields), note=note,
        )  # fmt: skip
        db_session.flush()
        return
    url = db_session.get_bind().url.render_as_string(hide_password=False)
    with session_scope(url, write=True) as audit_session:
        record(
            db_session=audit_session, complaint=complaint, actor=principal.username, action="read_contact",
            to_value=",".join(fields), note=note,
        )  # fmt: skip
