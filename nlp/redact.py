"""Public text for anonymous (anonim) and confidential (rahasia) reports: who and exactly where are masked.

Town, district and village stay visible (an agency must know where to act); names, phone numbers, NIK,
e-mail and exact addresses (RT/RW, street and house number) do not. A reporter's name is masked everywhere
it recurs, not only where it was introduced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlp.types import Entity, Redaction

MASKS: dict[str, str] = {
    "PERSON": "[NAMA]",
    "PHONE": "[TELEPON]",
    "NIK": "[NIK]",
    "EMAIL": "[EMAIL]",
    "RT_RW": "[ALAMAT]",
    "ADDRESS": "[ALAMAT]",
}
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Long digit strings the entity rules could not validate (a misheard phone number or NIK) are still private.
_LONG_DIGITS = re.compile(r"(?<![0-9])[0-9][0-9 .-]{8,}[0-9](?![0-9])")


def redact(
    text: str, entities: Sequence[Entity], extra: Sequence[tuple[int, int, str]] = ()
) -> tuple[str, tuple[Redaction, ...]]:
    """Mask private spans of `text` (offsets of `entities` and `extra` refer to `text`).

    `extra` carries (start, end, label) spans found elsewhere, e.g. spelled-out digit strings too long to be
    anything but a phone number or NIK even though they did not validate.

    Returns:
        The redacted text and what was masked, in text order.
    """
    spans = [(e.start_char, e.end_char, e.label) for e in entities if e.label in MASKS]
    spans += [s for s in extra if s[2] in MASKS]
    spans += [(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]
    spans += [
        (m.start(), m.end(), "PHONE") for m in _LONG_DIGITS.finditer(text) if _digit_count(m.group()) >= 9
    ]
    spans += _recurring_names(text, [e for e in entities if e.label == "PERSON"])
    merged = _merge(spans)
    out: list[str] = []
    cursor = 0
    redactions: list[Redaction] = []
    for start, end, label in merged:
        out.append(text[cursor:start])
        out.append(MASKS[label])
        redactions.append(Redaction(label, start, end, text[start:end]))
        cursor = end
    out.append(text[cursor:])
    return "".join(out), tuple(redactions)


def _digit_count(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _recurring_names(text: str, persons: Sequence[Entity]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for p in persons:
        for word in {w for w in re.findall(r"[^\W\d_]{3,}", p.text)}:
            found += [
                (m.start(), m.end(), "PERSON") for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.I)
            ]
    return found


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans become one; the earlier (then longer) span's label wins."""
    merged: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
            continue
        merged.append((start, end, label))
    return merged
