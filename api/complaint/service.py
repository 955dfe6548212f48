"""Complaint store: every read and write of complaints goes through these functions.

Plain keyword-only functions with the session passed in, so views, jobs, exports and statistics share
one code path, and access is decided here, once, from the acting `Principal` (rules in api/access/policy.py):
a complaint out of the principal's sight answers 404 like one that never existed, an action its role may
not take answers 403, and what is read is cut down to what the principal may see (`shaped`, `detail`).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.agency import service as agency_service
from api.agency.models import Agency
from api.auth.crypto import ContactKind, contact_hashes, mask
from api.complaint import workflow
from api.complaint.models import AgencyResponse, Complaint, Event, Kind, Status
from api.complaint.schemas import (
    ComplaintBrief,
    ComplaintDetail,
    ComplaintFilter,
    ComplaintRead,
    ComplaintUpdate,
    EventRead,
    ResponseRead,
    SortField,
    TranscriptRead,
)
from api.config import get_settings
from api.database import session_scope, utcnow
from api.errors import Conflict, InvalidInput, NotFound
from api.kernel import SYSTEM, Principal
from api.recording import service as recording_service
from api.recording.models import Recording

log = logging.getLogger(__name__)

_EDITABLE = (
    "text", "public_text", "kind", "topic", "region_code", "reporter_name", "reporter_phone",
    "reporter_nik", "anonymous", "confidential", "urgent",
)  # fmt: skip
_CONTACT_FIELDS = frozenset({"reporter_phone", "reporter_nik"})


def tracking_number(complaint_id: int, created_at: datetime) -> str:
    """Human-friendly id read out on the phone: SUA-<year>-<6 digits>."""
    return f"SUA-{created_at.year}-{complaint_id:06d}"


def visible(stmt: Select[Any], principal: Principal, db_session: Session) -> Select[Any]:
    """`stmt` over complaints narrowed to what `principal` may reach (policy.visible_complaints)."""
    return policy.visible_complaints(
        stmt, principal, db_session=db_session, default_region=get_settings().default_region
    )


def get(*, db_session: Session, principal: Principal, complaint_id: int) -> Complaint:
    """A complaint the principal may read; NotFound, with the same words, whether missing or out of sight."""
    policy.require(principal, Action.READ)
    stmt = visible(select(Complaint).where(Complaint.id == complaint_id), principal, db_session)
    complaint = db_session.scalars(stmt).first()
    if complaint is None:
        raise NotFound(f"complaint {complaint_id} does not exist")
    return complaint


def get_by_tracking(*, db_session: Session, principal: Principal, tracking: str) -> Complaint:
    policy.require(principal, Action.READ)
    stmt = visible(select(Complaint).where(Complaint.tracking_number == tracking), principal, db_session)
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


def zone_of(*, db_session: Session, complaint: Complaint) -> str:
    """The zone deadlines count in: the agency's, else the complaint's region's, else the service default."""
    if complaint.agency_id is not None:
        return agency_service.get(db_session=db_session, agency_id=complaint.agency_id).timezone
    if complaint.region_code:
        return agency_service.timezone_for_region(complaint.region_code)
    return get_settings().timezone


def _restart_clock(db_session: Session, complaint: Complaint, now: datetime) -> None:
    sla = agency_service.sla_for(db_session=db_session, agency_id=complaint.agency_id)
    zone = zone_of(db_session=db_session, complaint=complaint)
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
    **fields: Any,
) -> tuple[Complaint, bool]:
    """Create a draft complaint, or return the one already made from the same recording span or message.

    `via` is the action the principal files under (the SMS gateway and Open311 clients have their own);
    `filed_by` whose complaint it is, the principal unless a job files for the recording's uploader.
    Returns (complaint, created). Safe against two workers racing on the same span: the unique constraint
    decides and the loser reads the winner's row.
    """
    policy.require(principal, via)
    actor = principal.username
    if fields.get("region_code") is None and fields.get("agency_id") is None:
        fields["region_code"] = policy.home_region(db_session, filed_by or actor)
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
    _restart_clock(db_session, complaint, now)
    record(db_session=db_session, complaint=complaint, actor=actor, action="create", to_value=Status.DRAFT)
    db_session.flush()
    return complaint, True


_WORD = re.compile(r"\w+", re.UNICODE)


