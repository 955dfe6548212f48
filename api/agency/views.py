"""HTTP routes of agencies, their SLA policies and routing rules (reads: signed in; writes: sysadmin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.agency import routing, service
from api.agency.models import AgencyLevel
from api.agency.schemas import AgencyRead, AgencyRuleWrite, RoutingRuleRead, RoutingRuleWrite, SlaWrite
from api.deps import IdPath, PrincipalDep, SessionDep, SignedIn

RuleId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]

router = APIRouter(tags=["agencies"], dependencies=[SignedIn])


@router.get("/agencies", response_model=list[AgencyRead])
def list_agencies(
    db_session: SessionDep,
    principal: PrincipalDep,
    level: AgencyLevel | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Any:
    return service.list_agencies(db_session=db_session, principal=principal, level=level, q=q)


@router.get("/agencies/{agency_id:int}", response_model=AgencyRead)
def read_agency(agency_id: IdPath, db_session: SessionDep, principal: PrincipalDep) -> Any:
    return service.read(db_session=db_session, principal=principal, agency_id=agency_id)


@router.get(
    "/agencies/{agency_id:int}/sla", response_model=SlaWrite, summary="The SLA in force for the agency"
)
def read_sla(agency_id: IdPath, db_session: SessionDep, principal: PrincipalDep) -> Any:
    sla = service.read_sla(db_session=db_session, principal=principal, agency_id=agency_id)
    return SlaWrite(verify_days=sla.verify_days, respond_days=sla.respond_days, close_days=sla.close_days)


@router.put("/agencies/{agency_id:int}/sla", response_model=SlaWrite, summary="Set a stricter or looser SLA")
def write_sla(agency_id: IdPath, body: SlaWrite, db_session: SessionDep, principal: PrincipalDep) -> Any:
    service.set_sla(db_session=db_session, principal=principal, agency_id=agency_id, **body.model_dump())
    return body


@router.post(
    "/agencies/{agency_id:int}/routing-rules",
    response_model=RoutingRuleRead,
    status_code=201,
    summary="Send a topic (in a region) to this agency: a routing rule of weight 1",
)
def add_agency_rule(
    agency_id: IdPath, body: AgencyRuleWrite, db_session: SessionDep, principal: PrincipalDep
) -> Any:
    agency = service.get(db_session=db_session, agency_id=agency_id)
    return routing.add_agency_rule(
        db_session=db_session, principal=principal, agency=agency, **body.model_dump()
    )


@router.get(
    "/routing-rules", response_model=list[RoutingRuleRead], summary="Routing rules in the order tried"
)
def list_rules(db_session: SessionDep, principal: PrincipalDep) -> Any:
    return routing.list_rules(db_session=db_session, principal=principal)


@router.get("/routing-rules/{rule_id}", response_model=RoutingRuleRead)
def read_rule(rule_id: RuleId, db_session: SessionDep, principal: PrincipalDep) -> Any:
    return routing.read_rule(db_session=db_session, principal=principal, rule_id=rule_id)


@router.post("/routing-rules", response_model=RoutingRuleRead, status_code=201, summary="Add a routing rule")
def add_rule(body: RoutingRuleWrite, db_session: SessionDep, principal: PrincipalDep) -> Any:
    return routing.add_rule(
        db_session=db_session, principal=principal, body=body.rule(), priority=body.priority
    )


@router.put("/routing-rules/{rule_id}", response_model=RoutingRuleRead, summary="Change a routing rule")
def replace_rule(
    rule_id: RuleId, body: RoutingRuleWrite, db_session: SessionDep, principal: PrincipalDep
) -> Any:
    return routing.replace_rule(
        db_session=db_session, principal=principal, rule_id=rule_id, body=body.rule(), priority=body.priority
    )


@router.delete("/routing-rules/{rule_id}", status_code=204, summary="Remove a routing rule")
def remove_rule(rule_id: RuleId, db_session: SessionDep, principal: PrincipalDep) -> None:
    routing.remove_rule(db_session=db_session, principal=principal, rule_id=rule_id)


@router.get("/sla/default", response_model=SlaWrite, summary="The SLA for agencies without their own")
def read_default_sla(db_session: SessionDep, principal: PrincipalDep) -> Any:
    sla = service.read_sla(db_session=db_session, principal=principal, agency_id=None)
    return SlaWrite(verify_days=sla.verify_days, respond_days=sla.respond_days, close_days=sla.close_days)


@router.put("/sla/default", response_model=SlaWrite, summary="Change the default SLA (3/5/10 working days)")
def write_default_sla(body: SlaWrite, db_session: SessionDep, principal: PrincipalDep) -> Any:
    service.set_sla(db_session=db_session, principal=principal, agency_id=None, **body.model_dump())
    return body
