"""Complaint store: every read and write of complaints goes through these functions.

Plain keyword-only functions with the session passed in, so views, jobs, exports and statistics share
one code path, and access is decided here, once, from the acting `Principal` (rules in api/access/policy.py):
a complaint out of the principal's sight answers 404 like one that never existed, an action its role may
not take answers 403. Split along its seams: transitions.py (workflow and the overdue sweep), edits.py
(corrections), query.py (filtered lists and search), disclosure.py (what a read shows, and its audit),
export.py; nlp's suggestions are applied by api/intake/analysis.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.agency import service as agency_service
from api.agency.models import Agency
from api.complaint import workflow
from api.complaint.models import AgencyResponse, Complaint, Event, Status
from api.database import utcnow
from api.errors import NotFound
from api.kernel import Principal


def tracking_number(complaint_id: int, created_at: datetime) -> str:
    """Human-friendly id read out on the phone: SUA-<year>-<6 digits>."""
    return f"SUA-{created_at.year}-{complaint_id:06d}"


def visible(
    stmt: Select[Any], principal: Principal, db_session: Session, *, default_region: str | None
) -> Select[Any]:
    """`stmt` over complaints narrowed to what `principal` may reach (policy.visible_complaints).

    `default_region` is the deployment's own area (SUARA_DEFAULT_REGION), where unplaced complaints belong.
    """
    return policy.visible_complaints(stmt, principal, db_session=db_session, default_region=default_region)


def get(
    *, db_session: Session, principal: Principal, complaint_id: int, default_region: str | None
) -> Complaint:
    """A complaint the principal may read; NotFound, with the same words, whether missing or out of sight."""
    policy.require(principal, Action.READ)
    stmt = select(Complaint).where(Complaint.id == complaint_id)
    stmt = visible(stmt, principal, db_session, default_region=default_region)
    complaint = db_session.scalars(stmt).first()
    if complaint is None:
        raise NotFound(f"complaint {complaint_id} does not exist")
    return complaint


def get_by_tracking(
    *, db_session: Session, principal: Principal, tracking: str, default_region: str | None
) -> Complaint:
    policy.require(principal, Action.READ)
    stmt = select(Complaint).where(Complaint.tracking_number == tracking)
    stmt = visible(stmt, principal, db_session, default_region=default_region)
    complaint = db_session.scalars(stmt).first()
    if complaint is None:
        raise NotFound(f"complaint {tracking} does not exist")
    return complaint


def record(
    *,
    db_session: Session,
    complaint: Complaint,
    actor: str,
    action: str,
    field: str | None = None,
    from_value: Any = None,
    to_value: Any = None,
    note: str | None = None,
    minutes: float | None = None,
) -> Event:
    """Append one event to the complaint's log."""
    event = Event(
        complaint_id=complaint.id,
        actor=actor,
        action=action,
        field=field,
        from_value=None if from_value is None else str(from_value),
        to_value=None if to_value is None else str(to_value),
        note=note,
        minutes=minutes,
        at=utcnow(),
    )
    db_session.add(event)
    return event


def zone_of(*, db_session: Session, complaint: Complaint, default_zone: str) -> str:
    """The zone deadlines count in: the agency's, else the complaint's region's, else `default_zone`
    (the service's, SUARA_TIMEZONE)."""
    if complaint.agency_id is not None:
        return agency_service.get(db_session=db_session, agency_id=complaint.agency_id).timezone
    if complaint.region_code:
        return agency_service.timezone_for_region(complaint.region_code)
    return default_zone


def restart_clock(db_session: Session, complaint: Complaint, now: datetime, *, default_zone: str) -> None:
    """The current stage's deadline, counted from `now` in the complaint's zone (`zone_of`)."""
    sla = agency_service.sla_for(db_session=db_session, agency_id=complaint.agency_id)
    zone = zone_of(db_session=db_session, complaint=complaint, default_zone=default_zone)
    complaint.due_at = workflow.due_for(complaint.status, since=now, sla=sla, tz=zone)
    complaint.overdue = False


def _existing_intake(
    db_session: Session, recording_id: int | None, span: tuple[float, float] | None, external_ref: str | None
) -> Complaint | None:
    if external_ref:
        return db_session.scalars(select(Complaint).where(Complaint.external_ref == external_ref)).first()
    if recording_id is not None and span is not None:
        return db_session.scalars(
            select(Complaint).where(
                Complaint.recording_id == recording_id,
                Complaint.span_start == span[0],
                Complaint.span_end == span[1],
            )
        ).first()
    return None


