"""Diarization error rate of generated talkshows for a range of same-speaker distances.

    .venv/bin/python bench/talkshow_build.py --minutes 30 --out bench/out/talkshow-30.wav --seed 23
    .venv/bin/python bench/speaker_threshold.py bench/out/talkshow-15.wav bench/out/talkshow-30.wav \
        bench/out/talkshow-120.wav

Each show is decoded once (voice.talkshow.decode_talkshow, 2 workers; the words, vectors and bands
are kept in bench/out/decoded/ by bench/talkshow_relabel.decoded, so later runs only re-cluster), then
labelled at every threshold and scored against the builder's truth as bench/talkshow_bench.py scores
it. The threshold in use (voice.speakers.SAME_SPEAKER_DISTANCE) should sit inside a range where every
show keeps its figure, not at the best figure of one show.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from talkshow_bench import score_segments  # noqa: E402
from talkshow_relabel import decoded  # noqa: E402

from voice.speakers import SAME_SPEAKER_DISTANCE  # noqa: E402
from voice.talkshow import TalkshowDecode, label_speakers  # noqa: E402

THRESHOLDS = (0.12, 0.14, 0.15, 0.16, 0.17, 0.18, 0.19, 0.20, 0.22, 0.25)


def der_at(show: Path, decode: TalkshowDecode, threshold: float) -> tuple[float, int]:
    """DER and the number of speakers found, with speakers labelled at `threshold`."""
    result = decode.result
    segments, _ = label_speakers(
        list(result.segments), list(result.xvectors), result.gaps, decode.profile, threshold=threshold
    )
    rows = [{"start": s.start, "end": s.end, "speaker": s.speaker, "band": s.band} for s in segments]
    scored = score_segments(rows, show.with_suffix(".truth.json"))
    return scored["der"], len(scored["speakers_found"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("shows", nargs="+", type=Path)
    args = parser.parse_args()
    decodes = {show: decoded(show) for show in args.shows}
    print(f"{'threshold':>10}" + "".join(f"{show.stem:>22}" for show in args.shows))
    for threshold in THRESHOLDS:
        cells = []
        for show, decode in decodes.items():
            der, found = der_at(show, decode, threshold)
            cells.append(f"{der:>9.1%} ({found} voices)")
        mark = "  <- in use" if abs(threshold - SAME_SPEAKER_DISTANCE) < 1e-9 else ""
        print(f"{threshold:>10.2f}" + "".join(f"{c:>22}" for c in cells) + mark)


if __name__ == "__main__":
    main()
