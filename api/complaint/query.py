"""Complaint lists: the filter every list, export and statistic goes through, text search, ordering.

Each query starts from what the principal may reach (`service.visible`, api/access/scope.py) and looks
for phone, NIK or words only where the principal may read those (api/access/disclosure.py), so a filter
never answers a question its results could not show.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select, text
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.complaint.models import Complaint
from api.complaint.schemas import ComplaintFilter, SortField
from api.complaint.service import visible
from api.crypto import ContactKind, contact_hashes
from api.kernel import Principal

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
    stmt: Select[Any],
    flt: ComplaintFilter,
    *,
    db_session: Session,
    principal: Principal,
    default_region: str | None,
) -> Select[Any]:
    """`stmt` over complaints narrowed to what the principal may reach, then to the filter.

    Searches by phone, NIK or words look only where the principal may read those (policy), so a filter
    never answers a question its results could not show. The caller checks the action (read, export,
    statistics) first.
    """
    dialect = db_session.get_bind().dialect.name
    stmt = visible(stmt, principal, db_session, default_region=default_region)
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


def ordered(stmt: Select[Any], flt: ComplaintFilter) -> Select[Any]:
    if flt.sort == SortField.URGENCY:  # what needs a person first; `descending` does not apply
        due = Complaint.due_at.asc().nulls_last()
        return stmt.order_by(Complaint.overdue.desc(), Complaint.urgent.desc(), due, Complaint.id.asc())
    column = getattr(Complaint, flt.sort.value if isinstance(flt.sort, SortField) else str(flt.sort))
    first = column.desc() if flt.descending else column.asc()
    tie = Complaint.id.desc() if flt.descending else Complaint.id.asc()
    return stmt.order_by(first, tie)


def list_complaints(
    *, db_session: Session, principal: Principal, flt: ComplaintFilter, default_region: str | None
) -> tuple[list[Complaint], int]:
    """One page of the complaints the principal may reach matching the filter, and how many in all."""
    policy.require(principal, Action.READ)
    scope = {"db_session": db_session, "principal": principal, "default_region": default_region}
    total = db_session.scalar(filtered(select(func.count(Complaint.id)), flt, **scope)) or 0
    stmt = filtered(select(Complaint), flt, **scope)
    return list(db_session.scalars(ordered(stmt, flt).limit(flt.limit).offset(flt.offset))), total
