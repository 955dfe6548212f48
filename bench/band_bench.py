"""Phone or studio by physics: the band measures of voice.talkshow on generated shows, per kind of line.

    for s in 1 2; do .venv/bin/python bench/talkshow_build.py --language id --minutes 7 --seed $s \\
        --out bench/out/dev-id-$s.wav; done                              # tuning shows
    for s in 101 102 103; do .venv/bin/python bench/talkshow_build.py --language id --minutes 7 \\
        --seed $s --out bench/out/held-id-$s.wav --mp3 64; done           # held-out shows
    .venv/bin/python bench/band_bench.py bench/out/held-id-*.mp3
    .venv/bin/python bench/band_bench.py --slope-only bench/out/tune-id-2*.mp3   # the rule before session 19

For every show: the three measures (energy above 4.3 kHz over the speech band, above 7.4 kHz over
4.3-7 kHz, and above 8.3 kHz over the speech band, noise floor removed) per utterance of each line
(studio, G.711 mu-law, GSM, AMR-NB, G.722 wideband), min / median / max; then the share of speech time
whose band (phone or studio) and line (narrow, wide, studio) come out right when the builder's utterances
are banded per turn the way voice.talkshow does it, and the utterances whose line came out wrong. Words
and speakers play no part: this is the measurement alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import voice.talkshow  # noqa: E402
from voice.talkshow import band_turns, measure_band  # noqa: E402
from voice.types import Segment  # noqa: E402

KIND = {"studio": "studio", "mulaw": "narrow", "gsm": "narrow", "amrnb": "narrow", "g722": "wide"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shows", nargs="+", type=Path)
    parser.add_argument(
        "--slope-only",
        action="store_true",
        help="a wideband call by the slope above 7 kHz alone (before session 19)",
    )
    args = parser.parse_args()
    if args.slope_only:
        voice.talkshow.WIDE_SILENT_BEYOND_DB = float("inf")
    total = {"speech": 0.0, "band": 0.0, "line": 0.0}
    for show in args.shows:
        truth = json.loads(show.with_suffix(".truth.json").read_text())
        profile = measure_band(show)
        turns = truth["turns"]
        segments = [Segment(start=t["start"], end=t["end"], text="") for t in turns]
        banded = band_turns(segments, profile)
        values: dict[str, list[tuple[float, float, float]]] = {}
        wrong: list[str] = []
        right = {"speech": 0.0, "band": 0.0, "line": 0.0}
        for t, seg in zip(turns, banded, strict=True):
            ratio = profile.ratio_db(t["start"], t["end"])
            wide = profile.wide_db(t["start"], t["end"])
            beyond = profile.beyond_db(t["start"], t["end"])
            values.setdefault(t["line"], []).append(tuple(max(v or -99, -99) for v in (ratio, wide, beyond)))
            seconds = t["end"] - t["start"]
            right["speech"] += seconds
            right["band"] += seconds * (seg.band == t["band"])
            own = profile.line(t["start"], t["end"])
            line = own if seg.band == ("studio" if own == "studio" else "phone") else None
            right["line"] += seconds * (line == KIND[t["line"]])
            if line != KIND[t["line"]]:
                wrong.append(
                    f"{t['start']:.1f}-{t['end']:.1f} s {t['speaker']} ({t['line']}) as {line or seg.band}"
                )
        label = f"{show.name} ({profile.rate} Hz)"
        print(
            f"{label}: band right {right['band'] / right['speech']:.1%}, "
            f"line right {right['line'] / right['speech']:.1%} of speech time"
        )
        for line, vals in sorted(values.items()):
            m = np.array(vals)
            print(
                f"  {line:<7} n={len(m):>3}  above 4.3 kHz dB {m[:, 0].min():6.1f} {np.median(m[:, 0]):6.1f} "
                f"{m[:, 0].max():6.1f}   above 7.4 kHz dB {m[:, 1].min():6.1f} {np.median(m[:, 1]):6.1f} "
                f"{m[:, 1].max():6.1f}   above 8.3 kHz dB {m[:, 2].min():6.1f} {np.median(m[:, 2]):6.1f} "
                f"{m[:, 2].max():6.1f}"
            )
        for item in wrong:
            print(f"  wrong: {item}")
        for key in total:
            total[key] += right[key]
    print(
        f"all shows: band right {total['band'] / total['speech']:.1%}, "
        f"line right {total['line'] / total['speech']:.1%} of {total['speech'] / 60:.0f} min of speech"
    )


if __name__ == "__main__":
    main()
