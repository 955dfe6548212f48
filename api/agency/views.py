"""HTTP routes of agencies, their SLA policies and routing rules."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.agency import service
from api.agency.models import AgencyLevel, RoutingRule
from api.agency.schemas import AgencyRead, RoutingRuleRead, RoutingRuleWrite, SlaWrite
from api.deps import SessionDep

router = APIRouter(tags=["agencies"])
IdPath = Annotated[int, Path(ge=1, le=2**62)]


@router.get("/agencies", response_model=list[AgencyRead])
def list_agencies(
    db_session: SessionDep,
    level: AgencyLevel | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Any:
    return service.list_agencies(db_session=db_session, level=level, q=q)


@router.get("/agencies/{agency_id:int}", response_model=AgencyRead)
def read_agency(agency_id: IdPath, db_session: SessionDep) -> Any:
    return service.get(db_session=db_session, agency_id=agency_id)


@router.get(
    "/agencies/{agency_id:int}/sla", response_model=SlaWrite, summary="The SLA in force for the agency"
)
def read_sla(agency_id: IdPath, db_session: SessionDep) -> Any:
    service.get(db_session=db_session, agency_id=agency_id)
    sla = service.sla_for(db_session=db_session, agency_id=agency_id)
    return SlaWrite(verify_days=sla.verify_days, respond_days=sla.respond_days, close_days=sla.close_days)


@router.put("/agencies/{agency_id:int}/sla", response_model=SlaWrite, summary="Set a stricter or looser SLA")
def write_sla(agency_id: IdPath, body: SlaWrite, db_session: SessionDep) -> Any:
    service.get(db_session=db_session, agency_id=agency_id)
    service.set_sla(db_session=db_session, agency_id=agency_id, **body.model_dump())
    return body


@router.post("/agencies/{agency_id:int}/routing-rules", response_model=RoutingRuleRead, status_code=201)
def add_routing_rule(agency_id: IdPath, body: RoutingRuleWrite, db_session: SessionDep) -> Any:
    service.get(db_session=db_session, agency_id=agency_id)
    rule = RoutingRule(agency_id=agency_id, **body.model_dump())
    db_session.add(rule)
    db_session.flush()
    return rule


@router.get("/sla/default", response_model=SlaWrite, summary="The SLA for agencies without their own")
def read_default_sla(db_session: SessionDep) -> Any:
    sla = service.sla_for(db_session=db_session, agency_id=None)
    return SlaWrite(verify_days=sla.verify_days, respond_days=sla.respond_days, close_days=sla.close_days)


@router.put("/sla/default", response_model=SlaWrite, summary="Change the default SLA (3/5/10 working days)")
def write_default_sla(body: SlaWrite, db_session: SessionDep) -> Any:
    service.set_sla(db_session=db_session, agency_id=None, **body.model_dump())
    return body