def create(
    *,
    db_session: Session,
    principal: Principal,
    text: str,
    channel: str,
    recording_id: int | None = None,
    span: tuple[float, float] | None = None,
    external_ref: str | None = None,
    now: datetime | None = None,
    via: Action = Action.FILE,
    filed_by: str | None = None,
    default_zone: str,
    start_clock: bool = True,
    **fields: Any,
) -> tuple[Complaint, bool]:
    """Create a draft complaint, or return the one already made from the same recording span or message.

    `via` is the action the principal files under (the SMS gateway and Open311 clients have their own);
    `filed_by` whose complaint it is, the principal unless a job files for the recording's uploader.
    `default_zone` is the zone deadlines count in while the complaint has neither agency nor region.
    `start_clock=False` leaves the deadline to the caller, who is about to place the complaint (intake
    applies nlp's analysis in the same transaction and starts the clock once, in the final zone).
    Returns (complaint, created). Safe against two workers racing on the same span: the unique constraint
    decides and the loser reads the winner's row.
    """
    policy.require(principal, via)
    actor = principal.username
    if fields.get("region_code") is None and fields.get("agency_id") is None:
        if filed_by is None or filed_by == actor:
            fields["region_code"] = policy.own_region(db_session, principal)
        else:
            fields["region_code"] = policy.home_region(db_session, filed_by)
    span = (round(span[0], 2), round(span[1], 2)) if span else None
    now = now or utcnow()
    complaint = Complaint(
        text=text,
        channel=str(channel),
        recording_id=recording_id,
        span_start=span[0] if span else None,
        span_end=span[1] if span else None,
        external_ref=external_ref,
        filed_by=filed_by or actor,
        status=Status.DRAFT,
        created_at=now,
        updated_at=now,
        **fields,
    )
    complaint.public_text = complaint.public_text or ""
    if external_ref is None and span is None:  # nothing to be a duplicate of
        db_session.add(complaint)
        db_session.flush()
    else:
        # Duplicates are rare (a retried job, a gateway resending): let the unique constraint find them
        # instead of looking first, and read the existing row only then.
        try:
            with db_session.begin_nested():
                db_session.add(complaint)
                db_session.flush()
        except IntegrityError:
            existing = _existing_intake(db_session, recording_id, span, external_ref)
            if existing is None:
                raise
            return existing, False
    complaint.tracking_number = tracking_number(complaint.id, now)
    if start_clock:
        restart_clock(db_session, complaint, now, default_zone=default_zone)
    record(db_session=db_session, complaint=complaint, actor=actor, action="create", to_value=Status.DRAFT)
    db_session.flush()
    return complaint, True


def events(*, db_session: Session, complaint: Complaint) -> list[Event]:
    """The complaint's log, oldest first (the caller has loaded the complaint through `get`)."""
    return list(
        db_session.scalars(select(Event).where(Event.complaint_id == complaint.id).order_by(Event.id))
    )


def responses(*, db_session: Session, complaint: Complaint) -> list[AgencyResponse]:
    stmt = (
        select(AgencyResponse).where(AgencyResponse.complaint_id == complaint.id).order_by(AgencyResponse.id)
    )
    return list(db_session.scalars(stmt))


def responses_by_complaint(
    *, db_session: Session, complaint_ids: list[int]
) -> dict[int, list[AgencyResponse]]:
    """The responses of several complaints in one query (a list page must not ask once per item)."""
    found: dict[int, list[AgencyResponse]] = {c: [] for c in complaint_ids}
    if complaint_ids:
        stmt = select(AgencyResponse).where(AgencyResponse.complaint_id.in_(complaint_ids))
        for row in db_session.scalars(stmt.order_by(AgencyResponse.id)):
            found[row.complaint_id].append(row)
    return found


def set_agency(
    db_session: Session, complaint: Complaint, ref: int | str, principal: Principal, note: str | None
) -> None:
    policy.require(principal, Action.ROUTE)
    actor = principal.username
    agency: Agency = agency_service.resolve(db_session=db_session, ref=ref)
    if agency.id == complaint.agency_id:
        return
    record(
        db_session=db_session, complaint=complaint, actor=actor, action="route", field="agency_id",
        from_value=complaint.agency_id, to_value=agency.id, note=note,
    )  # fmt: skip
    complaint.agency_id = agency.id


def mark_audio_damaged(*, db_session: Session, recording_id: int) -> None:
    """Flag every complaint cut from a recording whose audio was damaged (the reviewers hear gaps)."""
    db_session.execute(
        update(Complaint)
        .where(Complaint.recording_id == recording_id, Complaint.audio_damaged.is_(False))
        .values(audio_damaged=True)
    )
    db_session.flush()
