"""What officials taught the machine: verified complaints as labelled examples, and every change they made.

Read-only, for `suara nlp train|evaluate --from-store`. Only the columns a label needs are selected: the
reporter's name, phone and NIK are never read, and for an anonymous complaint only the redacted public text
is, so a model never learns an anonymous reporter's identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.complaint.models import Complaint, Event, Status

# Fields whose change by a verifier is a lesson for nlp/ (agency_id arrives as a "route" event).
LEARNED_FIELDS = ("topic", "kind", "urgent", "region_code", "agency_id")
_NOT_LABELS = (Status.DRAFT, Status.REJECTED, Status.DUPLICATE)


@dataclass(frozen=True, slots=True)
class Correction:
    complaint_id: int
    field: str
    machine: str | None  # the value before the official changed it
    official: str | None
    actor: str
    at: datetime


@dataclass(frozen=True, slots=True)
class VerifiedComplaint:
    complaint_id: int
    text: str  # the public (redacted) text when the reporter asked to stay anonymous
    topic: str | None
    kind: str
    urgent: bool
    region_code: str | None
    machine_topic: str | None  # nlp's first suggestion, as analysed
    verified_at: datetime


def corrections(db_session: Session) -> list[Correction]:
    """Every change of a learned field by a person, oldest first."""
    rows = db_session.execute(
        select(Event.complaint_id, Event.field, Event.from_value, Event.to_value, Event.actor, Event.at)
        .where(Event.action.in_(("edit", "route")), Event.field.in_(LEARNED_FIELDS))
        .order_by(Event.at, Event.id)
    )
    return [Correction(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def _machine_topics(db_session: Session) -> dict[int, str | None]:
    """The topic nlp suggested for each complaint: the first "analyze" event's value."""
    out: dict[int, str | None] = {}
    rows = db_session.execute(
        select(Event.complaint_id, Event.to_value)
        .where(Event.action == "analyze")
        .order_by(Event.at, Event.id)
    )
    for complaint_id, value in rows:
        out.setdefault(complaint_id, value)
    return out


def verified_complaints(db_session: Session) -> list[VerifiedComplaint]:
    """Complaints a verifier accepted (not drafts, rejections or duplicates), with their final labels."""
    machine = _machine_topics(db_session)
    rows = db_session.execute(
        select(
            Complaint.id,
            Complaint.text,
            Complaint.public_text,
            Complaint.anonymous,
            Complaint.topic,
            Complaint.kind,
            Complaint.urgent,
            Complaint.region_code,
            Complaint.verified_at,
        )
        .where(Complaint.verified_at.is_not(None), Complaint.status.not_in(_NOT_LABELS))
        .order_by(Complaint.verified_at, Complaint.id)
    )
    out = []
    for cid, text, public_text, anonymous, topic, kind, urgent, region, verified_at in rows:
        body = public_text if anonymous else text
        if not body:
            continue
        out.append(
            VerifiedComplaint(
                cid, body, topic, str(kind), bool(urgent), region, machine.get(cid), verified_at
            )
        )
    return out
