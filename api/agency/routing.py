"""Routing rules in the store, applied by nlp's routing engine (the only engine).

The rules are nlp/routing.py's rules kept in `routing_rules` (seeded from nlp/data/routing_rules.json by
migration 0009), so a system administrator changes them over the API without a release: every write is
validated by nlp over the whole rule set (ids unique, `replaces` naming existing rules, agencies in the
catalogue, topics in the taxonomy) and leaves an audit event. `suggest` serves the complaint service and
takes no principal. The validated rules are cached per database and re-read when a write changed them (a
count and last-change query tells, so other processes see a change on their next complaint).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.agency.models import Agency, AgencyLevel, RoutingRule
from api.audit import service as audit
from api.database import utcnow
from api.errors import InvalidInput, NotFound
from api.kernel import Principal

if TYPE_CHECKING:  # nlp is imported on use: its package import loads spaCy
    from nlp.routing import RoutingRule as EngineRule

_LEVEL_BY_DEPTH = {1: "province", 2: "regency", 3: "district", 4: "village"}
_cache: dict[str, tuple[tuple[int, Any], tuple[EngineRule, ...]]] = {}


def _rows(db_session: Session) -> list[RoutingRule]:
    """The stored rules in the engine's order: priority (highest first), then position."""
    stmt = select(RoutingRule).order_by(RoutingRule.priority.desc(), RoutingRule.position, RoutingRule.id)
    return list(db_session.scalars(stmt))


def _validated(bodies: Sequence[dict[str, Any]]) -> list[EngineRule]:
    from nlp.routing import RoutingRuleError, rules_from_data

    try:
        return rules_from_data(list(bodies))
    except RoutingRuleError as exc:
        raise InvalidInput(f"aturan rute tidak valid: {exc}") from None


def engine_rules(db_session: Session) -> tuple[EngineRule, ...]:
    """The store's rules as nlp validates them, cached until the table changes."""
    stamp = tuple(db_session.execute(select(func.count(), func.max(RoutingRule.updated_at))).one())
    key = str(db_session.get_bind().url)
    hit = _cache.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    rules = tuple(_validated([r.body for r in _rows(db_session)]))
    _cache[key] = (stamp, rules)  # type: ignore[assignment]
    return rules


def suggest(
    *, db_session: Session, topics: Sequence[tuple[str, float]], region_code: str | None, text: str
) -> list[dict[str, Any]]:
    """nlp's ranked agency suggestions under the store's rules, each naming the rule that produced it."""
    from nlp.routing import suggest_agencies
    from nlp.types import Topic

    found = suggest_agencies(
        topics=[Topic(label, score) for label, score in topics],
        region_code=region_code,
        text=text,
        rules=engine_rules(db_session),
    )
    return [
        {"code": s.code, "name": s.name, "score": s.score, "rule": s.rule, "region_code": s.region_code}
        for s in found
    ]


def topics_for(topic: str | None, analysed: Sequence[dict[str, Any]]) -> list[tuple[str, float]]:
    """The topics to route on: the machine's scores, and a topic a person chose (not the machine's best) as
    certain, first: an administrator's "send this topic here" must decide for the complaint's own topic."""
    scored = [(str(t["label"]), float(t["score"])) for t in analysed]
    if topic and (not scored or scored[0][0] != topic):
        scored = [(topic, 1.0), *[t for t in scored if t[0] != topic]]
    return scored


def for_complaint(
    *,
    db_session: Session,
    topic: str | None,
    analysed: Sequence[dict[str, Any]],
    region_code: str | None,
    text: str,
    language_ok: bool = True,
) -> list[dict[str, Any]]:
    """Suggestions for an analysed complaint; none for text nlp cannot read unless a person set a topic."""
    if not language_ok and not topic:
        return []
    topics = topics_for(topic, analysed)
    return suggest(db_session=db_session, topics=topics, region_code=region_code, text=text)


# --- reading and writing rules (system administrators) -----------------------------------------------


def shown(row: RoutingRule) -> dict[str, Any]:
    return {**row.body, "priority": row.priority}


def list_rules(*, db_session: Session, principal: Principal) -> list[dict[str, Any]]:
    policy.require(principal, Action.READ_REFERENCE)
    return [shown(r) for r in _rows(db_session)]


def _row(db_session: Session, rule_id: str) -> RoutingRule:
    row = db_session.scalars(select(RoutingRule).where(RoutingRule.rule_id == rule_id)).first()
    if row is None:
        raise NotFound(f"routing rule {rule_id!r} does not exist")
    return row


def read_rule(*, db_session: Session, principal: Principal, rule_id: str) -> dict[str, Any]:
    policy.require(principal, Action.READ_REFERENCE)
    return shown(_row(db_session, rule_id))


