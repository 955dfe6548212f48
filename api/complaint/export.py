"""Complaint exports: the public columns of every complaint a principal may export, streamed."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select

from api.access import policy
from api.access.policy import Action
from api.complaint.models import Complaint
from api.complaint.query import filtered, ordered
from api.complaint.schemas import (
    ComplaintFilter,
)
from api.database import session_scope
from api.kernel import Principal

# Public text only: exports never carry the reporter's details or the raw text.
EXPORT_COLUMNS = [
    "tracking_number", "status", "channel", "kind", "topic", "region_code", "agency_id", "public_text",
    "anonymous", "confidential", "urgent", "overdue", "created_at", "verified_at", "dispatched_at",
    "responded_at", "closed_at", "due_at", "recording_id", "span_start", "span_end", "duplicate_of_id",
]  # fmt: skip


def export_rows(
    *, url: str, principal: Principal, flt: ComplaintFilter, default_region: str | None
) -> Iterator[dict[str, Any]]:
    """Rows of every complaint the principal may export matching the filter (limit and offset ignored).

    Checked now, streamed later: the permission is decided before the first byte is sent, and the rows
    come from a read-only session of their own, since the export outlives the request's session.
    """
    policy.require(principal, Action.EXPORT)
    rows = _export_rows(url, principal, flt, default_region)
    # Run the query now: a filter value the database refuses must fail before the response starts, as
    # a problem answer, not as a stream cut off after its first byte.
    first = next(rows, None)
    return iter(()) if first is None else itertools.chain([first], rows)


def _export_rows(
    url: str, principal: Principal, flt: ComplaintFilter, default_region: str | None
) -> Iterator[dict[str, Any]]:
    with session_scope(url, write=False) as db_session:
        stmt = filtered(
            select(Complaint), flt, db_session=db_session, principal=principal, default_region=default_region
        )
        stmt = ordered(stmt, flt)
        for complaint in db_session.scalars(stmt.execution_options(yield_per=500)):
            row = {name: getattr(complaint, name) for name in EXPORT_COLUMNS}
            yield {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
