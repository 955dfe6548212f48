"""Where the leader dashboard's uncached time goes: each of api/stats' aggregate queries timed alone.

The dashboard computes one grouping per request (`stats.indicators`): the grouped counts (`tallies`),
the medians and 90th percentiles of the three durations (`spreads`, window functions) and the operator
and processing minutes (`minutes`). This prints the median of `--repeat` runs of each, and of the whole,
for a national reader (sysadmin) over a store seeded by bench/api_bench.py's bulk loader: tallies and
spreads both over the complaints themselves and over their facts (complaint_facts, migration 0014), and
the summary's read (stats_summary and its journal, migration 0015), and the whole as served (from the
summary), from the facts (as before 0015) and afresh (from the complaints, as before 0014).

    .venv/bin/python bench/stats_breakdown.py --complaints 100000            # fresh SQLite store
    .venv/bin/python bench/stats_breakdown.py --backend postgresql           # fresh PostgreSQL store
    .venv/bin/python bench/stats_breakdown.py --url sqlite:////tmp/seeded.db  # a store seeded before
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_bench  # sets the bench's own data folders before the app is imported


def timed(fn: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` calls, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="an already seeded store (else a fresh one is seeded)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--group", default="agency", choices=["agency", "topic", "region", "period", "none"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import func, select

    from api.complaint.models import Complaint
    from api.complaint.query import filtered
    from api.complaint.schemas import ComplaintFilter
    from api.database import session_scope
    from api.kernel import Principal, Role
    from api.stats import aggregate, service, summary

    url, drop = api_bench.seeded_store(args.url, args.backend, args.complaints)
    reader = Principal(username="bench-sysadmin", role=Role.SYSADMIN)
    flt = ComplaintFilter()
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with session_scope(url, write=False) as db_session:

        def narrow(stmt):  # the scoping the dashboard applies (a sysadmin reaches every complaint)
            return filtered(stmt, flt, db_session=db_session, principal=reader, default_region=None)

        key = aggregate.group_key(args.group)
        on_facts = service._on_facts(narrow(select(Complaint.id)).whereclause)
        facts_key = aggregate.FACTS.key(args.group)
        for name, part, served in (
            ("tallies", aggregate.tallies, aggregate.tallies),
            ("spreads", aggregate.spreads, aggregate.spreads_fetched),
        ):
            ms = timed(lambda part=part: part(db_session, narrow, key), args.repeat)
            fast = timed(
                lambda served=served: served(db_session, on_facts, facts_key, aggregate.FACTS), args.repeat
            )
            print(f"{name:10} median {ms:7.1f} ms over complaints, {fast:7.1f} ms over complaint_facts")
        ms = timed(lambda: aggregate.minutes(db_session, narrow, key), args.repeat)
        print(f"{'minutes':10} median {ms:7.1f} ms")
        journalled = db_session.scalar(select(func.count()).select_from(summary.stats_journal))
        s = summary.stats_summary
        sizes = sum(func.coalesce(func.length(s.c[name]), 0) for name in summary.MEASURES)
        rows, sketch_bytes = db_session.execute(select(func.count(), func.sum(sizes))).one()
        print(f"summary    {rows} rows, {sketch_bytes or 0:,} bytes of sketches")
        ms = timed(lambda: summary.figures(db_session, summary.Scope.ALL, args.group), args.repeat)
        print(f"{'summary':10} median {ms:7.1f} ms (tallies and spreads; {journalled} journal rows unfolded)")
        group_by = service.GroupBy(args.group)

        def whole() -> object:
            return service.indicators(
                db_session=db_session, principal=reader, flt=flt, default_region=None, group_by=group_by
            )

        served = timed(whole, args.repeat)
        real_scope, real_facts = service._summary_scope, service._on_facts
        service._summary_scope = lambda condition, public=False: None  # before migration 0015
        try:
            from_facts = timed(whole, args.repeat)
            service._on_facts = lambda condition: None  # the computation before migration 0014
            afresh = timed(whole, args.repeat)
        finally:
            service._summary_scope, service._on_facts = real_scope, real_facts
        where = f"{args.group}, {url.split(':', 1)[0]}"
        print(
            f"{'indicators':10} median {served:7.1f} ms from the summary, {from_facts:7.1f} ms from the "
            f"facts, {afresh:7.1f} ms afresh  ({where})"
        )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    drop()


if __name__ == "__main__":
    main()