def _check_whole_set(db_session: Session, changed: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """Validate the rule set as it would be after the change (rule id → new body, None: removed)."""
    rows = _rows(db_session)
    stored = {r.rule_id for r in rows}
    bodies = [changed.get(r.rule_id, r.body) for r in rows]
    bodies += [b for k, b in changed.items() if k not in stored]
    bodies = [b for b in bodies if b is not None]
    rules = {r.id: r for r in _validated(bodies)}
    return {k: rules[k].to_dict() for k, b in changed.items() if b is not None}


def _note(body: dict[str, Any] | None, priority: int | None) -> str:
    if body is None:
        return "none"
    return f"{body} priority {priority}"


def add_rule(
    *,
    db_session: Session,
    principal: Principal,
    body: dict[str, Any],
    priority: int = 0,
    subject: str | None = None,
) -> dict[str, Any]:
    """A new rule, tried after the existing rules of its priority."""
    policy.require(principal, Action.ADMIN)
    rule_id = str(body.get("id", ""))
    if db_session.scalars(select(RoutingRule.id).where(RoutingRule.rule_id == rule_id)).first():
        raise InvalidInput(f"aturan rute {rule_id!r} sudah ada")
    clean = _check_whole_set(db_session, {rule_id: body})[rule_id]
    last = db_session.scalar(select(func.max(RoutingRule.position))) or 0
    row = RoutingRule(rule_id=rule_id, priority=priority, position=last + 1, body=clean, updated_at=utcnow())
    db_session.add(row)
    audit.record(
        db_session, actor=principal.username, action="routing_rule_added", subject=subject or rule_id,
        note=f"{rule_id}: {_note(clean, priority)}",
    )  # fmt: skip
    db_session.flush()
    return shown(row)


def replace_rule(
    *, db_session: Session, principal: Principal, rule_id: str, body: dict[str, Any], priority: int = 0
) -> dict[str, Any]:
    """Change a rule in place (its id stays: suggestions already made keep naming it)."""
    policy.require(principal, Action.ADMIN)
    row = _row(db_session, rule_id)
    if body.get("id", rule_id) != rule_id:
        raise InvalidInput("id aturan tidak dapat diubah; hapus lalu buat aturan baru")
    clean = _check_whole_set(db_session, {rule_id: {**body, "id": rule_id}})[rule_id]
    before = _note(row.body, row.priority)
    row.body, row.priority, row.updated_at = clean, priority, utcnow()
    audit.record(
        db_session, actor=principal.username, action="routing_rule_changed", subject=rule_id,
        note=f"{before} -> {_note(clean, priority)}",
    )  # fmt: skip
    db_session.flush()
    return shown(row)


def remove_rule(*, db_session: Session, principal: Principal, rule_id: str) -> None:
    """Delete a rule; refused while another rule `replaces` it."""
    policy.require(principal, Action.ADMIN)
    row = _row(db_session, rule_id)
    _check_whole_set(db_session, {rule_id: None})
    audit.record(
        db_session, actor=principal.username, action="routing_rule_removed", subject=rule_id,
        note=_note(row.body, row.priority),
    )  # fmt: skip
    db_session.delete(row)
    db_session.flush()


# --- "send this topic here": a rule naming one agency -------------------------------------------------


def _target(agency: Agency) -> tuple[str, str, str | None]:
    """(level, catalogue agency or office kind, region) under which nlp's engine names this very agency."""
    from nlp.routing import default_catalogue

    catalogue = default_catalogue()
    code, region = agency.code, agency.region_code
    if agency.level == AgencyLevel.NATIONAL and code in catalogue.national and not region:
        return "national", code, None
    if re.fullmatch(r"prov-\d{2}", code) or re.fullmatch(r"reg-\d{2}\.\d{2}", code):
        return ("province" if code.startswith("prov-") else "regency"), "pemda", code.split("-", 1)[1]
    kind, _, where = code.partition(":")
    level = _LEVEL_BY_DEPTH.get(where.count(".") + 1) if where else None
    if where and where == region and level in catalogue.office_levels.get(kind, ()):
        return level, kind, region
    raise InvalidInput(
        f"instansi {code!r} tidak dapat dituju oleh aturan rute (bukan instansi dalam katalog)"
    )


def add_agency_rule(
    *,
    db_session: Session,
    principal: Principal,
    agency: Agency,
    topic: str,
    region_prefix: str | None = None,
    priority: int = 0,
    note: str | None = None,
) -> dict[str, Any]:
    """Send complaints of `topic` (within `region_prefix`, if given) to this agency: an nlp rule of weight 1.

    The prefix is narrowed to the agency's region (a regency's government answers only for its regency);
    a prefix outside the agency's region is refused.
    """
    policy.require(principal, Action.ADMIN)
    level, kind, region = _target(agency)
    if region is not None:
        if region_prefix is None or policy.within(region, region_prefix):
            region_prefix = region
        elif not policy.within(region_prefix, region):
            raise InvalidInput(f"region_prefix {region_prefix} berada di luar wilayah instansi {agency.code}")
    base = re.sub(r"[^a-z0-9_.-]+", ".", f"{agency.code}-{topic}".lower()).strip(".-_")[:56]
    taken = set(db_session.scalars(select(RoutingRule.rule_id).where(RoutingRule.rule_id.startswith(base))))
    rule_id = next(c for c in (base, *(f"{base}-{n}" for n in range(2, 10_000))) if c not in taken)
    body: dict[str, Any] = {"id": rule_id, "topics": [topic], "level": level, "agency": kind, "weight": 1.0}
    if region_prefix:
        body["region_prefix"] = region_prefix
    if note:
        body["note"] = note
    return add_rule(
        db_session=db_session, principal=principal, body=body, priority=priority, subject=agency.code
    )
