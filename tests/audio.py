"""Real audio made at test time with espeak-ng, sox and ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

KO_SENTENCE = "안녕하세요 저는 서울에 살고 있습니다 오늘 도로가 많이 파손되었습니다"
ID_SENTENCE = "Selamat pagi, saya mau melaporkan jalan rusak di desa kami. Sudah tiga bulan tidak diperbaiki."


def run(*cmd: str) -> None:
    """Run a tool; sox runs with -R so its dither is seeded alike and the same audio comes out on
    every run (otherwise a test's input, and so its outcome, would vary from run to run)."""
    if cmd and cmd[0] == "sox":
        cmd = ("sox", "-R", *cmd[1:])
    subprocess.run(cmd, check=True, capture_output=True)


def speak(text: str, path: Path, *, voice: str = "ko", speed: int = 150, rate: int = 16000) -> Path:
    """Speak `text` with espeak-ng and resample it to a mono WAV at `rate`."""
    raw = path.with_suffix(".espeak.wav")
    run("espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text)
    run("sox", str(raw), "-r", str(rate), "-c", "1", "-b", "16", str(path))
    raw.unlink()
    return path


def silence(path: Path, seconds: float, *, rate: int = 16000) -> Path:
    run("sox", "-n", "-r", str(rate), "-c", "1", "-b", "16", str(path), "trim", "0", str(seconds))
    return path


def convert(src: Path, dst: Path, *args: str) -> Path:
    run("ffmpeg", "-nostdin", "-y", "-v", "error", "-i", str(src), *args, str(dst))
    return dst


def telephone_line(src: Path, out: Path, *, rate: int) -> Path:
    """Pass speech through a phone channel (300-3400 Hz, 8 kHz, GSM), then back to `rate`.

    Shared by the talkshow tests and bench/talkshow_build.py, so both simulate the same line.
    """
    narrow, coded = out.with_suffix(".narrow.wav"), out.with_suffix(".gsm")
    run("sox", str(src), "-r", "8000", "-c", "1", "-b", "16", str(narrow), "sinc", "300-3400")
    run(
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-i",
        str(narrow),
        "-c:a",
        "libgsm",
        "-ar",
        "8000",
        "-f",
        "gsm",
        str(coded),
    )
    run(
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-f",
        "gsm",
        "-ar",
        "8000",
        "-i",
        str(coded),
        "-ar",
        str(rate),
        str(out),
    )
    return out
