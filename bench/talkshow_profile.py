"""Where the Vosk talkshow path's CPU goes: phases, per-chunk recognizer calls, worker timelines.

    PYTHONPATH=$PWD .venv/bin/python bench/talkshow_profile.py bench/out/talkshow-15.wav --workers 2
    PYTHONPATH=$PWD .venv/bin/python bench/talkshow_profile.py bench/out/talkshow-15.wav --json out.json
    ... --min-group 360   # larger recognizer groups (fewer warm-ups), for A/B against the default
    ... --stride 80       # d-vector windows that do not overlap, for A/B against the default

One process, one show, through `voice.talkshow.decode_talkshow` and `talkshow_transcript` as the
bench runs them. The recognizer calls of every chunk are timed in the thread's own CPU clock
(`time.thread_time`: Vosk decodes in the calling thread): recognizer creation, AcceptWaveform,
the Result() at each endpoint, FinalResult() and Reset(); so is the d-vector embedder (on its own
thread), each worker's thread CPU and each group's wall span on its worker. The words are written
to `--words` so that two versions of the code can be compared word for word.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RECORDS: list[dict] = []
EMBEDS: list[float] = []
THREADS: list[tuple[str, float]] = []
LOCK = threading.Lock()


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _instrument() -> None:
    """Wrap the recognizer's calls and the embedder with thread-CPU timers (no change to what runs)."""
    from voice import dvector, longform
    from voice.engines import vosk as vosk_engine

    class Timed:
        """A KaldiRecognizer stand-in that forwards every call and adds up its thread CPU."""

        def __init__(self, inner, cost: dict) -> None:
            self._inner, self.cost = inner, cost

        def __getattr__(self, name):
            method = getattr(self._inner, name)

            def call(*args):
                t = time.thread_time()
                out = method(*args)
                key = "accept" if name == "AcceptWaveform" else name
                self.cost[key] = self.cost.get(key, 0.0) + time.thread_time() - t
                self.cost[f"n_{key}"] = self.cost.get(f"n_{key}", 0) + 1
                if key == "accept":
                    self.cost["audio"] = self.cost.get("audio", 0.0) + len(args[0]) / 32000
                return out

            return call

    original_new = vosk_engine.VoskEngine.new_recognizer

    def new_recognizer(self):
        t = time.thread_time()
        rec = original_new(self)
        cost = {"create": time.thread_time() - t}
        return Timed(rec, cost)

    vosk_engine.VoskEngine.new_recognizer = new_recognizer

    original_decode = vosk_engine.VoskChunkDecoder.decode
    serials: dict[int, int] = {}

    def _serial(decoder) -> int:
        """A number per recognizer (object ids are reused once one is freed)."""
        if not hasattr(decoder, "_profile_serial"):
            decoder._profile_serial = len(serials)
            serials[id(decoder)] = decoder._profile_serial
        return decoder._profile_serial

    def decode(self, pieces, *, offset):
        rec = self._recognizer
        before = dict(rec.cost)
        rec.cost.clear()
        t, w = time.thread_time(), time.perf_counter()
        out = original_decode(self, pieces, offset=offset)
        row = {
            "thread": threading.current_thread().name,
            "offset": offset,
            "decoder": _serial(self),
            "cpu": time.thread_time() - t,
            "wall0": w,
            "wall1": time.perf_counter(),
            "segments": len(out),
            **rec.cost,
        }
        rec.cost.clear()
        if "create" in before:
            row["create"] = before["create"]
        with LOCK:
            RECORDS.append(row)
        return out

    vosk_engine.VoskChunkDecoder.decode = decode

    original_embed = dvector.DVectorEmbedder._embed

    def embed(self, samples):
        t = time.thread_time()
        out = original_embed(self, samples)
        with LOCK:
            EMBEDS.append(time.thread_time() - t)
        return out

    dvector.DVectorEmbedder._embed = embed

    original_attempt = longform._Run._attempt

    def attempt(self, items, *args):
        t = time.perf_counter()
        ok = original_attempt(self, items, *args)
        with LOCK:
            RECORDS.append(
                {
                    "group": items[0][0].index,
                    "thread": threading.current_thread().name,
                    "wall0": t,
                    "wall1": time.perf_counter(),
                    "seconds": sum(c.length for c, _ in items),
                    "chunks": len(items),
                }
            )
        return ok

    longform._Run._attempt = attempt

    for name in ("produce", "work"):
        original = getattr(longform._Run, name)

        def timed(self, *args, _original=original, _name=name):
            t = time.thread_time()
            try:
                return _original(self, *args)
            finally:
                with LOCK:
                    THREADS.append((f"{_name} {threading.current_thread().name}", time.thread_time() - t))

        setattr(longform._Run, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("audio", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write every record here")
    parser.add_argument("--words", type=Path, help="write the transcript (segments, bands, speakers) here")
    parser.add_argument(
        "--min-group", type=float, help="least speech per recognizer group, s (default: warm_seconds)"
    )
    parser.add_argument("--stride", type=int, help="d-vector window stride, frames")
    args = parser.parse_args()
    _instrument()
    if args.stride is not None:
        from voice import dvector

        dvector.STRIDE_FRAMES = args.stride
    if args.min_group is not None:
        from voice.engines.vosk import VoskEngine

        VoskEngine.warm_seconds = args.min_group
    from voice.talkshow import decode_talkshow, talkshow_transcript

    marks: dict[str, tuple[float, float]] = {}
    start_wall, start_cpu = time.perf_counter(), _cpu()
    decoded = decode_talkshow(args.audio, language="ko", models_dir=REPO / "models", workers=args.workers)
    marks["decode_talkshow"] = (time.perf_counter() - start_wall, _cpu() - start_cpu)
    t, c = time.perf_counter(), _cpu()
    transcript = talkshow_transcript(decoded, language="ko")
    marks["label"] = (time.perf_counter() - t, _cpu() - c)
    marks["total"] = (time.perf_counter() - start_wall, _cpu() - start_cpu)
    if args.words:
        args.words.write_text(transcript.to_json())

    chunks = [r for r in RECORDS if "cpu" in r]
    groups = sorted((r for r in RECORDS if "group" in r), key=lambda r: r["wall0"])
    first_decode = min(r["wall0"] for r in chunks)
    totals: dict[str, float] = defaultdict(float)
    for r in chunks:
        for key in ("cpu", "create", "accept", "Result", "FinalResult", "Reset"):
            totals[key] += r.get(key, 0.0)
        totals["n_Result"] += r.get("n_Result", 0)
    by_decoder: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for r in sorted(chunks, key=lambda r: r["wall0"]):
        by_decoder[r["thread"], r["decoder"]].append(r)
    print(f"chunks {len(chunks)}, groups {len(groups)}, segments {sum(r['segments'] for r in chunks)}")
    for name, (wall, cpu) in marks.items():
        print(f"{name:<16} wall {wall:7.1f} s  CPU {cpu:7.1f} s")
    print(f"decode starts {first_decode - start_wall:.1f} s after the start")
    print(
        "recognizer CPU: "
        + ", ".join(f"{k} {v:.1f}" for k, v in totals.items() if not k.startswith("n_"))
        + f" s; Result() calls {int(totals['n_Result'])}"
    )
    print(f"embedder: {len(EMBEDS)} calls, {sum(EMBEDS):.1f} CPU-s")
    print("threads (CPU-s): " + ", ".join(f"{n} {c:.1f}" for n, c in THREADS))
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    ffmpeg = kids.ru_utime + kids.ru_stime
    print(f"user {own.ru_utime:.1f} s, system {own.ru_stime:.1f} s, children (ffmpeg) {ffmpeg:.1f} s")
    for g in groups:
        span = f"{g['wall0'] - start_wall:.1f}-{g['wall1'] - start_wall:.1f} s"
        print(
            f"group at chunk {g['group']:>3} on {g['thread']}: {g['chunks']} chunks,"
            f" {g['seconds']:.0f} s speech, wall {span}"
        )
    print("per recognizer: CPU-s per speech second of its chunks, by position (each tenth of its chunks)")
    for rows in by_decoder.values():
        tenth = max(1, len(rows) // 10)
        parts = []
        for i in range(0, len(rows), tenth):
            part = rows[i : i + tenth]
            cpu, audio = sum(r["cpu"] for r in part), sum(r.get("audio", 0.0) for r in part)
            parts.append(f"{cpu / max(audio, 1e-9):.3f}")
        print(f"  {len(rows)} chunks, CPU {sum(r['cpu'] for r in rows):.1f} s: {' '.join(parts)}")
    if args.json:
        args.json.write_text(json.dumps({"marks": marks, "records": RECORDS, "embeds": EMBEDS}, indent=1))


if __name__ == "__main__":
    main()
