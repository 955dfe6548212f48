"""The inbox reads a constant number of statements per page, however many items it lists: the responses
and attachments of all its complaints come in one query each, not one per complaint.

Statements are counted with SQLAlchemy's `before_cursor_execute` event on the real app (SQLite and
PostgreSQL); the complaints, responses and attachment events are written straight into the store so that
50 items take no minutes to make."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event, insert, select
from sqlalchemy.engine import Engine

from api.agency.models import Agency
from api.complaint.models import AgencyResponse, Complaint, Event
from api.database import session_scope, utcnow
from tests.api.pages.conftest import PASSWORD

AGENCY, REGION = "reg-74.71", "74.71"  # Kota Kendari: no other test files complaints to it


def _row(tag: str, i: int, agency_id: int, now) -> dict:
    return {
        "tracking_number": f"SUA-T-{tag}-{i:03d}", "channel": "web", "text": f"Jalan rusak nomor {i}.",
        "public_text": "", "kind": "pengaduan", "topic": "jalan", "topics": [], "region_code": REGION,
        "region_codes": [], "agency_id": agency_id, "status": "dispatched", "suggestions": {},
        "anonymous": False, "confidential": False, "urgent": False, "created_at": now, "updated_at": now,
        "dispatched_at": now, "due_at": now + timedelta(days=5 + i), "overdue": False, "ever_overdue": False,
    }  # fmt: skip


def _dispatched(settings, count: int) -> list[str]:
    """`count` complaints dispatched to AGENCY, each with one response and one attachment event."""
    now = utcnow()
    tag = uuid.uuid4().hex[:8]
    with session_scope(settings.sqlalchemy_url) as db_session:
        agency_id = db_session.scalar(select(Agency.id).where(Agency.code == AGENCY))
        rows = [_row(tag, i, agency_id, now) for i in range(count)]
        ids = list(db_session.scalars(insert(Complaint).returning(Complaint.id), rows))
        answers = [
            {"complaint_id": c, "agency_id": agency_id, "author": "penghubung", "text": "Ok."} for c in ids
        ]
        db_session.execute(insert(AgencyResponse), answers)
        files = [
            {"complaint_id": c, "actor": "penghubung", "action": "attach", "to_value": f"{c}.pdf",
             "note": "surat.pdf", "at": now}
            for c in ids
        ]  # fmt: skip
        db_session.execute(insert(Event), files)
    return [row["tracking_number"] for row in rows]


@contextmanager
def _counted():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def _statements_for(browser, sign_in, make_user, settings, count: int) -> int:
    client = browser()
    liaison = make_user("liaison", AGENCY, None, PASSWORD)
    sign_in(client, liaison.username, PASSWORD)
    made = _dispatched(settings, count)
    with _counted() as statements:
        page = client.get("/inbox")
    assert page.status_code == 200
    assert all(number in page.text for number in made)
    return len(statements)


def test_the_inbox_reads_as_many_statements_for_50_items_as_for_5(browser, sign_in, make_user, settings):
    with_5 = _statements_for(browser, sign_in, make_user, settings, 5)
    with_50 = _statements_for(browser, sign_in, make_user, settings, 45)  # the same inbox now lists 50
    assert with_50 == with_5, (with_5, with_50)
