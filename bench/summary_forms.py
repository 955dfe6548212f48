"""Two forms of a pre-aggregated duration summary, measured on the same store: what each costs to read.

The dashboard's summary (api/stats/summary.py) keeps each group's durations as log-bucket sketches
(api/stats/sketch.py, every median and 90th percentile within 1%). The exact alternative keeps each
group's sorted durations (float64). Both are read here for a national reader from one table per form,
one row per group and measure, the way the page reads them: median of `--repeat` reads, the bytes
stored, and the largest relative error of the sketches' figures against the exact ones.

    .venv/bin/python bench/summary_forms.py --complaints 100000               # fresh SQLite store
    .venv/bin/python bench/summary_forms.py --backend postgresql
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_bench  # sets the bench's own data folders before the app is imported


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="an already seeded store (else a fresh one is seeded)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import numpy as np
    from sqlalchemy import Column, LargeBinary, MetaData, String, Table, func, select

    from api.complaint.models import Status
    from api.database import engine_for, session_scope
    from api.stats import sketch, summary
    from api.stats.facts import complaint_facts

    url, drop = api_bench.seeded_store(args.url, args.backend, args.complaints)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    exact_table = Table(
        "bench_exact_spreads", MetaData(),
        Column("dimension", String(8), primary_key=True), Column("grp", String(64), primary_key=True),
        Column("measure", String(32), primary_key=True), Column("durations", LargeBinary),
    )  # fmt: skip
    engine = engine_for(url)
    exact_table.drop(engine, checkfirst=True)
    exact_table.create(engine)
    try:
        with session_scope(url) as db_session:  # the exact form, built from the facts
            f = complaint_facts
            for dimension in ("agency", "none"):
                key = summary.group_column(dimension, f)
                values: dict[tuple[str, str], list[float]] = defaultdict(list)
                rows = db_session.execute(
                    select(key, *(f.c[m] for m in summary.MEASURES)).where(f.c.status != Status.DUPLICATE)
                )
                for grp, *durations in rows:
                    for measure, hours in zip(summary.MEASURES, durations, strict=True):
                        if hours is not None:
                            values[(grp, measure)].append(hours)
                db_session.execute(
                    exact_table.insert(),
                    [{"dimension": dimension, "grp": grp, "measure": measure,
                      "durations": np.sort(np.asarray(found, dtype="<f8")).tobytes()}
                     for (grp, measure), found in values.items()],
                )  # fmt: skip

        def exact(db_session, dimension: str) -> dict:
            found = {}
            rows = db_session.execute(
                select(exact_table.c.grp, exact_table.c.measure, exact_table.c.durations).where(
                    exact_table.c.dimension == dimension
                )
            )
            for grp, measure, stored in rows:
                d = np.frombuffer(stored, dtype="<f8")
                n = len(d)
                median = (d[(n + 1) // 2 - 1] + d[n // 2]) / 2
                found[(grp, measure)] = (round(float(median), 2), round(float(d[(9 * n + 9) // 10 - 1]), 2))
            return found

        with session_scope(url, write=False) as db_session:
            for dimension in ("agency", "none"):
                samples = {"sketches": [], "exact lists": []}
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    _, _, spreads = summary.figures(db_session, summary.Scope.ALL, dimension)
                    samples["sketches"].append(time.perf_counter() - start)
                    start = time.perf_counter()
                    truth = exact(db_session, dimension)
                    samples["exact lists"].append(time.perf_counter() - start)
                worst = max(
                    abs(spreads[grp][m][figure] - want) / want
                    for (grp, m), wanted in truth.items()
                    for figure, want in zip(("median_hours", "p90_hours"), wanted, strict=True)
                    if want >= 10
                )
                s = summary.stats_summary
                sketch_bytes = db_session.scalar(
                    select(func.sum(sum(func.coalesce(func.length(s.c[m]), 0) for m in summary.MEASURES)))
                    .where(s.c.scope == "all", s.c.dimension == dimension)
                )  # fmt: skip
                exact_bytes = db_session.scalar(
                    select(func.sum(func.length(exact_table.c.durations))).where(
                        exact_table.c.dimension == dimension
                    )
                )
                for form, stored in (("sketches", sketch_bytes), ("exact lists", exact_bytes)):
                    ms = statistics.median(samples[form]) * 1000
                    print(f"{dimension:7} {form:12} read median {ms:7.1f} ms  stored {stored:>12,} bytes")
                print(f"{dimension:7} largest relative error of the sketches' figures: {worst:.4%} "
                      f"(bound {sketch.ALPHA:.0%}; figures of 10 h or more, rounded to 0.01 h)")  # fmt: skip
    finally:
        exact_table.drop(engine, checkfirst=True)
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        drop()


if __name__ == "__main__":
    main()
