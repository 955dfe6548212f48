"""Build a synthetic radio talkshow with ground truth: host in the studio, callers on the phone line.

    .venv/bin/python bench/talkshow_build.py --minutes 15 --out bench/out/talkshow-15.wav
    .venv/bin/python bench/talkshow_build.py --minutes 120 --out bench/out/talkshow-120.wav

The host speaks at full band (espeak-ng Korean, since the installed Vosk model is Korean); callers are
other espeak-ng voices passed through a telephone channel (band-pass 300-3400 Hz, 8 kHz, GSM 06.10
codec through ffmpeg, back up to the show's rate). Music beds (synthesised chords) sit between calls,
a faint hiss runs under everything, and one caller calls twice. Audio is written as it is made, so a
two-hour show needs no more memory than a short one. Next to the WAV goes <name>.truth.json: every
utterance with speaker, band, start, end and text, and every music bed.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.audio import telephone_line

RATE = 22050
HISS = 0.0006

SENTENCES = [
    "안녕하세요 저는 서울에 살고 있습니다",
    "오늘 우리 동네 도로가 많이 파손되었습니다",
    "가로등이 고장나서 밤에 너무 어둡습니다",
    "쓰레기 수거가 일주일 동안 되지 않았습니다",
    "버스가 너무 늦게 와서 출근이 어렵습니다",
    "수도에서 녹물이 나와서 걱정입니다",
    "학교 앞 횡단보도에 신호등이 필요합니다",
    "공원에 있는 놀이터가 위험합니다",
    "병원 예약이 너무 어렵습니다",
    "전기 요금이 갑자기 많이 올랐습니다",
    "시장 주변에 주차 문제가 심각합니다",
    "비가 오면 골목길이 물에 잠깁니다",
    "다리 위에 큰 구멍이 생겼습니다",
    "마을 회관 지붕이 새고 있습니다",
    "공무원이 전화를 받지 않습니다",
    "민원을 넣었는데 답이 없습니다",
    "언제 고쳐 주실 수 있습니까",
    "빨리 해결해 주시면 감사하겠습니다",
    "제 전화번호는 공일공 일이삼사 오육칠팔 입니다",
    "주소는 중앙로 십이번길 입니다",
]
HOST_LINES = [
    "네 청취자 여러분 안녕하십니까 시민의 목소리 시간입니다",
    "오늘도 여러분의 민원을 전화로 받겠습니다",
    "다음 청취자 연결하겠습니다 말씀하세요",
    "네 잘 들었습니다 담당 기관에 바로 전달하겠습니다",
    "전화 주셔서 감사합니다",
    "그 문제는 언제부터 있었습니까",
    "어느 동네에 사시는지 말씀해 주시겠습니까",
    "네 알겠습니다 계속 말씀하세요",
    "잠시 음악 듣고 다시 오겠습니다",
    "시청 담당자와 확인해 보겠습니다",
]


@dataclass(frozen=True)
class Voice:
    name: str
    espeak: str
    pitch: int
    speed: int
    phone: bool


HOST = Voice("host", "ko+m3", 40, 165, False)
CALLERS = [
    Voice("caller-A", "ko+f2", 65, 150, True),
    Voice("caller-B", "ko+m1", 30, 140, True),
    Voice("caller-C", "ko+f4", 80, 170, True),
    Voice("caller-D", "ko+m7", 50, 155, True),
    Voice("caller-E", "ko+f1", 55, 145, True),
]


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path)) as fh:
        assert fh.getframerate() == RATE and fh.getnchannels() == 1
        return np.frombuffer(fh.readframes(fh.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


class Synth:
    """espeak-ng utterances, through the phone channel for callers; cached per (voice, text)."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.cache: dict[tuple[str, str], np.ndarray] = {}

    def say(self, voice: Voice, text: str) -> np.ndarray:
        key = (voice.name, text)
        if key not in self.cache:
            self.cache[key] = self._make(voice, text)
        return self.cache[key]

    def _make(self, voice: Voice, text: str) -> np.ndarray:
        raw, out = self.work / "raw.wav", self.work / "out.wav"
        _run(
            "espeak-ng",
            "-v",
            voice.espeak,
            "-p",
            str(voice.pitch),
            "-s",
            str(voice.speed),
            "-w",
            str(raw),
            text,
        )
        if voice.phone:
            telephone_line(raw, out, rate=RATE)
        else:
            _run("sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out))
        audio = _read(out)
        loud = np.flatnonzero(np.abs(audio) > 0.02)
        audio = audio[loud[0] : loud[-1] + 1] if len(loud) else audio
        return audio * (0.5 / max(float(np.abs(audio).max()), 1e-6))


def music(seconds: float, rng: random.Random) -> np.ndarray:
    """A jingle: triads with a few harmonics, a chord every beat pair, soft hi-hat ticks."""
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    out = np.zeros(n, dtype=np.float32)
    beat = 60.0 / rng.choice([96, 110, 120])
    roots = [rng.choice([196.0, 220.0, 246.9, 261.6, 293.7]) for _ in range(int(seconds / (2 * beat)) + 1)]
    for k, root in enumerate(roots):
        a, b = int(k * 2 * beat * RATE), min(n, int((k + 1) * 2 * beat * RATE))
        if a >= n:
            break
        seg = t[a:b] - t[a]
        env = np.minimum(1.0, seg * 20) * np.exp(-seg * 0.8)
        for ratio in (1.0, 1.26, 1.5):
            for h, amp in ((1, 1.0), (2, 0.4), (3, 0.2)):
                out[a:b] += (amp * env * np.sin(2 * np.pi * root * ratio * h * seg)).astype(np.float32)
    noise = np.random.default_rng(rng.randrange(1 << 30)).standard_normal(n).astype(np.float32)
    ticks = np.zeros(n, dtype=np.float32)
    for k in range(int(seconds / beat)):
        a = int(k * beat * RATE)
        ticks[a : a + int(0.03 * RATE)] = 1.0
    out = out / max(float(np.abs(out).max()), 1e-6) * 0.35 + 0.03 * noise * ticks
    fade = min(n // 4, int(0.5 * RATE))
    out[:fade] *= np.linspace(0, 1, fade)
    out[n - fade :] *= np.linspace(1, 0, fade)
    return out


class Show:
    """Writes the mix as it goes and records the ground truth."""

    def __init__(self, path: Path, seed: int) -> None:
        self.fh = wave.open(str(path), "wb")  # noqa: SIM115 (closed by close())
        self.fh.setnchannels(1)
        self.fh.setsampwidth(2)
        self.fh.setframerate(RATE)
        self.samples = 0
        self.noise = np.random.default_rng(seed)
        self.turns: list[dict] = []
        self.music: list[dict] = []

    @property
    def seconds(self) -> float:
        return self.samples / RATE

    def write(self, audio: np.ndarray) -> None:
        mixed = audio + HISS * self.noise.standard_normal(len(audio)).astype(np.float32)
        self.fh.writeframes((np.clip(mixed, -1, 1) * 32767).astype("<i2").tobytes())
        self.samples += len(audio)

    def pause(self, seconds: float) -> None:
        self.write(np.zeros(int(seconds * RATE), dtype=np.float32))

    def speak(self, synth: Synth, voice: Voice, text: str) -> None:
        audio = synth.say(voice, text)
        start = self.seconds
        self.write(audio)
        band = "phone" if voice.phone else "studio"
        self.turns.append(
            {
                "start": round(start, 3),
                "end": round(self.seconds, 3),
                "speaker": voice.name,
                "band": band,
                "text": text,
            }
        )

    def jingle(self, seconds: float, rng: random.Random) -> None:
        start = self.seconds
        self.write(music(seconds, rng))
        self.music.append({"start": round(start, 3), "end": round(self.seconds, 3)})

    def close(self) -> None:
        self.fh.close()


def build(out: Path, *, minutes: float, seed: int = 7) -> dict:
    """Write the show and its truth file; returns the truth."""
    rng = random.Random(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    show = Show(out, seed)
    with tempfile.TemporaryDirectory() as tmp:
        synth = Synth(Path(tmp))
        target = minutes * 60
        show.pause(1.0)
        show.jingle(8.0, rng)
        show.pause(0.8)
        for line in HOST_LINES[:2]:
            show.speak(synth, HOST, line)
            show.pause(rng.uniform(0.5, 0.9))
        calls = 0
        while show.seconds < target:
            # Caller A calls again as the fourth call of every round of six: a repeat caller.
            caller = CALLERS[0] if calls % 6 == 3 else CALLERS[calls % len(CALLERS)]
            calls += 1
            show.speak(synth, HOST, HOST_LINES[2])
            show.pause(rng.uniform(0.6, 1.2))
            for k in range(rng.randint(3, 6)):
                show.speak(synth, caller, rng.choice(SENTENCES))
                show.pause(rng.uniform(0.5, 1.0))
                if k % 2 == 1:
                    show.speak(synth, HOST, rng.choice(HOST_LINES[5:8]))
                    show.pause(rng.uniform(0.5, 1.0))
            show.speak(synth, HOST, rng.choice(HOST_LINES[3:5]))
            show.pause(rng.uniform(0.6, 1.0))
            if calls % 2 == 0:
                show.speak(synth, HOST, HOST_LINES[8])
                show.pause(0.5)
                show.jingle(rng.uniform(6.0, 12.0), rng)
                show.pause(rng.uniform(2.0, 4.0))  # dead air before the host comes back
        show.speak(synth, HOST, HOST_LINES[4])
        show.pause(1.0)
        show.jingle(6.0, rng)
        show.close()
    truth = {
        "audio": out.name,
        "duration": round(show.seconds, 3),
        "rate": RATE,
        "turns": show.turns,
        "music": show.music,
        "speakers": sorted({t["speaker"] for t in show.turns}),
    }
    out.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--out", type=Path, default=Path("bench/out/talkshow-15.wav"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    truth = build(args.out, minutes=args.minutes, seed=args.seed)
    speech = sum(t["end"] - t["start"] for t in truth["turns"])
    print(
        f"{args.out}: {truth['duration'] / 60:.1f} min, {len(truth['turns'])} utterances, "
        f"{speech / truth['duration']:.0%} speech, speakers {', '.join(truth['speakers'])}"
    )


if __name__ == "__main__":
    main()
