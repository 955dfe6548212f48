"""Open311 GeoReport v2 over the store: services are nlp's topics, requests are public complaints.

Reads are public and see only what policy.public_complaints allows (never a confidential or unreviewed
report, by list or by id); submitting needs a token with the `open311:write` scope.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.agency.models import Agency
from api.complaint import service as complaint_service
from api.complaint import workflow
from api.complaint.models import AgencyResponse, Complaint
from api.database import utcnow
from api.errors import InvalidInput, NotFound
from api.kernel import Channel, Principal
from api.open311.schemas import parse_request

TAXONOMY = Path(__file__).resolve().parents[2] / "nlp" / "data" / "taxonomy.json"
MAX_REQUESTS = 1000
DEFAULT_DAYS = 90


@lru_cache(maxsize=1)
def services() -> list[dict[str, Any]]:
    """Open311 service definitions from the topic taxonomy."""
    topics = json.loads(TAXONOMY.read_text(encoding="utf-8"))["topics"] if TAXONOMY.exists() else []
    return [
        {
            "service_code": t["label"],
            "service_name": t.get("name_id", t["label"]),
            "description": t.get("description_id", ""),
            "metadata": False,
            "type": "realtime",
            "keywords": ",".join(t.get("keywords", [])[:10]),
            "group": "pengaduan",
        }
        for t in topics
    ]


def _service_names() -> dict[str, str]:
    return {s["service_code"]: s["service_name"] for s in services()}


def _as_request(complaint: Complaint, agency: Agency | None, notes: str | None) -> dict[str, Any]:
    status = "closed" if complaint.status in workflow.TERMINAL else "open"
    return {
        "service_request_id": complaint.tracking_number,
        "status": status,
        "status_notes": notes,
        "service_name": _service_names().get(complaint.topic or "", complaint.topic),
        "service_code": complaint.topic,
        "description": complaint.public_text or None,
        "agency_responsible": agency.name if agency else None,
        "service_notice": None,
        "requested_datetime": complaint.created_at.isoformat(),
        "updated_datetime": complaint.updated_at.isoformat(),
        "expected_datetime": complaint.due_at.isoformat() if complaint.due_at else None,
        "address": None,
        "address_id": complaint.region_code,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _notes(db_session: Session, complaint_ids: list[int]) -> dict[int, str]:
    rows = db_session.execute(
        select(AgencyResponse.complaint_id, AgencyResponse.text)
        .where(AgencyResponse.complaint_id.in_(complaint_ids))
        .order_by(AgencyResponse.id)
    ).all()
    return {complaint_id: text for complaint_id, text in rows}  # the latest response wins


def _days_before(moment: datetime, days: int) -> datetime:
    """`days` before `moment`, or the earliest moment there is (an end_date in year 1 must not overflow)."""
    try:
        return moment - timedelta(days=days)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


def list_requests(
    *,
    db_session: Session,
    ids: list[str] | None = None,
    service_code: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """Public requests, newest first: at most 1,000, the last 90 days unless dates are given."""
    stmt = select(Complaint).where(policy.public_complaints())
    if ids:
        stmt = stmt.where(Complaint.tracking_number.in_([i.upper() for i in ids[:MAX_REQUESTS]]))
    else:
        end = end or utcnow()
        start = start or _days_before(end, DEFAULT_DAYS)
        stmt = stmt.where(Complaint.created_at >= start, Complaint.created_at <= end)
    if service_code:
        stmt = stmt.where(Complaint.topic == service_code)
    terminal = [str(s) for s in workflow.TERMINAL]
    if status == "closed":
        stmt = stmt.where(Complaint.status.in_(terminal))
    elif status == "open":
        stmt = stmt.where(Complaint.status.not_in(terminal))
    complaints = list(db_session.scalars(stmt.order_by(Complaint.created_at.desc()).limit(MAX_REQUESTS)))
    agencies = {
        a.id: a
        for a in db_session.scalars(select(Agency).where(Agency.id.in_({c.agency_id for c in complaints})))
    }
    notes = _notes(db_session, [c.id for c in complaints])
    return [_as_request(c, agencies.get(c.agency_id or 0), notes.get(c.id)) for c in complaints]


def get_request(*, db_session: Session, request_id: str) -> list[dict[str, Any]]:
    """One request (as a one-element list, as the spec has it); confidential and unreviewed ones do not
    exist here, with the same answer as a number never issued."""
    stmt = select(Complaint).where(
        Complaint.tracking_number == request_id.upper(), policy.public_complaints()
    )
    complaint = db_session.scalars(stmt).first()
    if complaint is None:
        raise NotFound(f"service request {request_id} does not exist")
    agency = db_session.get(Agency, complaint.agency_id) if complaint.agency_id else None
    return [_as_request(complaint, agency, _notes(db_session, [complaint.id]).get(complaint.id))]


def create_request(
    *, db_session: Session, principal: Principal, form: Mapping[str, str], default_zone: str
) -> tuple[Complaint, bool]:
    """A POSTed service request becomes a draft complaint on the web channel (an `open311:write` token).

    `default_zone`: SUARA_TIMEZONE, for the deadline of a complaint not yet placed.
    """
    policy.require(principal, Action.OPEN311_WRITE)
    request = parse_request(form)
    if request.service_code not in _service_names():
        raise InvalidInput(f"unknown service_code {request.service_code!r}; see services.json")
    description = request.description
    external = (
        f"open311:{request.device_id}:{hashlib.sha1(description.encode()).hexdigest()}"
        if request.device_id
        else None
    )
    complaint, created = complaint_service.create(
        db_session=db_session, principal=principal, via=Action.OPEN311_WRITE, text=description,
        channel=Channel.WEB, topic=request.service_code, reporter_name=request.reporter_name,
        reporter_phone=request.phone, external_ref=external, region_code=request.region_code,
        default_zone=default_zone,
    )  # fmt: skip
    return complaint, created
