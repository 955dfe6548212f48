"""Applying nlp's `Analysis` (a typed object, never a dict) to a draft complaint: machine suggestions,
redaction, contacts and a suggested agency.

Agencies always come from nlp's one routing engine under the store's rules (api/agency/routing.py):
intake passes those rules to `nlp.analyze`, and only when the complaint's own topic or region differ
from what nlp routed on does `_suggested_agency` route it again."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from api.access import policy
from api.agency import routing as agency_routing
from api.agency import service as agency_service
from api.complaint.models import Complaint, Kind, Status
from api.complaint.service import (
    record,
    restart_clock,
)
from api.database import utcnow
from api.intake import rules

if TYPE_CHECKING:  # nlp is heavy and optional at run time: the API starts without it
    from nlp import Analysis


def apply_analysis(
    *,
    db_session: Session,
    complaint: Complaint,
    analysis: Analysis,
    actor: str,
    default_zone: str,
    store_routed: bool = False,
) -> None:
    """Fill machine suggestions (topic, region, kind, redaction, contacts) on a draft from nlp's Analysis.

    `store_routed`: nlp suggested the agencies under the store's routing rules (`nlp.analyze(rules=…)`);
    they are then kept as they are whenever the store would route the complaint the same way
    (`rules.routing_stands`), so routing runs once. Otherwise the store routes here.

    A draft's deadline clock is (re)started here, in the zone the suggested agency brings: intake files a
    recording's complaints with `start_clock=False`, so each filing computes it once. `default_zone`
    (SUARA_TIMEZONE) counts it while the draft has neither agency nor region.
    """
    topics = [{"label": t.label, "score": float(t.score)} for t in analysis.topics]
    given_topic = complaint.topic
    complaint.topics = topics
    complaint.topic = complaint.topic or (topics[0]["label"] if topics else None)
    found = analysis.region_code
    if found and policy.within(found, complaint.region_code):  # places may narrow the region, never move it
        complaint.region_code = found
    complaint.region_codes = sorted({c.code for p in analysis.places for c in p.candidates[:1]})
    kind = analysis.kind
    complaint.kind = Kind(kind) if kind in Kind._value2member_map_ else complaint.kind
    complaint.urgent = bool(analysis.urgent) or complaint.urgent
    complaint.public_text = analysis.redacted_text or complaint.public_text
    complaint.reporter_name = complaint.reporter_name or analysis.reporter_name
    phones, niks = analysis.phones, analysis.niks
    complaint.reporter_phone = complaint.reporter_phone or (phones[0] if phones else None)
    complaint.reporter_nik = complaint.reporter_nik or (niks[0] if niks else None)
    complaint.suggestions = {
        # JSON column: the suggestions as the dicts nlp's types turn into
        "agencies": [asdict(a) for a in analysis.agencies],
        "places": [asdict(p) for p in analysis.places],
        "entities": [_without_contact(asdict(e)) for e in analysis.entities],
        "warnings": list(analysis.warnings),
    }
    if complaint.agency_id is None:
        best = topics[0]["label"] if topics else None
        stands = store_routed and rules.routing_stands(given_topic, best, analysis.region_code)
        complaint.agency_id = _suggested_agency(db_session, complaint, analysis, routed=stands)
    complaint.analyzed_at = utcnow()
    record(
        db_session=db_session, complaint=complaint, actor=actor, action="analyze", to_value=complaint.topic
    )
    if complaint.status == Status.DRAFT:  # the agency, hence the zone, may have changed
        restart_clock(db_session, complaint, complaint.created_at, default_zone=default_zone)
    db_session.flush()


def _without_contact(entity: dict[str, Any]) -> dict[str, Any]:
    """A PHONE or NIK entity keeps its label and span, not its digits: those live encrypted only."""
    if entity.get("label") in ("PHONE", "NIK"):
        return {k: v for k, v in entity.items() if k not in ("text", "value", "number")}
    return entity


def _suggested_agency(
    db_session: Session, complaint: Complaint, analysis: Analysis, *, routed: bool
) -> int | None:
    """nlp's routing engine under the store's rules; the suggestions kept name the rule behind each.

    `routed`: the analysis already carries exactly these suggestions (kept as the suggestions were set).
    """
    suggested: list[dict[str, Any]] = complaint.suggestions["agencies"]
    if not routed:
        suggested = agency_routing.for_complaint(
            db_session=db_session, topic=complaint.topic, analysed=complaint.topics,
            region_code=complaint.region_code or analysis.region_code,
            text=analysis.normalized_text or complaint.text, language_ok=analysis.language_ok,
        )  # fmt: skip
        complaint.suggestions = {**complaint.suggestions, "agencies": suggested}
    for suggestion in suggested:
        # Never an agency of another region: routing it there would show the complaint to that jurisdiction.
        if not policy.related(suggestion.get("region_code"), complaint.region_code):
            continue
        agency = agency_service.ensure(
            db_session=db_session, code=suggestion["code"], name=suggestion["name"],
            region_code=suggestion.get("region_code"),
        )  # fmt: skip
        return agency.id
    return None
