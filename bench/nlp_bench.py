"""Measure the NLP pipeline: load time, resident memory after load, analyses per second on one core.

Run: .venv/bin/python bench/nlp_bench.py [--seconds 10] [--model models/nlp/suara-id]
Targets (issue 4): >= 200 analyses/s for ~300-character texts, load < 3 s, < 400 MB resident.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to measure throughput")
    parser.add_argument("--model", type=Path, default=None, help="trained pipeline folder")
    args = parser.parse_args()
    _one_core()
    rss_start = _rss_mb()
    started = time.perf_counter()
    import nlp

    nlp.warm_up(args.model)
    load_s = time.perf_counter() - started
    rss_loaded = _rss_mb()
    texts = _texts(2000)
    mean_len = sum(map(len, texts)) / len(texts)
    done = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        nlp.analyze(texts[done % len(texts)])
        done += 1
    elapsed = time.perf_counter() - t0
    print(f"pipeline load (import + load + first call): {load_s:.2f} s")
    print(f"RSS after load: {rss_loaded:.0f} MB (interpreter alone {rss_start:.0f} MB)")
    rate = done / elapsed
    print(f"throughput: {rate:.0f} analyses/s on one core ({done} texts, mean {mean_len:.0f} chars)")
    print(f"latency: {1000 * elapsed / done:.2f} ms per analysis; RSS after run {_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
