"""Build a synthetic radio talkshow with ground truth: host in the studio, callers on the phone line.

    .venv/bin/python bench/talkshow_build.py --minutes 15 --out bench/out/talkshow-15.wav
    .venv/bin/python bench/talkshow_build.py --minutes 120 --out bench/out/talkshow-120.wav
    .venv/bin/python bench/talkshow_build.py --language id --minutes 8 --seed 101 --mp3 64 \
        --out bench/out/show-id-101.wav

Voices vary the way people do, as far as espeak-ng can be pushed (issue #18): every show draws its
host and callers from espeak-ng variants of the language's voice, each perturbed by sox (pitch
within 3 semitones, tempo within 10%, a peaking EQ, noise behind callers, room reverb for the
studio). Callers pass a real codec: G.711 mu-law, GSM 06.10 or AMR-NB at 8 kHz (after a gentle
300-3400 Hz filter), or G.722 at 16 kHz, the wideband line (AMR-WB reaches 7 kHz the same way; no
AMR-WB encoder is installable here). Turns run 5-60 s, music beds play between calls and, faint,
under some host turns; one caller calls twice. The Korean voice serves the Vosk path (the installed
Vosk model is Korean), the Indonesian one the Whisper path. Audio is written as it is made, so a
two-hour show needs no more memory than a short one; `--mp3 64|128` re-encodes it as the radio
archive would. Next to the audio goes <name>.truth.json: every utterance with speaker, band, line,
start, end and text, and every music bed.
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

KO_SENTENCES = [
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
KO_HOST_LINES = [
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


ID_SENTENCES = [
    "Selamat pagi pak, saya mau melaporkan jalan rusak di desa kami",
    "Jalannya berlubang besar dan sudah tiga bulan tidak diperbaiki",
    "Lampu jalan di gang kami mati sejak minggu lalu",
    "Sampah di pasar tidak diangkut sudah satu minggu",
    "Air PDAM di rumah kami keruh dan berbau",
    "Listrik sering padam setiap malam di kampung kami",
    "Saya tinggal di RT tiga RW lima kelurahan Sukamaju",
    "Anak saya belum dapat bantuan sekolah padahal sudah mendaftar",
    "Puskesmas di kecamatan kami sering tutup pada siang hari",
    "Jembatan di dekat sekolah sudah retak dan berbahaya",
    "Saluran air tersumbat sehingga jalan banjir kalau hujan",
    "Pengurusan KTP di kantor kecamatan sangat lama",
    "Ada pungutan liar waktu mengurus surat di kelurahan",
    "Bus kota sering terlambat dan penuh sekali",
    "Pohon besar di pinggir jalan hampir tumbang",
    "Tolong pemerintah segera memperbaiki jalan ini",
    "Kami sudah melapor ke kepala desa tetapi belum ada tanggapan",
    "Nomor telepon saya kosong delapan satu dua tiga empat lima enam tujuh",
    "Terima kasih atas waktunya pak",
    "Harga beras di pasar naik terus bulan ini",
    "Banyak warga mengeluh karena bau dari tempat pembuangan sampah",
    "Sekolah dasar di desa kami kekurangan guru",
]
ID_HOST_LINES = [
    "Selamat pagi pendengar setia, kembali lagi di acara suara warga",
    "Hari ini kami menerima keluhan Anda lewat telepon",
    "Penelepon berikutnya sudah tersambung, silakan bicara",
    "Baik, keluhan Anda kami catat dan kami teruskan ke dinas terkait",
    "Terima kasih sudah menelepon",
    "Sejak kapan masalah itu terjadi, Bu",
    "Di desa mana tepatnya, Pak",
    "Baik, silakan dilanjutkan",
    "Kita dengarkan lagu dulu, setelah ini kita kembali",
    "Kami akan menanyakan langsung kepada pemerintah kabupaten",
]
LANGUAGES = {"ko": ("ko", KO_SENTENCES, KO_HOST_LINES), "id": ("id", ID_SENTENCES, ID_HOST_LINES)}
VARIANTS = [
    "m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "klatt", "klatt2",
    "klatt3", "croak", "whisperf", "Andy", "Annie", "Denis", "Gene", "Lee", "Mario", "Michael",
    "Storm", "anika", "aunty", "belinda", "boris", "david", "edward", "grandma", "grandpa", "iven",
    "john", "linda", "max", "norbert", "paul", "rob", "robert", "steph", "travis", "victor", "zac",
]  # fmt: skip
LINES = ("mulaw", "gsm", "amrnb", "g722")  # telephone codecs; g722 is the wideband (16 kHz) line


@dataclass(frozen=True)
class Voice:
    """A person: an espeak-ng voice pushed by sox, and how they reach the show."""

    name: str
    espeak: str
    pitch: int  # espeak-ng -p
    speed: int  # espeak-ng -s
    semitones: float  # sox pitch shift
    tempo: float  # sox tempo factor
    eq: tuple[int, float]  # peaking EQ: centre Hz, gain dB
    line: str | None  # codec for callers, None in the studio
    reverb: int = 0  # studio room, sox reverberance %
    noise: float = 0.0  # background noise behind a caller, before the codec

    @property
    def band(self) -> str:
        return "studio" if self.line is None else "phone"


def make_voice(rng: random.Random, name: str, language: str, variant: str, line: str | None) -> Voice:
    return Voice(
        name=name,
        espeak=f"{language}+{variant}",
        pitch=rng.randint(25, 75),
        speed=rng.randint(130, 175),
        semitones=round(rng.uniform(-3, 3), 2),
        tempo=round(rng.uniform(0.9, 1.1), 3),
        eq=(rng.choice([250, 500, 1000, 2000, 3000]), round(rng.uniform(-6, 6), 1)),
        line=line,
        reverb=rng.randint(10, 50) if line is None else 0,
        noise=rng.uniform(0.002, 0.02) if line else 0.0,
    )


def cast(rng: random.Random, language: str, callers: int = 5) -> tuple[Voice, list[Voice]]:
    """The host and the callers of one show, each a different variant (so a different person)."""
    variants = rng.sample(VARIANTS, callers + 1)
    host = make_voice(rng, "host", language, variants[0], None)
    lines = [LINES[i % len(LINES)] for i in range(callers)]
    rng.shuffle(lines)
    people = [
        make_voice(rng, f"caller-{chr(65 + i)}", language, v, line)
        for i, (v, line) in enumerate(zip(variants[1:], lines, strict=True))
    ]
    return host, people


def _run(*cmd: str) -> None:
    if cmd and cmd[0] == "sox":
        cmd = ("sox", "-R", *cmd[1:])
    subprocess.run(cmd, check=True, capture_output=True)


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path)) as fh:
        assert fh.getframerate() == RATE and fh.getnchannels() == 1
        return np.frombuffer(fh.readframes(fh.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def phone_line(src: Path, out: Path, line: str, work: Path) -> None:
    """Pass speech through one telephone codec and back up to the show's rate."""
    if line == "gsm":
        telephone_line(src, out, rate=RATE)
        return
    if line == "g722":  # wideband: 50-7000 Hz at 16 kHz
        wide, coded = work / "wide.wav", work / "line.g722"
        _run("sox", str(src), "-r", "16000", "-c", "1", "-b", "16", str(wide), "sinc", "50-7000")
        _run("ffmpeg", "-v", "error", "-y", "-i", str(wide), "-c:a", "g722", "-ar", "16000", str(coded))
        _run("ffmpeg", "-v", "error", "-y", "-i", str(coded), "-ar", str(RATE), str(out))
        return
    narrow = work / "narrow.wav"  # a gentle filter before the channel: 3.4-4 kHz keeps some energy
    _run(
        "sox",
        str(src),
        "-r",
        "8000",
        "-c",
        "1",
        "-b",
        "16",
        str(narrow),
        "highpass",
        "300",
        "lowpass",
        "3400",
    )
    coded = work / ("line.ul.wav" if line == "mulaw" else "line.amr-nb")
    if line == "mulaw":
        _run("sox", str(narrow), "-e", "u-law", "-b", "8", str(coded))
    else:
        _run("sox", str(narrow), "-C", "7", str(coded))
    _run("sox", str(coded), "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed-integer", str(out))


