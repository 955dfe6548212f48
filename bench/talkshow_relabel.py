"""Speaker labels with and without one labelling rule, on one decode of each show.

    PYTHONPATH=$PWD .venv/bin/python bench/talkshow_relabel.py bench/out/tune-id-20[1-7].mp3
    PYTHONPATH=$PWD .venv/bin/python bench/talkshow_relabel.py --compare band bench/out/tune-id-2*.mp3

Each show is decoded once the talkshow way (voice.talkshow.decode_talkshow, 2 workers, in the show's
language: the Korean shows take the Vosk path; the decode is kept in bench/out/decoded/ keyed by the
file's name, so delete it after changing the decode), then its
speakers are named twice, without the rule and with it: `--compare studio` (the default) is
`_studio_voices_on_the_line` (without it a phone run stays a caller whatever its voice, the path until
session 18); `--compare band` is a wideband call's silence above 8 kHz (without it the slope above 7 kHz
alone decides, the rule until session 19; the band is measured again when the kept decode predates it).
Printed per show: band accuracy, diarization error and its confusion (as bench/talkshow_bench.py scores
them) and the caller labels found.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from dataclasses import replace
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
    """The show's decode, made once and kept (made again when the show was rebuilt since)."""
    kept = DECODED / f"{show.stem}.pkl"
    if kept.is_file() and kept.stat().st_mtime > show.stat().st_mtime:
        return pickle.loads(kept.read_bytes())
    models = REPO / "models"
    result = voice.talkshow.decode_talkshow(show, language=language(show), models_dir=models, workers=2)
    DECODED.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(pickle.dumps(result))
    return result


def _studio_check(on: bool) -> None:
    voice.talkshow._studio_voices_on_the_line = STUDIO_CHECK if on else (lambda segments, *_args: segments)


def _silence_beyond(on: bool) -> None:
    voice.talkshow.WIDE_SILENT_BEYOND_DB = SILENT_BEYOND if on else float("inf")


STUDIO_CHECK = voice.talkshow._studio_voices_on_the_line
SILENT_BEYOND = voice.talkshow.WIDE_SILENT_BEYOND_DB
RULES = {"studio": _studio_check, "band": _silence_beyond}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shows", nargs="+", type=Path)
    parser.add_argument("--compare", choices=sorted(RULES), default="studio")
    args = parser.parse_args()
    rule = RULES[args.compare]
    for show in args.shows:
        decode = decoded(show)
        if args.compare == "band" and decode.profile.beyond is None:
            decode = replace(decode, profile=voice.talkshow.measure_band(show))
        for name, on in (("without", False), ("with", True)):
            rule(on)
            transcript = voice.talkshow.talkshow_transcript(decode, language=language(show))
            scored = score_segments(transcript.to_dict()["segments"], show.with_suffix(".truth.json"))
            callers = [s for s in scored["speakers_found"] if s.startswith("caller")]
            print(
                f"{show.name} {name}: band {scored['band_accuracy']:.1%}, DER {scored['der']:.1%} "
                f"(confusion {scored['der_confusion']:.1%}), {len(callers)} caller labels",
                flush=True,
            )
        rule(True)


if __name__ == "__main__":
    main()
