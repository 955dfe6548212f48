"""Complaint workflow: status transitions, agency responses, merges and the overdue sweep.

Each step is checked against the workflow (api/complaint/workflow.py) and the policy table, restarts the
stage clock and leaves an event.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.complaint import workflow
from api.complaint.models import AgencyResponse, Complaint, Status
from api.complaint.service import (
    get,
    record,
    restart_clock,
    set_agency,
)
from api.database import utcnow
from api.errors import Conflict, InvalidInput
from api.kernel import SYSTEM, Principal

_STAMPS = {
    Status.VERIFIED: "verified_at",
    Status.DISPATCHED: "dispatched_at",
    Status.RESPONDED: "responded_at",
    Status.CLOSED: "closed_at",
}


def transition(
    *,
    db_session: Session,
    principal: Principal,
    complaint: Complaint,
    to: Status,
    note: str | None = None,
    agency: int | str | None = None,
    minutes: float | None = None,
    now: datetime | None = None,
    default_zone: str,
) -> Complaint:
    """Move a complaint to another status if the workflow allows it, restarting the stage clock.

    `default_zone` (SUARA_TIMEZONE) counts the new deadline of a complaint with neither agency nor region.

    The step's verb decides who may take it (policy.TRANSITION_ACTIONS): a liaison may answer or return
    what was dispatched to them, never verify it; that is checked before the workflow's own 409.
    """
    now = now or utcnow()
    current = Status(complaint.status)
    verb = workflow.action_name(current, to)
    policy.require(principal, policy.TRANSITION_ACTIONS[verb])
    actor = principal.username
    workflow.check(current, to)
    if agency is not None:
        set_agency(db_session, complaint, agency, principal, note)
    workflow.require_for(to, agency_id=complaint.agency_id, duplicate_of_id=complaint.duplicate_of_id)
    complaint.status = to
    stamp = _STAMPS.get(to)
    # Verification and the first response keep their first time (the "fast" indicator measures those).
    if stamp and (getattr(complaint, stamp) is None or to not in (Status.VERIFIED, Status.RESPONDED)):
        setattr(complaint, stamp, now)
    if current == Status.CLOSED:  # reopened: the closure no longer stands
        complaint.closed_at = None
    complaint.updated_at = now
    restart_clock(db_session, complaint, now, default_zone=default_zone)
    record(
        db_session=db_session, complaint=complaint, actor=actor, action=verb, field="status",
        from_value=current, to_value=to, note=note, minutes=minutes,
    )  # fmt: skip
    db_session.flush()
    return complaint


def respond(
    *,
    db_session: Session,
    principal: Principal,
    complaint: Complaint,
    text: str,
    minutes: float | None = None,
    default_zone: str,
) -> AgencyResponse:
    """Store the agency's follow-up and move the complaint to responded."""
    policy.require(principal, Action.RESPOND)
    workflow.check(Status(complaint.status), Status.RESPONDED)
    response = AgencyResponse(
        complaint_id=complaint.id, agency_id=complaint.agency_id, author=principal.username, text=text
    )
    db_session.add(response)
    transition(
        db_session=db_session, principal=principal, complaint=complaint, to=Status.RESPONDED, minutes=minutes,
        default_zone=default_zone,
    )  # fmt: skip
    return response


def merge(
    *,
    db_session: Session,
    principal: Principal,
    original: Complaint,
    duplicate_ids: list[int],
    note: str | None = None,
    default_region: str | None,
    default_zone: str,
) -> list[Complaint]:
    """Mark complaints as duplicates of `original`; each keeps its own log and points at the original.

    Every duplicate is loaded as the principal: one out of their sight is "not found", and nothing merges.
    `default_region` and `default_zone` are the deployment's (scoping, and the duplicates' deadlines).
    """
    policy.require(principal, Action.MERGE)
    actor = principal.username
    if original.status == Status.DUPLICATE:
        raise Conflict(
            f"{original.tracking_number} is itself a duplicate of complaint {original.duplicate_of_id}"
        )
    if original.id in duplicate_ids:
        raise InvalidInput("a complaint cannot be a duplicate of itself")
    merged = []
    for dup_id in dict.fromkeys(duplicate_ids):
        dup = get(
            db_session=db_session, principal=principal, complaint_id=dup_id, default_region=default_region
        )
        workflow.check(Status(dup.status), Status.DUPLICATE)
        dup.duplicate_of_id = original.id
        transition(
            db_session=db_session, principal=principal, complaint=dup, to=Status.DUPLICATE, note=note,
            default_zone=default_zone,
        )  # fmt: skip
        record(
            db_session=db_session, complaint=original, actor=actor, action="merge",
            field="duplicate", to_value=dup.tracking_number, note=note,
        )  # fmt: skip
        merged.append(dup)
    db_session.flush()
    return merged


def sweep_deadlines(*, db_session: Session, default_zone: str, now: datetime | None = None) -> dict[str, int]:
    """Escalate complaints past their stage deadline and close responded ones nobody objected to."""
    now = now or utcnow()
    counts = {"escalated": 0, "closed": 0}
    stmt = select(Complaint).where(Complaint.due_at < now, Complaint.overdue.is_(False))
    for complaint in db_session.scalars(stmt.with_for_update(skip_locked=True)).all():
        status = Status(complaint.status)
        if workflow.auto_closes(status, complaint.due_at, now):
            note = "no objection within the closing period"
            transition(
                db_session=db_session, principal=SYSTEM, complaint=complaint, to=Status.CLOSED, note=note,
                now=now, default_zone=default_zone,
            )  # fmt: skip
            counts["closed"] += 1
        elif workflow.is_overdue(status, complaint.due_at, now):
            complaint.overdue = complaint.ever_overdue = True
            record(
                db_session=db_session, complaint=complaint, actor=SYSTEM.username, action="escalate",
                field="overdue", from_value=False, to_value=True,
                note=f"{status} was due {complaint.due_at.isoformat()}",
            )  # fmt: skip
            counts["escalated"] += 1
    db_session.flush()
    return counts
