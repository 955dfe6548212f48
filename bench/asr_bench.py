"""Measure each installed ASR model on this machine: load time, peak memory, real-time factor.

Each model runs in its own process so that peak RSS is its own. The audio is generated here:
espeak-ng sentences in the model's language, with pauses, concatenated to the requested length.

    .venv/bin/python bench/asr_bench.py --minutes 10
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SENTENCES = {
    "ko": [
        "안녕하세요 저는 서울에 살고 있습니다",
        "오늘 우리 동네 도로가 많이 파손되었습니다",
        "버스 정류장 근처에 쓰레기가 쌓여 있습니다",
        "전기가 세 시간 동안 끊겼습니다 빨리 고쳐 주세요",
    ],
    "id": [
        "Selamat pagi, saya mau melaporkan jalan rusak di desa kami.",
        "Sudah tiga bulan lampu jalan di dekat sekolah mati.",
        "Bantuan sosial untuk warga belum juga dibagikan oleh kantor desa.",
        "Air PDAM tidak mengalir sejak minggu lalu, tolong segera diperbaiki.",
    ],
}


def build_audio(language: str, minutes: float, out: Path) -> Path:
    """Concatenate spoken sentences with 0.7 s pauses until `minutes` is reached (mono 16 kHz)."""
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    parts = []
    voice = "ko" if language == "ko" else "id"
    for i, sentence in enumerate(SENTENCES[language]):
        part = out.parent / f"{language}_{i}.wav"
        raw = part.with_suffix(".raw.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), sentence], check=True)
        subprocess.run(
            ["sox", "-R", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part),
             "pad", "0", "0.7"],
            check=True,
        )  # fmt: skip
        parts.append(part)
    block = out.parent / f"{language}_block.wav"
    subprocess.run(["sox", "-R", *map(str, parts), str(block)], check=True)
    block_seconds = float(subprocess.run(["soxi", "-D", str(block)], capture_output=True, text=True).stdout)
    repeats = max(1, round(minutes * 60 / block_seconds))
    subprocess.run(["sox", "-R", *([str(block)] * repeats), str(out)], check=True)
    return out


def measure(model_name: str, language: str, audio: str) -> dict:
    """Runs inside a child process: load, transcribe, report."""
    from voice import models as store
    from voice.audio import probe
    from voice.transcribe import load_engine, transcribe_file

    models_dir = REPO / "models"
    model = store.get(model_name, models_dir=models_dir)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    load_engine(model, models_dir=models_dir, language=language)
    load_seconds = time.perf_counter() - started
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    duration = probe(audio).duration
    started = time.perf_counter()
    transcript = transcribe_file(audio, language=language, models_dir=models_dir, model=model_name)
    elapsed = time.perf_counter() - started
    return {
        "model": model_name,
        "engine": model.engine,
        "language": language,
        "audio_seconds": round(duration, 1),
        "load_seconds": round(load_seconds, 2),
        "rss_after_load_mb": round(rss_loaded / 1024, 0),
        "rss_base_mb": round(rss_before / 1024, 0),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
        "transcribe_seconds": round(elapsed, 1),
        "rtf": round(elapsed / duration, 3),
        "words": len(transcript.words),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--child", nargs=3, metavar=("MODEL", "LANG", "AUDIO"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return
    from voice import models as store

    out_dir = REPO / "bench" / "out"
    rows = []
    for model in store.list_models(models_dir=REPO / "models"):
        if model.engine not in ("vosk", "whisper"):
            continue
        language = model.language if model.engine == "vosk" else "id"
        audio = build_audio(language, args.minutes, out_dir / f"asr_{language}_{args.minutes:g}min.wav")
        child = subprocess.run(
            [sys.executable, __file__, "--child", model.name, language, str(audio)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    header = ("model", "engine", "language", "audio_seconds", "load_seconds", "rss_after_load_mb",
              "peak_rss_mb", "transcribe_seconds", "rtf", "words")  # fmt: skip
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(row[h]) for h in header))
    print("(one core per process is not enforced: Vosk decodes on one thread, CTranslate2 uses all cores)")


if __name__ == "__main__":
    main()
