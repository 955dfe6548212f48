"""Speaker labels with and without the studio-voice check, on one decode of each show.

    PYTHONPATH=$PWD .venv/bin/python bench/talkshow_relabel.py bench/out/tune-id-20[1-7].mp3

Each show is decoded once the talkshow way (voice.talkshow.decode_talkshow, 2 workers, in the show's
language: the Korean shows take the Vosk path; the decode is kept in bench/out/decoded/ keyed by the
file's name, so delete it after changing the decode), then its
speakers are named twice: without `_studio_voices_on_the_line` (a phone run stays a caller whatever its
voice, the path until session 18) and with it. Printed per show: band accuracy, diarization error and its
confusion (as bench/talkshow_bench.py scores them) and the caller labels found.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from talkshow_bench import score_segments  # noqa: E402

import voice.talkshow  # noqa: E402

DECODED = REPO / "bench" / "out" / "decoded"


def language(show: Path) -> str:
    """The show's language, as its builder wrote it in the truth file."""
    return json.loads(show.with_suffix(".truth.json").read_text()).get("language", "ko")


def decoded(show: Path) -> voice.talkshow.TalkshowDecode:
    """The show's decode, made once and kept."""
    kept = DECODED / f"{show.stem}.pkl"
    if kept.is_file():
        return pickle.loads(kept.read_bytes())
    models = REPO / "models"
    result = voice.talkshow.decode_talkshow(show, language=language(show), models_dir=models, workers=2)
    DECODED.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(pickle.dumps(result))
    return result


def main() -> None:
    check = voice.talkshow._studio_voices_on_the_line
    for show in map(Path, sys.argv[1:]):
        decode = decoded(show)
        for name, way in (("without", lambda segments, *_args: segments), ("with", check)):
            voice.talkshow._studio_voices_on_the_line = way
            transcript = voice.talkshow.talkshow_transcript(decode, language=language(show))
            scored = score_segments(transcript.to_dict()["segments"], show.with_suffix(".truth.json"))
            callers = [s for s in scored["speakers_found"] if s.startswith("caller")]
            print(
                f"{show.name} {name}: band {scored['band_accuracy']:.1%}, DER {scored['der']:.1%} "
                f"(confusion {scored['der_confusion']:.1%}), {len(callers)} caller labels",
                flush=True,
            )
        voice.talkshow._studio_voices_on_the_line = check


if __name__ == "__main__":
    main()
