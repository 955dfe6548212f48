"""Possible duplicates of a complaint: the store narrows the candidates, nlp's similarity ranks them.

SQL picks live complaints the principal may reach, filed within a window around this one and, when the
complaint has a region, in the same regency (the index serves it as a range); at most CANDIDATES of
them, those on the complaint's topic first (a misfiled duplicate can still be found among the rest).
nlp/similar.py then scores each by wording, topic and place, and only likely duplicates are shown: the
one duplicate finder.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, case, select
from sqlalchemy.orm import Session

from api.access import policy
from api.complaint.models import Complaint, Status
from api.kernel import Principal

log = logging.getLogger(__name__)
CANDIDATES = 60  # scored per page view (about 50 µs each): those of the same topic first, newest first
MIN_SCORE = 0.55  # nlp.similar's default: below it the reports share a place or a topic, not a matter
_CLOSED = [str(s) for s in (Status.DUPLICATE, Status.REJECTED, Status.ARCHIVED)]


def as_analysis(complaint: Any) -> dict[str, Any]:
    """What nlp.similar compares, from a stored complaint (or a row of its columns): text, region, topics.

    A topic a person chose counts as certain. Place mentions are left out: their offsets refer to the text
    as analysed, which an editor may have changed since.
    """
    topics = [{"label": t["label"], "score": float(t["score"])} for t in complaint.topics or ()]
    if complaint.topic:
        topics = [
            {"label": complaint.topic, "score": 1.0},
            *[t for t in topics if t["label"] != complaint.topic],
        ]
    return {"text": complaint.text or "", "region_code": complaint.region_code, "topics": topics}


def possible(
    *,
    db_session: Session,
    principal: Principal,
    complaint: Complaint,
    default_region: str | None,
    days: int = 30,
    limit: int = 5,
) -> list[Complaint]:
    """Likely duplicates of `complaint` among those `principal` may reach, best first (at most `limit`)."""
    try:
        from nlp.similar import find_similar  # imported on use, like nlp everywhere in api/
    except ImportError:
        log.warning("nlp is not available; no possible duplicates are suggested")
        return []
    window = timedelta(days=days)
    # only the compared columns: loading whole rows made a complaint's page three times slower
    stmt = select(
        Complaint.id, Complaint.text, Complaint.topic, Complaint.topics, Complaint.region_code
    ).where(
        Complaint.id != complaint.id,
        Complaint.status.not_in(_CLOSED),
        Complaint.created_at.between(complaint.created_at - window, complaint.created_at + window),
    )
    if complaint.region_code:
        regency = complaint.region_code[:5]
        stmt = stmt.where(and_(Complaint.region_code >= regency, Complaint.region_code < regency + "/"))
    stmt = policy.visible_complaints(stmt, principal, db_session=db_session, default_region=default_region)
    same_topic = (Complaint.topic == complaint.topic) if complaint.topic else None
    order = [Complaint.created_at.desc(), Complaint.id.desc()]
    if same_topic is not None:
        order.insert(0, case((same_topic, 0), else_=1))
    stmt = stmt.order_by(*order).limit(CANDIDATES)
    candidates = {row.id: as_analysis(row) for row in db_session.execute(stmt)}
    if not candidates:
        return []
    matches = find_similar(as_analysis(complaint), candidates, min_score=MIN_SCORE, limit=limit)
    ids = [int(m.key) for m in matches]
    if not ids:
        return []
    rows = {c.id: c for c in db_session.scalars(select(Complaint).where(Complaint.id.in_(ids)))}
    return [rows[i] for i in ids]
