"""What the topic classifier reads: written complaints brought closer to the spoken corpus it learned from.

Citizens' written complaints open with greetings to the official ("Assalamu'alaikum … Yth. Bapak Bupati"),
close with thanks, and abbreviate as in chat ("yg", "sdh", "tdk"). None of that says what the complaint is
about, and the abbreviations hide words the classifier knows. Greetings and closings are cut, chat
abbreviations are written out, and a few spelling variants of one thing fold into one form ("pedagang kaki
lima" and "PKL" both become "pkl", since "pkl" here always means street vendors). Applied alike when
training and when classifying; entities and places still read the untouched text.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "abbreviations.json"
_DIGITS = re.compile(r"[0-9]")
_WORD = re.compile(r"[^\W\d_]+")

_BOILERPLATE = re.compile(
    r"assalamu\W?\s?['`]?alaikum(\s+(wr\.?\s*wb\.?|warahmatullahi\s+wabarakatuh|warrohmatullah\w*\s+wabarokatuh))?"
    r"|wa'?alaikum\w*\s+salam|wassalam\w*(\s+(wr\.?\s*wb\.?|warahmatullahi\s+wabarakatuh))?"
    r"|salam sejahtera|salam hormat|dengan hormat|selamat (pagi|siang|sore|malam)"
    r"|\byth\.?(\s+(bapak|ibu|bpk|pak|bu))?"
    r"(\s+(bupati|walikota|wali kota|gubernur|camat|lurah|kepala desa|admin))?"
    r"|\bkepada\s+(yth\.?\s+)?(bapak|ibu)\s*/\s*(ibu|bapak)"
    r"|\bdi\s*-?\s*tempat\b"
    r"|terima\s?kasih(\s+banyak)?(\s+(atas|untuk)\s+(perhatian|tanggapan|bantuan)\w*)?"
    r"|\b(trims|makasih|matur\s?nuwun|maturnuwun|tks)\b"
    r"|mohon maaf( sebelumnya)?|\bmaaf sebelumnya\b"
    r"|\b(bapak|ibu|pak|bu)\s*/\s*(ibu|bapak|pak|bu)\b"
    # "mohon ijin" is a courtesy ("may I"), not a permit: it opens written complaints of every topic and
    # made a third of the real tune split's perizinan guesses. Cut only where no permit follows ("mohon
    # izin usaha" stays): before punctuation, a verb of telling or asking, or "ada"/"terkait"/"untuk".
    r"|\b(mohon|mhn|minta|saya|permisi,?)\s+(izin|ijin)\b(?=\s*([.,:;!\n]|$|dan\s+mohon"
    r"|(untuk\s+)?(menyampaikan|sampaikan|lapor|melapor|melaporkan|bertanya|tanya|mengadu\w*"
    r"|melakukan\s+pengaduan|saran|memberi\w*|menginformasikan|info\w*|ada|terkait|masalah)\b))"
    r"|^\s*(izin|ijin)\s+dan\b"
    # a caller checking the line ("Halo? Bisa dengar saya?", "ini layanan pengaduan ya?"): no topic, and
    # its question marks are no question about the complaint
    r"|\bhal+o+\b[?!.,]*"
    r"|\b(bisa|sudah|udah)\s+(dengar|kedengaran|nyambung)(\s+(saya|aku|suara saya))?\s*\?+"
    r"|\b(apa\s+)?ini\s+(sudah|udah)\s+nyambung\s*\?+"
    r"|\b(betul\s+)?ini\s+(dengan\s+|di\s+)?(layanan|hotline|call center)\b[^?.!\n]{0,40}\?+"
)  # matched on lowercase text: without re.IGNORECASE it runs in two thirds of the time

# A link keeps its host, which names the service ("pendataan-nonasn.bkn.go.id"), as words; its path names the
# portal's own pages ("…/perizinan/cetak/…" on the receipt of a letter applied for online), not the subject.
_LINK = re.compile(r"\b(?:https?://|www\.)([\w.-]+)[^\s]*", re.IGNORECASE)


def _link_host(match: re.Match[str]) -> str:
    return " " + re.sub(r"[.-]+", " ", match.group(1)) + " "


@cache
def _table(path: Path = DATA) -> tuple[dict[str, str], dict[str, str], re.Pattern[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    words = {k.lower(): v.lower() for k, v in data["words"].items()}
    phrases = {k.lower(): v.lower() for k, v in data["phrases"].items()}
    longest_first = "|".join(re.escape(k) for k in sorted(phrases, key=len, reverse=True))
    return words, phrases, re.compile(rf"\b(?:{longest_first})\b")


def strip_boilerplate(text: str) -> str:
    """The text in lowercase, greetings, salutations and closings removed (each replaced by a space)."""
    return _BOILERPLATE.sub(" ", text.lower())


def expand(text: str) -> str:
    """Lowercase text with chat abbreviations written out and variant spellings folded."""
    words, phrases, pattern = _table()
    text = _WORD.sub(lambda m: words.get(m.group(0), m.group(0)), text)
    return pattern.sub(lambda m: phrases[m.group(0)], text)


def prepare(text: str) -> str:
    """The classifier's view of a text: no boilerplate, lowercase, abbreviations expanded, digits folded."""
    return _DIGITS.sub("0", expand(strip_boilerplate(_LINK.sub(_link_host, text))))
