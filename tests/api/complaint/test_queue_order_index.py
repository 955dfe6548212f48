"""The officials' queue is read in index order on PostgreSQL: page after page, no sort of every waiting
complaint (migration 0016). Asserted on the plan, not on a timing: with sequential scans, bitmap scans and
full and incremental sorts priced out (the test table is small, and on a small table any plan is cheap),
a plan that still sorts means no index matches the queue's order (overdue, urgent, deadline, id)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from api.complaint.models import Complaint
from api.complaint.query import filtered, ordered
from api.complaint.schemas import ComplaintFilter, SortField
from api.kernel import SYSTEM
from api.pages.queue import AWAITING, PAGE_SIZE


def test_the_queue_page_is_read_in_index_order_without_a_sort(db, db_url) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite cannot index NULLS LAST; 0012's index and a sort serve it (22 ms at 100,000)")
    flt = ComplaintFilter(status=AWAITING, sort=SortField.URGENCY, limit=PAGE_SIZE, offset=49 * PAGE_SIZE)
    waiting = filtered(select(Complaint), flt, db_session=db, principal=SYSTEM, default_region=None)
    page = ordered(waiting, flt).limit(flt.limit).offset(flt.offset)
    sql = str(page.compile(db.bind, compile_kwargs={"literal_binds": True}))
    # priced out, not forbidden: only an index in the queue's order avoids them on any table size
    for plan_kind in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
        db.execute(text(f"SET LOCAL enable_{plan_kind} = off"))
    plan = "\n".join(db.execute(text(f"EXPLAIN {sql}")).scalars())
    assert "ix_complaints_queue_order" in plan, plan
    assert "Sort" not in plan, plan