def _text_search(q: str, dialect: str, raw_ok: ColumnElement[bool]) -> Any:
    """Words of the text starting with each word of `q` (all of them), through the full-text index.

    Only word characters reach the index query, so SQL or FTS syntax in `q` is inert; a `q` without any
    word matches only an exact tracking number. Where the principal may not read the raw text (`raw_ok`
    false) the words are looked for in the redacted public text instead, so a search for a name cannot
    single out the anonymous report that person made.
    """
    words = _WORD.findall(q.lower())[:12]
    by_tracking = Complaint.tracking_number == q.strip().upper()
    if not words:
        return by_tracking
    if dialect == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        # The same expression as the GIN index of migration 0004, so the index serves it.
        matches = text("to_tsvector('simple', complaints.text) @@ to_tsquery('simple', :tsq)")
        raw = matches.bindparams(tsq=query)
    else:
        match = " ".join(f'"{w}"*' for w in words)
        hits = text("SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH :match")
        raw = Complaint.id.in_(hits.bindparams(match=match))
    redacted = and_(*(Complaint.public_text.icontains(w, autoescape=True) for w in words))
    return or_(and_(raw_ok, raw), and_(not_(raw_ok), redacted), by_tracking)


def filtered(
    stmt: Select[Any], flt: ComplaintFilter, *, db_session: Session, principal: Principal
) -> Select[Any]:
    """`stmt` over complaints narrowed to what the principal may reach, then to the filter.

    Searches by phone, NIK or words look only where the principal may read those (policy), so a filter
    never answers a question its results could not show. The caller checks the action (read, export,
    statistics) first.
    """
    dialect = db_session.get_bind().dialect.name
    stmt = visible(stmt, principal, db_session)
    if flt.reporter_phone or flt.reporter_nik:
        stmt = stmt.where(policy.contact_search_condition(principal))
    if flt.status:
        stmt = stmt.where(Complaint.status.in_([str(s) for s in flt.status]))
    if flt.agency_id is not None:
        stmt = stmt.where(Complaint.agency_id == flt.agency_id)
    if flt.topic:
        stmt = stmt.where(Complaint.topic == flt.topic)
    if flt.region:
        # A prefix as a range ("33" ≤ code < "33/"; "/" follows "." in ASCII) so an index can serve it.
        stmt = stmt.where(Complaint.region_code >= flt.region, Complaint.region_code < flt.region + "/")
    if flt.channel:
        stmt = stmt.where(Complaint.channel == flt.channel)
    if flt.overdue is not None:
        stmt = stmt.where(Complaint.overdue.is_(flt.overdue))
    if flt.created_from:
        stmt = stmt.where(Complaint.created_at >= flt.created_from)
    if flt.created_to:
        stmt = stmt.where(Complaint.created_at < flt.created_to)
    if flt.q:
        stmt = stmt.where(_text_search(flt.q, dialect, policy.raw_text_condition(principal)))
    if flt.reporter_phone:  # exact match through the keyed hash: the stored numbers are encrypted
        hashes = contact_hashes(ContactKind.PHONE, flt.reporter_phone)
        stmt = stmt.where(Complaint.reporter_phone_hash.in_(hashes))
    if flt.reporter_nik:
        stmt = stmt.where(Complaint.reporter_nik_hash.in_(contact_hashes(ContactKind.NIK, flt.reporter_nik)))
    return stmt


def _ordered(stmt: Select[Any], flt: ComplaintFilter) -> Select[Any]:
    column = getattr(Complaint, flt.sort.value if isinstance(flt.sort, SortField) else str(flt.sort))
    first = column.desc() if flt.descending else column.asc()
    tie = Complaint.id.desc() if flt.descending else Complaint.id.asc()
    return stmt.order_by(first, tie)


def list_complaints(
    *, db_session: Session, principal: Principal, flt: ComplaintFilter
) -> tuple[list[Complaint], int]:
    """One page of the complaints the principal may reach matching the filter, and how many in all."""
    policy.require(principal, Action.READ)
    count = filtered(select(func.count(Complaint.id)), flt, db_session=db_session, principal=principal)
    total = db_session.scalar(count) or 0
    stmt = filtered(select(Complaint), flt, db_session=db_session, principal=principal)
    return list(db_session.scalars(_ordered(stmt, flt).limit(flt.limit).offset(flt.offset))), total


# Public text only: exports never carry the reporter's details or the raw text.
EXPORT_COLUMNS = [
    "tracking_number", "status", "channel", "kind", "topic", "region_code", "agency_id", "public_text",
    "anonymous", "confidential", "urgent", "overdue", "created_at", "verified_at", "dispatched_at",
    "responded_at", "closed_at", "due_at", "recording_id", "span_start", "span_end", "duplicate_of_id",
]  # fmt: skip


def export_rows(*, url: str, principal: Principal, flt: ComplaintFilter) -> Iterator[dict[str, Any]]:
    """Rows of every complaint the principal may export matching the filter (limit and offset ignored).

    Checked now, streamed later: the permission is decided before the first byte is sent, and the rows
    come from a read-only session of their own, since the export outlives the request's session.
    """
    policy.require(principal, Action.EXPORT)
    rows = _export_rows(url, principal, flt)
    # Run the query now: a filter value the database refuses must fail before the response starts, as
    # a problem answer, not as a stream cut off after its first byte.
    first = next(rows, None)
    return iter(()) if first is None else itertools.chain([first], rows)


