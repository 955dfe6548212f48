"""Measure the NLP pipeline: load time, resident memory after load, analyses per second on one core.

Run: taskset -c 1 .venv/bin/python bench/nlp_bench.py [--seconds 10] [--model DIR] [--real] [--once]
Targets (issues 4, 20): >= 200 analyses/s for ~300-character texts, load < 3 s, < 400 MB resident.
--real measures on the materialised real-dev texts instead (written complaints, longer; nlp/data/realdev).
--once analyses every distinct text once instead of cycling for --seconds (the first sight of each text).
The machine's load average is printed with the figures: on a shared machine the wall-clock figures are lower
bounds, and analyses per CPU-second (process time) is the closer estimate of a quiet core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _one_core() -> None:
    """Pin to one CPU and one BLAS thread, so the figure is per core."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _texts(n: int) -> list[str]:
    """~300-character complaints: dev-corpus texts when present (clean and ASR forms), else built ones."""
    dev = ROOT / "nlp" / "data" / "corpus" / "dev.jsonl"
    texts: list[str] = []
    if dev.is_file():
        for line in dev.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts += [row["text"], row.get("asr_text") or row["text"]]
    fill = (
        " tolong segera ditindaklanjuti pak, nomor saya nol delapan satu dua tiga empat lima enam tujuh"
        " delapan sembilan, saya warga desa sukamaju kecamatan cibungbulang kabupaten bogor"
        " rt nol tiga rw nol lima"
    )
    out = [(t + fill)[:300] if len(t) < 300 else t[:300] for t in texts] or [fill.strip()[:300]] * n
    random.Random(0).shuffle(out)
    return (out * (n // len(out) + 1))[:n]


def _real_texts(n: int) -> list[str]:
    """The real-dev complaints as written (run `python -m nlp.project.realdev materialise` first)."""
    from nlp.project import realdev

    texts = [e.text for e in realdev.load()]
    random.Random(0).shuffle(texts)
    return (texts * (n // len(texts) + 1))[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to measure throughput")
    parser.add_argument("--model", type=Path, default=None, help="trained pipeline folder")
    parser.add_argument("--real", action="store_true", help="real-dev texts instead of ~300-character ones")
    parser.add_argument(
        "--once", action="store_true", help="every distinct text once, then stop (no text is seen twice)"
    )
    args = parser.parse_args()
    _one_core()
    load_before = os.getloadavg()
    rss_start = _rss_mb()
    started = time.perf_counter()
    cpu_started = time.process_time()
    import nlp

    nlp.warm_up(args.model)
    load_s = time.perf_counter() - started
    load_cpu = time.process_time() - cpu_started
    rss_loaded = _rss_mb()
    texts = _real_texts(2000) if args.real else _texts(2000)
    if args.once:  # otherwise texts come round again, and what was cached for their words is warm
        texts = list(dict.fromkeys(_real_texts(10_000) if args.real else _texts(10_000)))
    mean_len = sum(map(len, texts)) / len(texts)
    done = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    while done < len(texts) if args.once else time.perf_counter() - t0 < args.seconds:
        nlp.analyze(texts[done % len(texts)])
        done += 1
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(f"pipeline load (import + load + first call): {load_s:.2f} s ({load_cpu:.2f} s of CPU)")
    print(f"RSS after load: {rss_loaded:.0f} MB (interpreter alone {rss_start:.0f} MB)")
    rate = done / elapsed
    print(f"throughput: {rate:.0f} analyses/s on one core ({done} texts, mean {mean_len:.0f} chars)")
    # On a shared machine the wall clock counts time other processes held the core; CPU time does not.
    print(f"per CPU-second: {done / max(cpu, 1e-9):.0f} analyses ({1000 * cpu / done:.2f} ms of CPU each)")
    print(f"latency: {1000 * elapsed / done:.2f} ms per analysis; RSS after run {_rss_mb():.0f} MB")
    after = os.getloadavg()
    print(
        f"CPU {sorted(os.sched_getaffinity(0))}; load average (1/5/15 min) before "
        + "/".join(f"{x:.2f}" for x in load_before)
        + ", after "
        + "/".join(f"{x:.2f}" for x in after)
    )


if __name__ == "__main__":
    main()
