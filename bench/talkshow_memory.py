"""Where a talkshow's memory goes: resident memory sampled through each phase of one run.

    .venv/bin/python bench/talkshow_memory.py bench/out/talkshow-120.wav --workers 2
    .venv/bin/python bench/talkshow_memory.py bench/out/talkshow-15.wav --workers 2 --json out.json

One process, one show: a thread reads the resident set (/proc/self/statm) every `--interval` seconds
and keeps the peak and the median of each phase — prepare (speech scan, band, model load, which
overlap), decode (in tenths of its progress), label (speakers named) — next to glibc's own account of its heap
(mallinfo2: bytes in use against bytes held), so that memory the program still uses can be told
from memory the allocator keeps after it was freed. ru_maxrss at the end is the figure
bench/talkshow_bench.py reports. At the highest sample each thread's three innermost Python frames are
kept: what was running when the memory peaked (native threads without Python frames are not seen).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import statistics
import sys
import threading
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in [
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        ]
    ]


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        return libc
    except (OSError, AttributeError):  # not glibc, or older than 2.33
        return None


LIBC = _libc()


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE_MB


def heap_mb() -> dict[str, float]:
    """glibc heap: held from the system (sbrk arenas + mmapped blocks) and actually in use."""
    if LIBC is None:
        return {}
    info = LIBC.mallinfo2()
    mb = 2**20
    return {
        "heap_held": round((info.arena + info.hblkhd) / mb, 1),
        "heap_used": round((info.uordblks + info.hblkhd) / mb, 1),
        "heap_free": round(info.fordblks / mb, 1),
    }


def _where(frame: traceback.FrameSummary) -> str:
    path = Path(frame.filename)
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path.name
    return f"{frame.name} at {shown}:{frame.lineno}"


def _what_threads_do() -> dict[str, list[str]]:
    """Each other thread's three innermost Python frames: where a peak came from."""
    names = {t.ident: t.name for t in threading.enumerate()}
    return {
        names.get(ident, str(ident)): [_where(f) for f in traceback.extract_stack(frame)[-3:]]
        for ident, frame in sys._current_frames().items()
        if ident != threading.get_ident()
    }


class Sampler:
    """Peak resident memory per phase, sampled from a thread."""

    def __init__(self, interval: float) -> None:
        self.interval, self.phase = interval, "start"
        self.peaks: dict[str, float] = {}
        self.samples: dict[str, list[float]] = {}
        self.order: list[str] = []
        self.top, self.top_at = 0.0, {}  # the highest sample, and what each thread was doing then
        self.begun = time.perf_counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def enter(self, phase: str) -> None:
        self.sample()
        self.phase = phase
        if phase not in self.peaks:
            self.order.append(phase)
        self.sample()

    def sample(self) -> None:
        rss = rss_mb()
        self.peaks[self.phase] = max(self.peaks.get(self.phase, 0.0), rss)
        self.samples.setdefault(self.phase, []).append(rss)
        if rss > self.top:
            elapsed = round(time.perf_counter() - self.begun, 1)
            self.top, self.top_at = rss, {"s": elapsed, "phase": self.phase, "threads": _what_threads_do()}

    def median(self, phase: str) -> float:
        """The phase's typical resident memory: its peak less the brief spikes of one decode's buffers."""
        return statistics.median(self.samples[phase])

    def _run(self) -> None:
        while not self.stop.wait(self.interval):
            self.sample()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("audio", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--language", default="ko")
    parser.add_argument("--embedder", default="auto", choices=["auto", "dvector", "xvector", "none"])
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--groups", type=int, help="force this many recognizer groups (exploration)")
    parser.add_argument("--trim", action="store_true", help="malloc_trim after every group (exploration)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from voice import longform
    from voice.heap import arena_count
    from voice.longform import SCAN_SHARE
    from voice.talkshow import decode_talkshow, talkshow_transcript

    if args.groups:
        longform.group_count = lambda chunks, **_: min(len(chunks), args.groups)
    if args.trim:
        attempt = longform._Run._attempt

        def trimmed(self, items):  # type: ignore[no-untyped-def]
            try:
                return attempt(self, items)
            finally:
                LIBC.malloc_trim(0)

        longform._Run._attempt = trimmed
    sampler = Sampler(args.interval)
    sampler.thread.start()
    marks: list[dict] = []
    begun = time.perf_counter()

    def mark(name: str) -> None:
        marks.append({"at": name, "rss": round(rss_mb(), 1), **heap_mb()})
        print(f"{time.perf_counter() - begun:7.0f} s  {marks[-1]}", flush=True)  # partial runs tell too

    mark("start")
    sampler.enter("prepare")
    tenth = [0]

    def progress(fraction: float) -> None:
        if fraction <= SCAN_SHARE:
            return
        step = min(10, int((fraction - SCAN_SHARE) / (1 - SCAN_SHARE) * 10) + 1)
        if step != tenth[0]:
            mark("prepared" if tenth[0] == 0 else f"{tenth[0] * 10}%")
            tenth[0] = step
            sampler.enter(f"decode {step * 10 - 10}-{step * 10}%")

    started = time.perf_counter()
    decoded = decode_talkshow(
        args.audio, language=args.language, models_dir=REPO / "models", workers=args.workers,
        progress=progress, embedder=args.embedder,
    )  # fmt: skip
    decode_wall = time.perf_counter() - started
    mark("decoded")
    sampler.enter("label")
    transcript = talkshow_transcript(decoded, language=args.language)
    mark("labelled")
    sampler.enter("end")
    sampler.stop.set()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = decoded.result
    figures = {
        "audio": str(args.audio),
        "workers": args.workers,
        "embedder": args.embedder,
        "duration_s": result.duration,
        "speech_s": round(sum(c.length for c in result.chunks), 1),
        "chunks": len(result.chunks),
        "groups": result.groups,
        "segments": len(transcript.segments),
        "decode_wall_s": round(decode_wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "ru_maxrss_mb": round(usage.ru_maxrss / 1024, 1),
        "load": [round(x, 1) for x in os.getloadavg()],
        "malloc_arenas": arena_count(),  # the sampler's thread has one of its own
        "peak_rss_by_phase": {p: round(sampler.peaks[p], 1) for p in sampler.order},
        "median_rss_by_phase": {p: round(sampler.median(p), 1) for p in sampler.order},
        "marks": marks,
        "highest_sample": {"rss": sampler.top, **sampler.top_at},
    }
    for name in ("audio", "workers", "embedder", "duration_s", "speech_s", "chunks", "groups", "segments"):
        print(f"{name}: {figures[name]}")
    print(f"decode wall {figures['decode_wall_s']} s, CPU {figures['cpu_s']} s, load {figures['load']}")
    print(f"peak RSS (ru_maxrss): {figures['ru_maxrss_mb']:.0f} MB, malloc arenas {figures['malloc_arenas']}")
    for phase, peak in figures["peak_rss_by_phase"].items():
        print(f"  {phase:<16} peak {peak:8.1f} MB  median {figures['median_rss_by_phase'][phase]:8.1f} MB")
    top = figures["highest_sample"]
    print(f"highest sample {top['rss']:.1f} MB at {top['s']} s ({top['phase']}); the threads then:")
    for name, frames in top["threads"].items():
        print(f"  {name}: {' < '.join(reversed(frames)) or '(no Python frame)'}")
    for m in marks:
        heap = "  ".join(f"{k} {v:.0f}" for k, v in m.items() if k.startswith("heap"))
        print(f"  at {m['at']:<10} RSS {m['rss']:8.1f} MB  {heap}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
