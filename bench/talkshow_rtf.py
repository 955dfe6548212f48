"""Whisper path speed with 2 workers: one model replica on all cores against one replica per worker.

    .venv/bin/python bench/talkshow_build.py --language id --minutes 3 --seed 205 --mp3 64 \\
        --out bench/out/tune-id-205.wav
    PYTHONPATH=$PWD nice -n 10 .venv/bin/python bench/talkshow_rtf.py bench/out/tune-id-205.mp3

faster-whisper's WhisperModel decodes one call at a time per replica (`num_workers`, default 1), so
with setting A the talkshow path's two workers queue on one replica, each decode using the cores
through CTranslate2's own threads (`cpu_threads=0`; the talkshow path's setting until session 9).
Setting B gives each worker its own replica on one thread (`voice.engines.whisper.parallel_setting`,
the talkshow path's setting since it measured 0.160 against 0.222 on a quiet machine). Each round
decodes the show the whole talkshow way (voice.talkshow.decode_talkshow, 2 workers: speech scan,
band, chunks, Whisper, speaker vectors) with both settings, in the order
A B B A so that a load change on the shared machine hits both; the load average is printed beside
every figure. Both models are loaded before the first timing. The words of every run are compared:
the setting must not change them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import voice.talkshow  # noqa: E402
from voice.engines.whisper import WhisperEngine, load_whisper_model  # noqa: E402
from voice.models import resolve_model  # noqa: E402

MODELS = REPO / "models"
SETTINGS = {"A one replica, cpu_threads=0": (1, 0), "B two replicas, cpu_threads=1": (2, 1)}


def decode(show: Path, language: str, num_workers: int, cpu_threads: int) -> tuple[float, list]:
    """Wall seconds of one talkshow decode with this Whisper setting, and its timed words."""

    def engine(chosen, *, models_dir: Path, language: str, parallel: int = 1) -> WhisperEngine:
        path = chosen.absolute_path(models_dir)
        return WhisperEngine(
            path, model_name=chosen.name, language=language, cpu_threads=cpu_threads, num_workers=num_workers
        )

    original = voice.talkshow.load_engine
    voice.talkshow.load_engine = engine  # only the Whisper setting differs between the runs
    try:
        start = time.perf_counter()
        decoded = voice.talkshow.decode_talkshow(
            show, language=language, models_dir=MODELS, workers=2, engine="whisper"
        )
        wall = time.perf_counter() - start
    finally:
        voice.talkshow.load_engine = original
    return wall, [(w.text, w.start, w.end) for s in decoded.result.segments for w in s.words]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("show", type=Path)
    parser.add_argument("--rounds", type=int, default=2, help="each round runs A B B A")
    args = parser.parse_args()
    truth = json.loads(args.show.with_suffix(".truth.json").read_text())
    language, duration = truth.get("language", "id"), truth["duration"]
    model = resolve_model(language=language, models_dir=MODELS, engine="whisper").absolute_path(MODELS)
    for num_workers, cpu_threads in SETTINGS.values():
        load_whisper_model(model, cpu_threads=cpu_threads, num_workers=num_workers)
    walls: dict[str, list[float]] = {name: [] for name in SETTINGS}
    words: dict[str, list] = {}
    order = [*SETTINGS, *reversed(SETTINGS)] * args.rounds
    for name in order:
        load = os.getloadavg()[0]
        wall, said = decode(args.show, language, *SETTINGS[name])
        walls[name].append(wall)
        same = words.setdefault(name, said) == said and said == next(iter(words.values()))
        print(
            f"{name}: wall {wall:.1f} s, RTF {wall / duration:.3f} (load {load:.1f} before, "
            f"{os.getloadavg()[0]:.1f} after); {len(said)} words, same as the first run: {same}",
            flush=True,
        )
    for name, runs in walls.items():
        median = statistics.median(runs)
        print(f"{name}: median RTF {median / duration:.3f} over {len(runs)} runs ({duration:.0f} s show)")


if __name__ == "__main__":
    main()