class Synth:
    """espeak-ng utterances pushed into a person's voice and line; cached per (voice, text)."""

    def __init__(self, work: Path, seed: int) -> None:
        self.work = work
        self.cache: dict[tuple[str, str], np.ndarray] = {}
        self.noise = np.random.default_rng(seed + 1)

    def say(self, voice: Voice, text: str) -> np.ndarray:
        key = (voice.name, text)
        if key not in self.cache:
            self.cache[key] = self._make(voice, text)
        return self.cache[key]

    def _make(self, voice: Voice, text: str) -> np.ndarray:
        raw, shaped, out = self.work / "raw.wav", self.work / "shaped.wav", self.work / "out.wav"
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
        effects = ["pitch", str(int(voice.semitones * 100)), "tempo", "-s", str(voice.tempo)]
        effects += ["equalizer", str(voice.eq[0]), "1q", str(voice.eq[1])]
        if voice.reverb:
            effects += ["reverb", str(voice.reverb), "50", "40"]
        _run("sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(shaped), *effects, "norm", "-3")
        if voice.line is None:
            audio = _read(shaped)
        else:
            if voice.noise:  # the caller's room, heard through the line
                audio = _read(shaped)
                audio = audio + voice.noise * self.noise.standard_normal(len(audio)).astype(np.float32)
                _write(shaped, audio)
            phone_line(shaped, out, voice.line, self.work)
            audio = _read(out)
        loud = np.flatnonzero(np.abs(audio) > 0.02)
        audio = audio[loud[0] : loud[-1] + 1] if len(loud) else audio
        return audio * (0.5 / max(float(np.abs(audio).max()), 1e-6))


def _write(path: Path, audio: np.ndarray) -> None:
    with wave.open(str(path), "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(RATE)
        fh.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())


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

    def speak(self, synth: Synth, voice: Voice, text: str, *, bed: np.ndarray | None = None) -> None:
        """One utterance; `bed` is music played faintly under it (a bed under the host's talk)."""
        audio = synth.say(voice, text)
        if bed is not None:
            audio = audio + 0.12 * np.resize(bed, len(audio))
            self.music.append(
                {
                    "start": round(self.seconds, 3),
                    "end": round(self.seconds + len(audio) / RATE, 3),
                    "under": True,
                }
            )
        start = self.seconds
        self.write(audio)
        self.turns.append(
            {
                "start": round(start, 3),
                "end": round(self.seconds, 3),
                "speaker": voice.name,
                "band": voice.band,
                "line": voice.line or "studio",
                "text": text,
            }
        )

    def turn(
        self, synth: Synth, voice: Voice, lines: list[str], seconds: float, rng: random.Random, **kw
    ) -> None:
        """Utterances of one person until the turn lasts about `seconds` (at least one)."""
        start = self.seconds
        while True:
            self.speak(synth, voice, rng.choice(lines), **kw)
            if self.seconds - start >= seconds:
                return
            self.pause(rng.uniform(0.25, 0.6))

    def jingle(self, seconds: float, rng: random.Random) -> None:
        start = self.seconds
        self.write(music(seconds, rng))
        self.music.append({"start": round(start, 3), "end": round(self.seconds, 3)})

    def close(self) -> None:
        self.fh.close()


def _turn_seconds(rng: random.Random) -> float:
    """Turns of 5-60 s, most of them short, as in a call-in show."""
    return min(60.0, 5.0 + rng.expovariate(1 / 12))


def build(out: Path, *, minutes: float, seed: int = 7, language: str = "ko") -> dict:
    """Write the show and its truth file; returns the truth."""
    rng = random.Random(seed)
    voice_lang, sentences, host_lines = LANGUAGES[language]
    host, callers = cast(rng, voice_lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    show = Show(out, seed)
    with tempfile.TemporaryDirectory() as tmp:
        synth = Synth(Path(tmp), seed)
        target = minutes * 60
        show.pause(1.0)
        show.jingle(8.0, rng)
        show.pause(0.8)
        show.turn(synth, host, host_lines[:2], _turn_seconds(rng), rng, bed=music(8.0, rng))
        show.pause(rng.uniform(0.5, 0.9))
        calls = 0
        while show.seconds < target:
            # Caller A calls again as the fourth call of every round of six: a repeat caller.
            caller = callers[0] if calls % 6 == 3 else callers[calls % len(callers)]
            calls += 1
            show.speak(synth, host, host_lines[2])
            show.pause(rng.uniform(0.6, 1.2))
            for k in range(rng.randint(2, 4)):
                show.turn(synth, caller, sentences, _turn_seconds(rng), rng)
                show.pause(rng.uniform(0.5, 1.0))
                if k % 2 == 1:
                    show.speak(synth, host, rng.choice(host_lines[5:8]))
                    show.pause(rng.uniform(0.5, 1.0))
            show.speak(synth, host, rng.choice(host_lines[3:5]))
            show.pause(rng.uniform(0.6, 1.0))
            if calls % 2 == 0:
                show.speak(synth, host, host_lines[8])
                show.pause(0.5)
                show.jingle(rng.uniform(6.0, 12.0), rng)
                show.pause(rng.uniform(2.0, 4.0))  # dead air before the host comes back
                if rng.random() < 0.5:  # the host talks over a fading bed
                    show.turn(
                        synth,
                        host,
                        host_lines[:2] + host_lines[9:],
                        _turn_seconds(rng),
                        rng,
                        bed=music(8.0, rng),
                    )
                    show.pause(rng.uniform(0.5, 0.9))
        show.speak(synth, host, host_lines[4])
        show.pause(1.0)
        show.jingle(6.0, rng)
        show.close()
    truth = {
        "audio": out.name,
        "duration": round(show.seconds, 3),
        "rate": RATE,
        "language": language,
        "seed": seed,
        "voices": [vars(v) for v in (host, *callers)],
        "turns": show.turns,
        "music": show.music,
        "speakers": sorted({t["speaker"] for t in show.turns}),
    }
    out.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    return truth


def to_mp3(wav: Path, kbps: int) -> Path:
    """Re-encode the show as the station's archive would (the truth file keeps the WAV's name stem)."""
    mp3 = wav.with_suffix(".mp3")
    _run("ffmpeg", "-v", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame", "-b:a", f"{kbps}k", str(mp3))
    wav.unlink()
    truth = json.loads(wav.with_suffix(".truth.json").read_text())
    truth["audio"], truth["mp3_kbps"] = mp3.name, kbps
    wav.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    return mp3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--out", type=Path, default=Path("bench/out/talkshow-15.wav"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--language", choices=sorted(LANGUAGES), default="ko")
    parser.add_argument("--mp3", type=int, choices=(64, 128), help="re-encode as mp3 at this bit rate")
    args = parser.parse_args()
    truth = build(args.out, minutes=args.minutes, seed=args.seed, language=args.language)
    path = to_mp3(args.out, args.mp3) if args.mp3 else args.out
    speech = sum(t["end"] - t["start"] for t in truth["turns"])
    print(
        f"{path}: {truth['duration'] / 60:.1f} min, {len(truth['turns'])} utterances, "
        f"{speech / truth['duration']:.0%} speech, speakers {', '.join(truth['speakers'])}"
    )


if __name__ == "__main__":
    main()