def _export_rows(url: str, principal: Principal, flt: ComplaintFilter) -> Iterator[dict[str, Any]]:
    with session_scope(url, write=False) as db_session:
        stmt = _ordered(filtered(select(Complaint), flt, db_session=db_session, principal=principal), flt)
        for complaint in db_session.scalars(stmt.execution_options(yield_per=500)):
            row = {name: getattr(complaint, name) for name in EXPORT_COLUMNS}
            yield {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}


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


def _set_agency(
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
        _set_agency(db_session, complaint, ref, principal, note if "agency" in noted else None)
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
) -> Complaint:
    """Move a complaint to another status if the workflow allows it, restarting the stage clock.

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
        _set_agency(db_session, complaint, agency, principal, note)
    workflow.require_for(to, agency_id=complaint.agency_id, duplicate_of_id=complaint.duplicate_of_id)
    complaint.status = to
    stamp = _STAMPS.get(to)
    # Verification and the first response keep their first time (the "fast" indicator measures those).
    if stamp and (getattr(complaint, stamp) is None or to not in (Status.VERIFIED, Status.RESPONDED)):
        setattr(complaint, stamp, now)
    if current == Status.CLOSED:  # reopened: the closure no longer stands
        complaint.closed_at = None
    complaint.updated_at = now
    _restart_clock(db_session, complaint, now)
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
) -> AgencyResponse:
    """Store the agency's follow-up and move the complaint to responded."""
    policy.require(principal, Action.RESPOND)
    workflow.check(Status(complaint.status), Status.RESPONDED)
    response = AgencyResponse(
        complaint_id=complaint.id, agency_id=complaint.agency_id, author=principal.username, text=text
    )
    db_session.add(response)
    transition(
        db_session=db_session, principal=principal, complaint=complaint, to=Status.RESPONDED, minutes=minutes
    )
    return response


def merge(
    *,
    db_session: Session,
    principal: Principal,
    original: Complaint,
    duplicate_ids: list[int],
    note: str | None = None,
) -> list[Complaint]:
    """Mark complaints as duplicates of `original`; each keeps its own log and points at the original.

    Every duplicate is loaded as the principal: one out of their sight is "not found", and nothing merges.
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
        dup = get(db_session=db_session, principal=principal, complaint_id=dup_id)
        workflow.check(Status(dup.status), Status.DUPLICATE)
        dup.duplicate_of_id = original.id
        transition(db_session=db_session, principal=principal, complaint=dup, to=Status.DUPLICATE, note=note)
        record(
            db_session=db_session, complaint=original, actor=actor, action="merge",
            field="duplicate", to_value=dup.tracking_number, note=note,
        )  # fmt: skip
        merged.append(dup)
    db_session.flush()
    return merged


def sweep_deadlines(*, db_session: Session, now: datetime | None = None) -> dict[str, int]:
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
                now=now,
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


def apply_analysis(
    *, db_session: Session, complaint: Complaint, analysis: dict[str, Any], actor: str
) -> None:
    """Fill machine suggestions (topic, region, kind, redaction, contacts) on a draft from nlp's Analysis."""
    topics = [{"label": t["label"], "score": float(t["score"])} for t in analysis.get("topics", ())]
    complaint.topics = topics
    complaint.topic = complaint.topic or (topics[0]["label"] if topics else None)
    found = analysis.get("region_code")
    if found and policy.within(found, complaint.region_code):  # places may narrow the region, never move it
        complaint.region_code = found
    complaint.region_codes = sorted(
        {c["code"] for p in analysis.get("places", ()) for c in p.get("candidates", ())[:1]}
    )
    kind = analysis.get("kind")
    complaint.kind = Kind(kind) if kind in Kind._value2member_map_ else complaint.kind
    complaint.urgent = bool(analysis.get("urgent")) or complaint.urgent
    complaint.public_text = analysis.get("redacted_text") or complaint.public_text
    complaint.reporter_name = complaint.reporter_name or analysis.get("reporter_name")
    phones, niks = analysis.get("phones") or (), analysis.get("niks") or ()
    complaint.reporter_phone = complaint.reporter_phone or (phones[0] if phones else None)
    complaint.reporter_nik = complaint.reporter_nik or (niks[0] if niks else None)
    complaint.suggestions = {
        "agencies": list(analysis.get("agencies", ())),
        "places": list(analysis.get("places", ())),
        "entities": [_without_contact(e) for e in analysis.get("entities", ())],
        "warnings": list(analysis.get("warnings", ())),
    }
    if complaint.agency_id is None:
        complaint.agency_id = _suggested_agency(db_session, complaint)
    complaint.analyzed_at = utcnow()
    record(
        db_session=db_session, complaint=complaint, actor=actor, action="analyze", to_value=complaint.topic
    )
    if complaint.status == Status.DRAFT:  # the agency, hence the zone, may have changed
        _restart_clock(db_session, complaint, complaint.created_at)
    db_session.flush()


