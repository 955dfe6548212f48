"""The spoken numbers of a complaint (phone, NIK, money, dates) with the stretch of audio each was heard
in, so the official can confirm every digit by ear.

The complaint read carries `spoken_numbers` once the numbers work has landed; until then (and for
complaints analysed before it) they come from the stored analysis: the entities' character spans in the
text, placed on the audio through the transcript's timed words.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

# Entity labels of the stored analysis that are numbers a person should hear again, and their kind.
NUMBER_ENTITIES = {"PHONE": "phone", "NIK": "nik", "MONEY": "amount", "DATE": "date"}
_TOKEN = re.compile(r"\S+")
_PLAIN = re.compile(r"[^\w]+", re.UNICODE)


def _plain(token: str) -> str:
    return _PLAIN.sub("", token.lower())


def token_times(text: str, words: list[dict[str, Any]]) -> list[tuple[int, int, float, float]]:
    """(start_char, end_char, audio_start, audio_end) for each token of `text` matched to a timed word.

    Word for word when the counts agree (the complaint's text is the transcript's), else through the
    longest matching runs of the two token sequences (a talkshow caller's text, an edited text).
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if len(tokens) == len(words):
        pairs = list(zip(range(len(tokens)), range(len(words)), strict=True))
    else:
        matcher = SequenceMatcher(
            a=[_plain(t[2]) for t in tokens], b=[_plain(w["text"]) for w in words], autojunk=False
        )
        pairs = [(b.a + k, b.b + k) for b in matcher.get_matching_blocks() for k in range(b.size)]
    return [(tokens[i][0], tokens[i][1], words[j]["start"], words[j]["end"]) for i, j in pairs]


def _from_analysis(detail: Any, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    words = [w for line in lines for w in line["words"]]
    times = token_times(detail.text or "", words) if words else []
    found = []
    for entity in (detail.suggestions or {}).get("entities", ()):
        if not isinstance(entity, dict) or entity.get("label") not in NUMBER_ENTITIES:
            continue
        start, end = int(entity.get("start_char", 0)), int(entity.get("end_char", 0))
        inside = [(a, b) for s, e, a, b in times if s < end and e > start]
        number = entity.get("number") if isinstance(entity.get("number"), dict) else {}
        digit_conf = number.get("digit_confidences") or ()
        found.append(
            {
                "kind": number.get("kind") or NUMBER_ENTITIES[entity["label"]],
                "spoken": (detail.text or "")[start:end],
                "digits": number.get("digits"),
                "value": entity.get("value"),
                "audio_start": min(a for a, _ in inside) if inside else None,
                "audio_end": max(b for _, b in inside) if inside else None,
                "confidence": min(digit_conf) if digit_conf else None,
                "plausible": number.get("plausible"),
                "needs_confirmation": number.get("needs_confirmation"),
            }
        )
    return found


def _as_dict(item: Any) -> dict[str, Any]:
    return item.model_dump() if hasattr(item, "model_dump") else dict(item)


def numbers_of(detail: Any, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The complaint's spoken numbers, each with kind, what was said, digits (masked where the reader may
    not see contact), value, audio stretch, confidence and whether it needs confirming."""
    given = getattr(detail, "spoken_numbers", None)
    if given is None:
        return _from_analysis(detail, lines)
    # Spans index the text the numbers were read from: the transcript's stretch, or the typed text.
    heard = " ".join(line["text"] for line in lines if line["text"])
    shown = []
    for item in given:
        number = _as_dict(item)
        source = heard if number.get("source") == "transcript" and heard else (detail.text or "")
        start, end = number.get("start_char"), number.get("end_char")
        spoken = source[start:end] if isinstance(start, int) and isinstance(end, int) else ""
        shown.append({**number, "spoken": spoken})
    return shown
