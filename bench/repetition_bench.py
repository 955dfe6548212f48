"""Runaway repetition in Whisper: which deterministic re-decoding stops the loops, and what it costs.

    nice -n 10 .venv/bin/python bench/repetition_bench.py                 # tuning seeds
    nice -n 10 .venv/bin/python bench/repetition_bench.py --seeds 101,102 # held-out seeds

Cases are made with espeak-ng's Indonesian voice (every variant in turn), as whisper-base hears them
loop: long strings of spoken digits, one word said many times, a phrase said many times, and speech
over a synthesised music bed. Each strategy decodes every case; a segment that voice.repetition
calls a loop is decoded again on its own span with that strategy's settings. Printed per strategy:
segments still looping after it, segments cut down because every retry looped, word error rate
against the spoken text (digits written as numerals count as errors), and decoding seconds.
"off" is the engine without the guard.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice.engines import whisper  # noqa: E402
from voice.repetition import is_repetitive, tokens  # noqa: E402

DIGITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
WORDS = ["tolong", "halo", "iya", "betul", "jalan rusak", "air mati", "terima kasih"]
VARIANTS = ["", "+m1", "+m3", "+m7", "+f1", "+f2", "+f4", "+klatt", "+croak", "+whisperf"]
VOICE_OVER = [
    "Selamat pagi pendengar setia, kembali lagi bersama kami di acara suara warga.",
    "Terima kasih sudah mendengarkan, jangan lupa hubungi kami di nomor kosong delapan satu dua.",
    "Hari ini kita membahas jalan rusak dan lampu jalan yang mati di kabupaten kita.",
]
STRATEGIES: dict[str, tuple[dict, ...] | None] = {
    "off": None,
    "span only": ({},),
    "penalty 1.1": ({"repetition_penalty": 1.1},),
    "penalty 1.3": ({"repetition_penalty": 1.3},),
    "penalty 1.6": ({"repetition_penalty": 1.6},),
    "no-repeat 3": ({"no_repeat_ngram_size": 3},),
    "no-repeat 4 + penalty 1.3": ({"repetition_penalty": 1.3, "no_repeat_ngram_size": 4},),
    "digit prompt": ({"initial_prompt": whisper.DIGIT_PROMPTS["id"]},),
    "engine default": whisper.RETRIES,
}


def run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


CHORDS = [("C3", "E3", "G3"), ("A2", "C3", "E3"), ("F2", "A2", "C3")]


def music_bed(path: Path, seconds: str, notes: tuple[str, ...]) -> Path:
    """A synthesised music bed (plucked chord with tremolo) of `seconds`, 16 kHz mono."""
    synth = [x for note in notes for x in ("pluck", note)]
    run("sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(path), "synth", seconds,
        *synth, "tremolo", "4", "60", "vol", "0.5")  # fmt: skip
    return path


def make_cases(seed: int, work: Path) -> list[tuple[str, Path, str]]:
    """(kind, wav, spoken text) for one seed: three digit strings, two repeats, one voice-over."""
    rng = random.Random(seed)
    cases = []
    for _ in range(3):
        cases.append(("digits", " ".join(rng.choice(DIGITS) for _ in range(rng.choice([12, 16, 24, 40])))))
    for _ in range(2):
        word = rng.choice(WORDS)
        cases.append(("repeat", " ".join([word] * rng.randint(10, 30))))
    cases.append(("voice-over", rng.choice(VOICE_OVER)))
    out = []
    for n, (kind, text) in enumerate(cases):
        voice = "id" + rng.choice(VARIANTS)
        raw, wav = work / f"{seed}-{n}.raw.wav", work / f"{seed}-{n}.wav"
        run("espeak-ng", "-v", voice, "-s", str(rng.randint(120, 175)), "-w", str(raw), text)
        run("sox", "-R", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav))
        if kind == "voice-over":
            seconds = float(subprocess.run(["soxi", "-D", str(wav)], capture_output=True, text=True).stdout)
            bed = work / f"{seed}-{n}.bed.wav"
            music_bed(bed, str(seconds + 3), rng.choice(CHORDS))
            mixed = work / f"{seed}-{n}.mix.wav"
            run("sox", "-R", "-m", str(bed), str(wav), str(mixed))
            wav = mixed
        out.append((kind, wav, text))
    return out


def load_audio(path: Path) -> np.ndarray:
    from voice.audio import decode_pcm

    return np.frombuffer(b"".join(decode_pcm(path, sample_rate=16000)), "<i2").astype(np.float32) / 32768


def _wer(ref: str, hyp: str) -> tuple[int, int]:
    import jiwer

    r, h = " ".join(tokens(ref)), " ".join(tokens(hyp))
    if not h:
        return len(r.split()), len(r.split())
    out = jiwer.process_words(r, h)
    return out.substitutions + out.deletions + out.insertions, len(r.split())


def decode(engine: whisper.WhisperEngine, audio: np.ndarray, retries: tuple[dict, ...] | None) -> list:
    if retries is None:
        return [seg for seg, _ in engine._decode(audio, offset=0.0, channel=None)]
    saved = whisper.RETRIES
    whisper.RETRIES = retries
    try:
        return engine.transcribe_array(audio)
    finally:
        whisper.RETRIES = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated case seeds")
    parser.add_argument("--strategies", default=",".join(STRATEGIES))
    args = parser.parse_args()
    engine = whisper.WhisperEngine(REPO / "models" / "whisper" / "whisper-base", language="id", cpu_threads=2)
    with tempfile.TemporaryDirectory() as tmp:
        cases = [c for s in args.seeds.split(",") for c in make_cases(int(s), Path(tmp))]
        audios = [(kind, load_audio(wav), text) for kind, wav, text in cases]
    print(f"{len(audios)} cases, seeds {args.seeds}")
    print(
        f"{'strategy':<28}{'loops left':>11}{'cut down':>9}{'WER digits':>11}{'WER repeat':>11}"
        f"{'WER v-over':>11}{'sec':>7}"
    )
    cuts = [0]
    collapse = whisper.collapse_runs

    def counted(words: list[str]) -> list[int]:  # the last resort: every retry still looped
        cuts[0] += 1
        return collapse(words)

    whisper.collapse_runs = counted
    for name in args.strategies.split(","):
        cuts[0] = 0
        errors: dict[str, list[int]] = {}
        loops, start = 0, time.perf_counter()
        for kind, audio, text in audios:
            segments = decode(engine, audio, STRATEGIES[name])
            loops += sum(is_repetitive(s.text, s.end - s.start + 0.4) for s in segments)
            e, n = _wer(text, " ".join(s.text for s in segments))
            errors.setdefault(kind, [0, 0])
            errors[kind][0] += e
            errors[kind][1] += n
        wer = {k: f"{e / n:.1%}" for k, (e, n) in errors.items()}
        print(
            f"{name:<28}{loops:>11}{cuts[0]:>9}{wer['digits']:>11}{wer['repeat']:>11}{wer['voice-over']:>11}"
            f"{time.perf_counter() - start:>7.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