def _without_contact(entity: dict[str, Any]) -> dict[str, Any]:
    """A PHONE or NIK entity keeps its label and span, not its digits: those live encrypted only."""
    if entity.get("label") in ("PHONE", "NIK"):
        return {k: v for k, v in entity.items() if k not in ("text", "value", "number")}
    return entity


def _suggested_agency(db_session: Session, complaint: Complaint) -> int | None:
    """The store's own routing rules win; else nlp's best suggestion (regional offices made on first use)."""
    routed = agency_service.route(
        db_session=db_session, topic=complaint.topic, region_code=complaint.region_code
    )
    # Never an agency of another region: routing it there would show the complaint to that jurisdiction.
    if routed is not None and policy.related(routed.region_code, complaint.region_code):
        return routed.id
    for suggestion in complaint.suggestions.get("agencies", ()):
        if not policy.related(suggestion.get("region_code"), complaint.region_code):
            continue
        if suggestion.get("code") and suggestion.get("name"):
            agency = agency_service.ensure(
                db_session=db_session, code=suggestion["code"], name=suggestion["name"],
                region_code=suggestion.get("region_code"),
            )  # fmt: skip
            return agency.id
    return None


def unanalysed(*, db_session: Session, now: datetime, grace: timedelta, horizon: timedelta) -> list[int]:
    """Text complaints whose analysis was queued but never applied (a process died between the two)."""
    stmt = select(Complaint.id).where(
        Complaint.analyzed_at.is_(None),
        Complaint.recording_id.is_(None),
        Complaint.status == Status.DRAFT,
        Complaint.created_at < now - grace,
        Complaint.created_at > now - horizon,
    )
    return list(db_session.scalars(stmt.limit(1000)))


def possible_duplicates(
    *, db_session: Session, principal: Principal, complaint: Complaint, days: int = 30, limit: int = 5
) -> list[Complaint]:
    """Live complaints on the same topic in the same regency within `days`: candidates for a merge.

    A cheap store-side suggestion shown with every complaint, among those the principal may reach; the
    administrator decides.
    """
    if not complaint.topic:
        return []
    window = timedelta(days=days)
    stmt = select(Complaint).where(
        Complaint.id != complaint.id,
        Complaint.topic == complaint.topic,
        Complaint.status.not_in([str(s) for s in (Status.DUPLICATE, Status.REJECTED, Status.ARCHIVED)]),
        Complaint.created_at.between(complaint.created_at - window, complaint.created_at + window),
    )
    if complaint.region_code:
        regency = complaint.region_code[:5]
        stmt = stmt.where(Complaint.region_code >= regency, Complaint.region_code < regency + "/")
    stmt = visible(stmt, principal, db_session)
    return list(db_session.scalars(stmt.order_by(Complaint.created_at.desc()).limit(limit)))


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
    recording_service.correct_transcript(
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
    *, db_session: Session, principal: Principal, complaint: Complaint, writable: bool
) -> ComplaintDetail:
    """Everything about one complaint the principal may see, and the audit of the contact details it shows.

    When phone or NIK are revealed a `read_contact` event names the reader and the fields, committed
    before the detail is returned: in this session when it writes anyway (`writable`), else in a short
    write session of its own (GET sessions are read-only). If that record cannot be written the error
    propagates and the detail is not served.
    """
    seen = policy.disclosure(principal, complaint)
    base = shaped(principal, complaint, full=True)
    transcript = None
    if complaint.recording_id is not None and recording_service.may_hear(
        db_session=db_session, principal=principal, recording_id=complaint.recording_id
    ):
        row = recording_service.transcript(db_session=db_session, recording_id=complaint.recording_id)
        transcript = TranscriptRead.model_validate(row) if row else None
    suggestions = complaint.suggestions or {}
    answers = responses(db_session=db_session, complaint=complaint)
    out = ComplaintDetail(
        **base.model_dump(),
        allowed_transitions=_steps_for(principal, Status(complaint.status)),
        possible_duplicates=[
            ComplaintBrief.model_validate(c)
            for c in possible_duplicates(db_session=db_session, principal=principal, complaint=complaint)
        ],
        suggestions=suggestions if seen.contact else policy.redact_suggestions(suggestions),
        transcript=transcript,
        events=[_event_read(e, seen) for e in events(db_session=db_session, complaint=complaint)],
        responses=[ResponseRead.model_validate(r) for r in answers],
    )  # fmt: skip
    revealed = [f for f in policy.AUDITED_FIELDS if getattr(base, f)]
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
