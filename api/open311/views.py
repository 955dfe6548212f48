"""Open311 GeoReport v2 routes (JSON format), so existing civic-tech clients can read and submit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, status

from api import jobs
from api.access import policy
from api.access.policy import Action
from api.deps import PrincipalDep, SessionDep, SettingsDep, SignedIn
from api.open311 import schemas, service
from api.validation import REGION_PATTERN, UtcDatetime

router = APIRouter(prefix="/open311/v2", tags=["open311"])


@router.get("/services.json", summary="Open311 services: the complaint topics")
def list_services() -> list[dict[str, Any]]:
    return service.services()


@router.get("/requests.json", summary="Open311 requests: public complaints (90 days or 1,000 at most)")
def list_requests(
    db_session: SessionDep,
    service_request_id: Annotated[str | None, Query(max_length=4000)] = None,
    service_code: Annotated[str | None, Query(max_length=64)] = None,
    start_date: UtcDatetime | None = None,
    end_date: UtcDatetime | None = None,
    status_: Annotated[str | None, Query(alias="status", pattern="^(open|closed)$")] = None,
) -> list[dict[str, Any]]:
    ids = [i.strip() for i in service_request_id.split(",") if i.strip()] if service_request_id else None
    return service.list_requests(
        db_session=db_session,
        ids=ids,
        service_code=service_code,
        start=start_date,
        end=end_date,
        status=status_,
    )


@router.get("/requests/{request_id}.json", summary="One Open311 request")
def read_request(
    request_id: Annotated[str, Path(max_length=32)], db_session: SessionDep
) -> list[dict[str, Any]]:
    return service.get_request(db_session=db_session, request_id=request_id)


@router.post(
    "/requests.json",
    status_code=status.HTTP_201_CREATED,
    dependencies=[SignedIn],
    summary="Submit an Open311 request (form-encoded, attribute[code] values accepted)",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["service_code", "description"],
                        "properties": {
                            "service_code": {"type": "string", "maxLength": 64, "example": "infrastruktur"},
                            "description": {
                                "type": "string",
                                "minLength": schemas.DESCRIPTION_MIN,
                                "maxLength": schemas.DESCRIPTION_MAX,
                                "example": "Jalan berlubang di depan SD 2",
                            },
                            "first_name": {"type": "string", "maxLength": schemas.NAME_MAX},
                            "last_name": {"type": "string", "maxLength": schemas.NAME_MAX},
                            "phone": {"type": "string", "pattern": schemas.PHONE_PATTERN},
                            "device_id": {"type": "string", "maxLength": schemas.DEVICE_ID_MAX},
                            "attribute[region_code]": {
                                "type": "string",
                                "pattern": REGION_PATTERN,
                                "description": "a Kemendagri code the gazetteer knows",
                                "example": "33.03",
                            },
                        },
                    }
                }
            }
        }
    },
)
async def create_request(
    request: Request,
    background: BackgroundTasks,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> list[dict[str, Any]]:
    """Needs a token with the `open311:write` scope (a partner's client, not an anonymous form)."""
    policy.require(principal, Action.OPEN311_WRITE)  # before the body is read; the service checks again
    form = await request.form(max_files=0, max_fields=50, max_part_size=64 * 1024)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    complaint, created = service.create_request(
        db_session=db_session, principal=principal, form=fields, default_zone=settings.timezone
    )
    analysis_job = jobs.queue_analysis(db_session=db_session, complaint_id=complaint.id) if created else None
    db_session.commit()
    if analysis_job is not None:
        background.add_task(jobs.enqueue, analysis_job)
    notice = "Laporan diterima dan akan diverifikasi dalam 3 hari kerja."
    return [{"service_request_id": complaint.tracking_number, "service_notice": notice, "account_id": None}]
