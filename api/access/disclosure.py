"""What of a reachable complaint a principal may read: reporter contact, raw text, transcript, audio,
and the caller number of a recording. Every "who may see this field" decision is here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from api.access.actions import Action, allowed
from api.access.scope import complaint_scope
from api.complaint.models import Complaint
from api.errors import Forbidden
from api.kernel import Principal, Role
from api.recording.models import Recording

R = Role


@dataclass(frozen=True, slots=True)
class Disclosure:
    """What of a reachable complaint a principal may read.

    `contact`: reporter name, phone and NIK. `raw`: the text as spoken or written (else the redacted
    `public_text`), the transcript, the audio, edits of the text in the event log, and nlp's suggestions
    that name the person (else removed).
    """

    contact: bool
    raw: bool


FULL = Disclosure(contact=True, raw=True)
NOTHING = Disclosure(contact=False, raw=False)


def disclosure(principal: Principal, complaint: Complaint) -> Disclosure:
    """Reporter details and raw text for one complaint the principal can already reach.

    Verifiers and the system see everything in their jurisdiction, an operator what they filed. A liaison
    sees the reporter unless the report is anonymous; then only what the public would. A producer hears the
    audio they uploaded but is never shown the reporter's details; a leader reads dashboards, never a person.
    """
    role = principal.role
    if role in (R.SYSADMIN, R.VERIFIER):
        return FULL
    if role == R.OPERATOR:
        return FULL if complaint.filed_by == principal.username else NOTHING
    if role == R.LIAISON:
        return NOTHING if complaint.anonymous else FULL
    if role == R.PRODUCER:
        return Disclosure(contact=False, raw=True)
    return NOTHING


CONTACT_FIELDS = ("reporter_name", "reporter_phone", "reporter_nik")
AUDITED_FIELDS = ("reporter_phone", "reporter_nik")  # reading these leaves a read_contact event
# nlp entity labels that name or locate a person exactly (nlp.redact.MASKS)
PERSONAL_ENTITIES = frozenset({"PERSON", "PHONE", "NIK", "EMAIL", "RT_RW", "ADDRESS"})


def redact_suggestions(suggestions: dict[str, Any]) -> dict[str, Any]:
    """nlp's suggestions without the entities that name, call or identify the reporter."""
    kept = dict(suggestions)
    kept["entities"] = [
        e
        for e in suggestions.get("entities", ())
        if not (isinstance(e, dict) and e.get("label") in PERSONAL_ENTITIES)
    ]
    return kept


def withheld_reporter_fields(seen: Disclosure, *, full: bool) -> frozenset[str]:
    """Reporter fields blanked in a complaint read: all of them without contact disclosure, and phone and
    NIK outside a `full` (single complaint) read, since a detail read is the one that gets audited."""
    withheld = set() if seen.contact else set(CONTACT_FIELDS)
    return frozenset(withheld | (set() if full else set(AUDITED_FIELDS)))


def sees_caller_number(principal: Principal, recording: Recording) -> bool:
    """A recording's caller number is shown only to whoever uploaded it (they gave it); everyone else
    reaches the reporter's number through the complaint, where reading it is audited."""
    return recording.uploaded_by == principal.username


def withheld_event_field(field: str | None, seen: Disclosure) -> bool:
    """Whether an event's from/to values are withheld: reporter fields without contact, text without raw."""
    if field in CONTACT_FIELDS:
        return not seen.contact
    return field in ("text",) and not seen.raw


def raw_text_condition(principal: Principal) -> ColumnElement[bool]:
    """Complaints whose raw text this principal may read, as SQL (`disclosure(...).raw` for a whole list).

    A text search matches the raw text only where this holds, and the redacted public text elsewhere:
    otherwise searching a name would tell which anonymous report that person made.
    """
    if principal.role in (R.SYSADMIN, R.VERIFIER, R.PRODUCER):
        return true()
    if principal.role == R.OPERATOR:
        return Complaint.filed_by == principal.username
    if principal.role == R.LIAISON:
        return Complaint.anonymous.is_(False)
    return false()


def contact_search_condition(principal: Principal) -> ColumnElement[bool]:
    """Where a search by phone or NIK may look: only where the principal may read those very fields.

    Raises Forbidden for roles that never read contact details (a leader counting complaints by phone
    number would learn who reported); a liaison's search skips anonymous reports.
    """
    if principal.role in (R.SYSADMIN, R.VERIFIER):
        return true()
    if principal.role == R.OPERATOR:
        return Complaint.filed_by == principal.username
    if principal.role == R.LIAISON:
        return Complaint.anonymous.is_(False)
    raise Forbidden(f"a {principal.role} may not search by phone number or NIK")


def may_hear(
    principal: Principal, *, db_session: Session, recording_id: int, default_region: str | None
) -> bool:
    """Whether the principal may play a stored recording and read its transcripts (`hears_recording`)."""
    recording = db_session.get(Recording, recording_id)
    if recording is None:
        return False
    cut = list(db_session.scalars(select(Complaint).where(Complaint.recording_id == recording_id)))
    scope = complaint_scope(principal, db_session=db_session, default_region=default_region)
    reachable = set(
        db_session.scalars(select(Complaint.id).where(Complaint.recording_id == recording_id, scope))
    )
    return hears_recording(
        principal, uploaded_by=recording.uploaded_by, cut=[(c, c.id in reachable) for c in cut]
    )


def may_hear_clip(
    principal: Principal, complaint: Complaint, *, db_session: Session, default_region: str | None
) -> bool:
    """Whether the principal may play this complaint's own stretch of its recording (the caller's clip).

    Whoever may hear the whole recording may; so may whoever reads this complaint's raw words, since its
    caller's voice says no more than they do: a liaison hears the caller of a complaint sent to the agency,
    never an anonymous one, and none of the other callers of the same talkshow. A leader never listens.
    """
    if complaint.recording_id is None or not allowed(principal, Action.READ_RECORDINGS):
        return False
    if disclosure(principal, complaint).raw:
        return True
    return may_hear(
        principal, db_session=db_session, recording_id=complaint.recording_id, default_region=default_region
    )


def hears_recording(
    principal: Principal, *, uploaded_by: str | None, cut: list[tuple[Complaint, bool]]
) -> bool:
    """Whether the principal may play a recording and read its transcripts.

    `cut` holds each complaint cut from the recording and whether the principal can reach it. The uploader
    and the system always may; a verifier when any of its complaints is in their jurisdiction; anyone else
    only when they may read the raw text of every complaint in it, so one anonymous caller in a talkshow
    keeps the whole show's audio from an agency. A leader never listens.
    """
    if not allowed(principal, Action.READ_RECORDINGS):
        return False
    if principal.role == R.SYSADMIN or (uploaded_by is not None and uploaded_by == principal.username):
        return True
    if not any(reachable for _, reachable in cut):
        return False
    if principal.role == R.VERIFIER:
        return True
    return all(reachable and disclosure(principal, c).raw for c, reachable in cut)
