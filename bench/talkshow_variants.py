"""Ways of driving one Vosk recognizer over one group of a talkshow's chunks, in one thread: CPU and words.

    PYTHONPATH=$PWD .venv/bin/python bench/talkshow_variants.py bench/out/talkshow-15.wav 0 \
        cur,warm,fresh,cur,result,concat,cur16k

The group (0 = the first) is planned as the talkshow path plans it (speech scan, phone/studio cut,
group_count). Variants, each timed in the thread's CPU clock and compared word for word with the
first one named:
  cur     as voice.engines.vosk.VoskChunkDecoder: one recognizer, 4,000-sample pieces, FinalResult()
          and Reset() after each chunk
  warm    the same on a recognizer that has just decoded the same group (its graph cache full)
  fresh   a new recognizer for every chunk
  result  chunks back to back ending with Result() (features and i-vector carried over)
  concat  the group's speech as one stream, FinalResult() once
  cur16k  as cur with 16,000-sample pieces
  cur2k   as cur with 2,000-sample pieces (vosk-transcriber's 4,000 bytes)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice.audio import decode_pcm  # noqa: E402
from voice.engines.vosk import VoskEngine  # noqa: E402
from voice.longform import (  # noqa: E402
    _slice,
    deterministic_model_dir,
    group_chunks,
    group_count,
    plan_chunks,
    scan_speech,
)
from voice.models import resolve_model  # noqa: E402
from voice.talkshow import measure_band  # noqa: E402

STEP = 8000  # bytes: FEED_FRAMES samples, as the talkshow path feeds


def _feed(rec, pcm: bytes, step: int = STEP) -> list[str]:
    raws = []
    for i in range(0, len(pcm), step):
        if rec.AcceptWaveform(pcm[i : i + step]):
            raws.append(rec.Result())
    return raws


def _words(raws: list[str]) -> list[str]:
    return [w for r in raws for w in json.loads(r).get("text", "").split()]


def main() -> None:
    audio, which, variants = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split(",")
    models = REPO / "models"
    chosen = resolve_model(language="ko", models_dir=models)
    asr = VoskEngine(deterministic_model_dir(chosen.absolute_path(models)), sample_rate=chosen.sample_rate)
    speech, profile = scan_speech(audio), measure_band(audio)
    chunks = plan_chunks(speech, keep_apart=lambda a, b: profile.band(*a) != profile.band(*b))
    group = group_chunks(chunks, count=group_count(chunks))[which]
    wanted = {c.index for c in group}
    sliced = _slice(decode_pcm(audio, sample_rate=16000, chunk_frames=4000), chunks, 16000)
    pcms = [pcm for c, pcm in sliced if c.index in wanted]
    print(f"group {which}: {len(group)} chunks, {sum(c.length for c in group):.1f} s of speech", flush=True)

    def current(rec=None, step: int = STEP) -> list[str]:
        rec = rec or asr.new_recognizer()
        raws = []
        for pcm in pcms:
            raws += _feed(rec, pcm, step)
            raws.append(rec.FinalResult())
            rec.Reset()
        return raws

    first: list[str] | None = None
    for name in variants:
        start = time.thread_time()
        if name == "cur":
            raws = current()
        elif name == "cur16k":
            raws = current(step=4 * STEP)
        elif name == "cur2k":
            raws = current(step=STEP // 2)
        elif name == "warm":
            rec = asr.new_recognizer()
            current(rec)
            start = time.thread_time()
            raws = current(rec)
        elif name == "fresh":
            raws = []
            for pcm in pcms:
                rec = asr.new_recognizer()
                raws += [*_feed(rec, pcm), rec.FinalResult()]
        elif name == "result":
            rec = asr.new_recognizer()
            raws = []
            for pcm in pcms:
                raws += [*_feed(rec, pcm), rec.Result()]
            raws.append(rec.FinalResult())
        elif name == "concat":
            rec = asr.new_recognizer()
            raws = [*_feed(rec, b"".join(pcms)), rec.FinalResult()]
        else:
            raise SystemExit(f"unknown variant {name}")
        cpu = time.thread_time() - start
        words = _words(raws)
        first = words if first is None else first
        print(f"{name:8} CPU {cpu:6.1f} s  words {len(words)}  same words as {variants[0]}: {words == first}")


if __name__ == "__main__":
    main()
