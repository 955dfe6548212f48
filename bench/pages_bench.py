"""Server time of the pages officials and leaders open most, with 100,000 complaints in the store.

Times, one request at a time over loopback against a real uvicorn process (as `suara serve` runs it),
the complaint queue (plain, filtered, searched, page 50), a complaint's page, the leader dashboard and
the public statistics (the last two from their 30/60 s caches after the first request; `--no-cache`
computes every figure), for a sysadmin (sees everything) and a province verifier (every query carries
the jurisdiction filter). The target of issue #16 is p95 at most 300 ms on SQLite and on PostgreSQL.
The store is seeded by bench/api_bench.py's bulk loader (fresh database per backend, dropped after).

    .venv/bin/python bench/pages_bench.py                          # both backends, 100,000 complaints
    .venv/bin/python bench/pages_bench.py --backend sqlite --complaints 20000 --requests 100
    .venv/bin/python bench/pages_bench.py --no-cache --requests 30 --pages dashboard   # the figures alone
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_bench  # sets the bench's own data folders before the app is imported

TARGET_MS = 300.0


def pages(rng: random.Random, complaint_ids: list[int]) -> dict[str, list[str]]:
    """The page addresses to time, by label (each list is sampled in turn)."""
    topics, statuses = api_bench.TOPICS, api_bench.STATUSES
    return {
        "queue": ["/queue"],
        "queue filtered": [
            f"/queue?status={rng.choice(statuses)}&topic={rng.choice(topics)}" for _ in range(20)
        ],
        "queue search": [f"/queue?q={rng.choice(api_bench.WORDS)}" for _ in range(20)],
        "queue page 50": ["/queue?page=50"],
        "complaint page": [f"/complaints/{rng.choice(complaint_ids)}" for _ in range(50)],
        "dashboard": ["/dashboard"],
        "public statistics": ["/statistics"],
    }  # fmt: skip


def time_pages(client, backend: str, reader: str, targets: dict[str, list[str]], requests: int) -> bool:
    """Print p50/p95 per page; returns whether every page met the target."""
    met = True
    for label, paths in targets.items():
        for path in paths[:3]:  # warm the caches and the query plans
            client.get(path)
        samples, statuses = [], set()
        for i in range(requests):
            start = time.perf_counter()
            response = client.get(paths[i % len(paths)])
            samples.append(time.perf_counter() - start)
            statuses.add(response.status_code)
        p95 = api_bench.p95(samples)
        verdict = "ok" if p95 <= TARGET_MS and statuses == {200} else "MISSED"
        met &= verdict == "ok"
        print(
            f"[{backend}] {reader:8} {label:18} p50 {statistics.median(samples) * 1000:6.1f} ms  "
            f"p95 {p95:6.1f} ms  answers {sorted(statuses)}  {verdict}"
        )
    return met


def run(backend: str, count: int, requests: int, only: list[str] | None = None) -> bool:
    import httpx
    from sqlalchemy import select

    from api.complaint.models import Complaint
    from api.config import get_settings
    from api.database import session_scope

    url, drop = api_bench.make_database(backend)
    os.environ["SUARA_DATABASE_URL"] = url
    get_settings.cache_clear()
    try:
        start = time.perf_counter()
        api_bench.seed(url, count)
        print(f"[{backend}] seeded {count:,} complaints in {time.perf_counter() - start:.1f} s")
        rng = random.Random(13)
        readers = [
            ("sysadmin", api_bench.bearer(url, "sysadmin")),
            ("verifier", api_bench.bearer(url, "verifier", "prov-33")),
        ]
        met = True
        with api_bench.ServerProcess() as base:
            site = base.removesuffix("/api/v1")
            for reader, headers in readers:
                with session_scope(url) as db_session:
                    ids = list(db_session.scalars(select(Complaint.id).limit(5000)))
                with httpx.Client(base_url=site, headers=headers, timeout=60) as client:
                    seen = [i for i in ids[:500] if client.get(f"/api/v1/complaints/{i}").status_code == 200]
                    targets = {k: v for k, v in pages(rng, seen or ids).items() if not only or k in only}
                    met &= time_pages(client, backend, reader, targets, requests)
        return met
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page and reader")
    parser.add_argument(
        "--no-cache", action="store_true",
        help="turn off the dashboard's and the public statistics' short caches: every figure computed",
    )  # fmt: skip
    parser.add_argument(
        "--pages", nargs="+", metavar="LABEL",
        help="time only these pages by label, e.g. --pages dashboard 'public statistics'",
    )  # fmt: skip
    args = parser.parse_args()
    if args.no_cache:  # read by the server process, which inherits this environment
        os.environ.update(SUARA_DASHBOARD_CACHE_SECONDS="0", SUARA_PUBLIC_STATS_CACHE_SECONDS="0")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    try:
        results = [run(backend, args.complaints, args.requests, args.pages) for backend in backends]
    finally:  # the SQLite store of 100,000 complaints and the queue file live in api_bench's scratch folder
        shutil.rmtree(api_bench.WORK, ignore_errors=True)
    print("target p95 <= 300 ms:", "met" if all(results) else "MISSED")


if __name__ == "__main__":
    main()
