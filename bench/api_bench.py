"""Measure the complaint store on SQLite and PostgreSQL with 100,000 seeded complaints.

Prints p95 of a filtered list and of a single complaint read, the text (SMS) intake rate, and
20 concurrent 10 MB uploads against a real uvicorn server. Each backend gets a fresh database
(a temporary SQLite file; PostgreSQL database suara_bench_<pid>, dropped afterwards). Jobs are only
queued here (no worker), so the figures are the API's own.

The server runs in a process of its own, as `suara serve` does, and the clients talk HTTP to it; the
CPU each side spent per SMS is printed, so a client that eats the machine shows. `--same-process`
runs it as earlier versions did: the server in a thread of this process and reads through
FastAPI's TestClient, so clients and server share one interpreter lock (kept to compare figures).

    .venv/bin/python bench/api_bench.py                      # both backends, 100,000 complaints
    .venv/bin/python bench/api_bench.py --backend sqlite --complaints 20000
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
WORK = Path(tempfile.mkdtemp(prefix="suara-bench-"))  # here, not in main(): the settings read it at import
atexit.register(shutil.rmtree, WORK, ignore_errors=True)  # benches that import this one leave nothing behind
os.environ.update(
    SUARA_DATA_DIR=str(WORK / "data"),
    SUARA_RECORDINGS_DIR=str(WORK / "recordings"),
    SUARA_QUEUE="sqlite",
    SUARA_QUEUE_PATH=str(WORK / "data" / "queue.db"),
    SUARA_MAX_UPLOAD_BYTES=str(50 * 1024 * 1024),
)
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
STATUSES = ["draft", "verified", "dispatched", "in_progress", "responded", "closed", "returned", "archived"]
TOPICS = ["infrastruktur", "kesehatan", "pendidikan", "bantuan_sosial", "dana_desa", "lingkungan", "adminduk"]
CHANNELS = ["hotline", "radio", "sms", "web", "upload"]
WORDS = [
    "jalan", "rusak", "lampu", "mati", "sampah", "banjir", "puskesmas", "sekolah", "bansos", "pungli", "air",
    "listrik", "desa", "pasar",
]  # fmt: skip


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def make_database(backend: str) -> tuple[str, callable]:
    if backend == "sqlite":
        path = WORK / "data" / f"bench-{os.getpid()}.db"
        return f"sqlite:///{path}", lambda: None
    import psycopg

    name = f"suara_bench_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from api.database import engine_for

        engine_for(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}").dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


def seeded_store(url: str | None, backend: str, count: int) -> tuple[str, callable]:
    """`url` as given (an already seeded store, kept), else a fresh database seeded with `count` complaints
    and the function that drops it."""
    if url is not None:
        return url, lambda: None
    url, drop = make_database(backend)
    seed(url, count)
    return url, drop


REACHED = {  # which workflow timestamps a complaint in each status has
    "draft": (), "verified": ("verified_at",), "dispatched": ("verified_at", "dispatched_at"),
    "in_progress": ("verified_at", "dispatched_at"), "returned": ("verified_at", "dispatched_at"),
    "responded": ("verified_at", "dispatched_at", "responded_at"),
    "closed": ("verified_at", "dispatched_at", "responded_at", "closed_at"), "archived": ("verified_at",),
}  # fmt: skip


def milestones(rng: random.Random, status: str, created: datetime) -> dict[str, datetime]:
    """Timestamps in order after `created`, hours to days apart, for the steps `status` has passed."""
    stamps, moment = {}, created
    for column in REACHED[status]:
        moment += timedelta(minutes=rng.randint(10, 60 * 24 * 6))
        stamps[column] = moment
    return stamps


def seed(url: str, count: int) -> list[int]:
    """Bulk-insert `count` complaints with a spread of statuses, topics, regions, agencies and dates, and
    the workflow timestamps each status implies (so the indicators have durations to work on)."""
    from sqlalchemy import insert, select

    from api.agency import service as agency_service
    from api.agency.models import Agency
    from api.complaint.models import Complaint
    from api.database import optimize, session_scope, upgrade
    from api.stats import fold

    upgrade(url)
    with session_scope(url) as db_session:
        agency_service.seed(db_session=db_session)
    rng = random.Random(7)
    now = datetime.now(UTC)
    with session_scope(url) as db_session:
        agencies = db_session.execute(select(Agency.id, Agency.region_code)).all()
        for start in range(0, count, 5000):
            rows = []
            for i in range(start, min(count, start + 5000)):
                agency_id, region = rng.choice(agencies)
                created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
                status = rng.choice(STATUSES)
                stamps = milestones(rng, status, created)
                rows.append({
                    "tracking_number": f"SUA-B-{i + 1:07d}", "channel": rng.choice(CHANNELS),
                    "text": " ".join(rng.choices(WORDS, k=30)), "public_text": "", "kind": "pengaduan",
                    "topic": rng.choice(TOPICS), "topics": [], "region_code": region, "region_codes": [],
                    "agency_id": agency_id, "status": status, "suggestions": {}, "anonymous": False,
                    "confidential": False, "urgent": False, "created_at": created, "updated_at": created,
                    "due_at": created + timedelta(days=5), "overdue": rng.random() < 0.1,
                    "ever_overdue": rng.random() < 0.15, **stamps,
                })  # fmt: skip
            db_session.execute(insert(Complaint), rows)
        ids = list(db_session.scalars(select(Complaint.id)))
    with session_scope(url) as db_session:  # what the minutely task does in service (api/jobs.py)
        fold.fold(db_session)
    optimize(url)  # what the hourly task does in service; here right after the bulk load
    return ids


def list_queries(rng: random.Random, agency_ids: list[int]) -> list[dict]:
    """The filters an operator or a leader's dashboard actually uses, one page each."""
    since = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    return [
        rng.choice([
            {"status": rng.choice(STATUSES)},
            {"status": "dispatched", "agency_id": rng.choice(agency_ids)},
            {"topic": rng.choice(TOPICS), "region": "33"},
            {"overdue": "true", "sort": "due_at", "order": "asc"},
            {"channel": "hotline", "created_from": since},
            {"status": ["draft", "verified"], "topic": rng.choice(TOPICS), "offset": 100},
        ])
        for _ in range(300)
    ]  # fmt: skip


def timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    response = fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    assert response.status_code < 400, response.text[:300]
    return elapsed


def wav(path: Path, seconds: float, seed: int) -> Path:
    """A distinct ~10 MB WAV: 16-bit mono 48 kHz noise with its own seed."""
    subprocess.run(
        ["sox", "-R", "-n", "-r", "48000", "-b", "16", "-c", "1", str(path), "synth", str(seconds),
         "whitenoise", "vol", f"0.{seed + 10}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return path


class ServerProcess:
    """`uvicorn --factory api.main:create_app` in its own process, configured by this process's
    environment (SUARA_DATABASE_URL …), as a deployment runs it."""

    def __enter__(self) -> str:
        with socket.socket() as probe:  # a free port
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            cwd=REPO,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}/api/v1"
        import httpx

        for _ in range(300):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    return base
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def cpu_seconds(self) -> float | None:
        """User and system CPU the server process has used (Linux /proc), else None."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *_exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class LiveServer:
    """The app behind a real uvicorn server in a thread of this process (`--same-process`)."""

    def __init__(self, app) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/api/v1"

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def bearer(url: str, role: str, agency_code: str | None = None, scopes: list[str] | None = None) -> dict:
    """A real account of `role` and the Authorization header of a real token, as a deployment has."""
    from api.auth import service as auth_service
    from api.auth import tokens
    from api.config import get_settings
    from api.database import session_scope

    settings = get_settings()
    with session_scope(url) as db_session:
        user = auth_service.create_user(
            db_session=db_session, settings=settings, username=f"bench-{role}-{random.randrange(10**9)}",
            role=role, actor="bench", agency_code=agency_code,
        )  # fmt: skip
        _, secret = tokens.issue(
            db_session=db_session, settings=settings, user=user, name="bench", scopes=scopes,
            expires_at=None, created_by="bench",
        )  # fmt: skip
    return {"Authorization": f"Bearer {secret}"}


def uploads(base: str, files: list[Path], headers: dict) -> tuple[int, float]:
    import httpx

    def send(path: Path) -> int:
        with path.open("rb") as fh, httpx.Client(timeout=300, headers=headers) as client:
            return client.post(f"{base}/recordings", files={"file": (path.name, fh)}).status_code

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(files)) as pool:
        codes = list(pool.map(send, files))
    return sum(c == 201 for c in codes), time.perf_counter() - start


def intake(base: str, count: int, senders: int, headers: dict) -> float:
    """SMS webhooks from `senders` gateway connections at once; returns complaints per second."""
    import httpx

    rng = random.Random(3)
    bodies = [
        {
            "from": "+6281200000000",
            "text": f"LAPOR {' '.join(rng.choices(WORDS, k=20))}",
            "id": f"{senders}-{i}",
        }
        for i in range(count)
    ]

    def send(chunk: list[dict]) -> None:
        with httpx.Client(timeout=60, headers=headers) as client:
            for body in chunk:
                response = client.post(f"{base}/intake/sms", json=body)
                assert response.status_code == 201, response.text

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        list(pool.map(send, [bodies[i::senders] for i in range(senders)]))
    return count / (time.perf_counter() - start)


def reads(backend: str, client, rng: random.Random, agency_ids: list[int], reader: str) -> None:
    """p95 of filtered lists and of single complaint reads, one request at a time."""
    for params in list_queries(rng, agency_ids)[:20]:  # warm caches and the plan cache
        client.get("/complaints", params=params)
    lists = [timed(client.get, "/complaints", params=p) for p in list_queries(rng, agency_ids)]
    visible = [c["id"] for c in client.get("/complaints", params={"limit": 500}).json()["items"]]
    singles = [timed(client.get, f"/complaints/{rng.choice(visible)}") for _ in range(500)]
    for label, samples in (("filtered list", lists), ("single read  ", singles)):
        median = statistics.median(samples) * 1000
        line = f"p95 {p95(samples):6.1f} ms  (median {median:.1f} ms, {len(samples)} requests)"
        print(f"[{backend}] {label} as {reader}  {line}")


def run(backend: str, count: int, upload_count: int, upload_files: list[Path], same_process: bool) -> None:
    import httpx
    from fastapi.testclient import TestClient

    from api.config import get_settings
    from api.main import create_app

    url, drop = make_database(backend)
    os.environ["SUARA_DATABASE_URL"] = url
    get_settings.cache_clear()
    try:
        start = time.perf_counter()
        ids = seed(url, count)
        print(f"[{backend}] seeded {len(ids):,} complaints in {time.perf_counter() - start:.1f} s")
        rng = random.Random(11)
        from sqlalchemy import select

        from api.agency.models import Agency
        from api.database import session_scope

        with session_scope(url) as db_session:
            agency_ids = list(db_session.scalars(select(Agency.id)))
        # A sysadmin sees everything; a province verifier's every query carries its jurisdiction filter.
        readers = [("sysadmin", bearer(url, "sysadmin")), ("verifier", bearer(url, "verifier", "prov-33"))]
        gateway = bearer(url, "operator", scopes=["intake:sms"])
        producer = bearer(url, "producer", scopes=["recordings:write"])
        app = create_app(get_settings()) if same_process else None
        server = LiveServer(app) if same_process else ServerProcess()
        with server as base:
            for reader, headers in readers:
                if same_process:
                    client = TestClient(app, headers=headers, base_url="http://testserver/api/v1")
                else:
                    client = httpx.Client(base_url=base, headers=headers, timeout=60)
                with client:
                    reads(backend, client, rng, agency_ids, reader)
            for senders in (4, 8):
                server_cpu = None if same_process else server.cpu_seconds()
                client_cpu = time.process_time()
                rate = intake(base, 2000, senders=senders, headers=gateway)
                line = f"[{backend}] text intake    {rate:6.0f} complaints/s (2,000 SMS, {senders} senders)"
                if server_cpu is not None:
                    server_ms = (server.cpu_seconds() - server_cpu) / 2000 * 1000
                    client_ms = (time.process_time() - client_cpu) / 2000 * 1000
                    line += f"; CPU per SMS: server {server_ms:.2f} ms, clients {client_ms:.2f} ms"
                print(line)
            ok, elapsed = uploads(base, upload_files, producer)
            print(
                f"[{backend}] {upload_count} concurrent 10 MB uploads: {ok}/{upload_count} in {elapsed:.1f} s"
            )
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument(
        "--same-process", action="store_true", help="server in a thread of the clients' process (older runs)"
    )
    args = parser.parse_args()
    try:
        backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
        for backend in backends:
            # Fresh bytes per backend, so the second run does not just find the first run's recordings.
            files = [wav(WORK / f"{backend}-{i}.wav", 104.0, i) for i in range(args.uploads)]
            run(backend, args.complaints, args.uploads, files, args.same_process)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
