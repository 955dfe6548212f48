"""Agencies and SLA policies: the list of agencies with a search, a new agency, one agency's name, zone,
activity and SLA, and the default SLA with every agency's own.

Reads and writes go through api/agency/service.py with the administrator's principal; the service checks
the change, writes its audit event and empties the SLA cache, so the next complaint already counts with
the new deadlines.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.agency import service as agency_service
from api.agency.models import Agency, AgencyLevel
from api.deps import IdPath, SessionDep
from api.errors import InvalidInput, SuaraError
from api.pages.admin_kit import PAGE_SIZE, AdminViewer, Field, redirect, refusal_message
from api.pages.render import ZONE_NAMES, render
from api.pages.viewer import Viewer

router = APIRouter(include_in_schema=False)
SLA_FIELDS = ("verify_days", "respond_days", "close_days")


@router.get("/admin/agencies")
def agencies(
    request: Request, viewer: AdminViewer, db_session: SessionDep, q: str = "", level: str = "", page: int = 1
) -> Response:
    chosen = AgencyLevel(level) if level in set(AgencyLevel) else None
    found = agency_service.list_agencies(
        db_session=db_session, principal=viewer.principal, level=chosen, q=q.strip()[:100] or None
    )
    page = max(1, page)
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return render(
        request,
        viewer,
        "admin/agencies.html",
        agencies=shown,
        total=len(found),
        page=page,
        pages=max(1, -(-len(found) // PAGE_SIZE)),
        q=q,
        level=level,
        levels=list(AgencyLevel),
    )


def _new_form(
    request: Request,
    viewer: Viewer,
    *,
    status_code: int = 200,
    error: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    values = values or {
        "code": "",
        "name": "",
        "level": "office",
        "region_code": "",
        "parent_code": "",
        "timezone": "",
    }
    return render(
        request,
        viewer,
        "admin/agency_new.html",
        status_code=status_code,
        error=error,
        values=values,
        levels=list(AgencyLevel),
        zones=ZONE_NAMES,
    )


@router.get("/admin/agencies/new")
def new_agency_form(request: Request, viewer: AdminViewer) -> Response:
    return _new_form(request, viewer)


@router.post("/admin/agencies/new")
def create_agency(
    request: Request,
    viewer: AdminViewer,
    db_session: SessionDep,
    code: Field = "",
    name: Field = "",
    level: Field = "",
    region_code: Field = "",
    parent_code: Field = "",
    timezone: Field = "",
) -> Response:
    values = {
        "code": code,
        "name": name,
        "level": level,
        "region_code": region_code,
        "parent_code": parent_code,
        "timezone": timezone,
    }
    try:
        agency = agency_service.create_agency(
            db_session=db_session,
            principal=viewer.principal,
            code=code,
            name=name,
            level=level,
            region_code=region_code,
            parent_code=parent_code,
            timezone=timezone or None,
        )
    except SuaraError as refusal:
        message = refusal_message(viewer, refusal, db_session)
        return _new_form(request, viewer, status_code=refusal.status, error=message, values=values)
    return redirect(f"/admin/agencies/{agency.id}", done="created")


def _agency_page(
    request: Request,
    viewer: Viewer,
    db_session: Any,
    agency: Agency,
    *,
    status_code: int = 200,
    error: str | None = None,
    done: str = "",
) -> Response:
    t = viewer.t
    notices = {
        "created": t("The agency was created."),
        "changed": t("The agency was changed."),
        "sla": t("The agency's SLA was changed; new deadlines follow it."),
    }
    own = any(
        a is not None and a.id == agency.id
        for _, a in agency_service.list_sla_policies(db_session=db_session, principal=viewer.principal)
    )
    return render(
        request,
        viewer,
        "admin/agency.html",
        status_code=status_code,
        back=f"/admin/agencies/{agency.id}",
        agency=agency,
        error=error,
        notice=notices.get(done),
        zones=ZONE_NAMES,
        own_sla=own,
        sla=agency_service.read_sla(db_session=db_session, principal=viewer.principal, agency_id=agency.id),
        parent=agency_service.get(db_session=db_session, agency_id=agency.parent_id)
        if agency.parent_id
        else None,
    )


@router.get("/admin/agencies/{agency_id}")
def agency(
    request: Request, agency_id: IdPath, viewer: AdminViewer, db_session: SessionDep, done: str = ""
) -> Response:
    found = agency_service.read(db_session=db_session, principal=viewer.principal, agency_id=agency_id)
    return _agency_page(request, viewer, db_session, found, done=done)


@router.post("/admin/agencies/{agency_id}")
def edit_agency(
    request: Request,
    agency_id: IdPath,
    viewer: AdminViewer,
    db_session: SessionDep,
    name: Field = "",
    timezone: Field = "",
) -> Response:
    try:
        agency_service.update_agency(
            db_session=db_session,
            principal=viewer.principal,
            agency_id=agency_id,
            name=name,
            timezone=timezone,
        )
    except SuaraError as refusal:
        message = refusal_message(viewer, refusal, db_session)
        found = agency_service.get(db_session=db_session, agency_id=agency_id)
        return _agency_page(request, viewer, db_session, found, status_code=refusal.status, error=message)
    return redirect(f"/admin/agencies/{agency_id}", done="changed")


def _days(values: dict[str, str]) -> dict[str, int]:
    """The three SLA fields as whole working days from 1 to 365 (the API's bounds)."""
    days: dict[str, int] = {}
    for field in SLA_FIELDS:
        raw = values.get(field, "").strip()
        if not raw.isdigit() or not 1 <= int(raw) <= 365:
            raise InvalidInput("SLA days: whole working days from 1 to 365")
        days[field] = int(raw)
    return days


@router.post("/admin/agencies/{agency_id}/sla")
def set_agency_sla(
    request: Request,
    agency_id: IdPath,
    viewer: AdminViewer,
    db_session: SessionDep,
    verify_days: Field = "",
    respond_days: Field = "",
    close_days: Field = "",
) -> Response:
    values = {"verify_days": verify_days, "respond_days": respond_days, "close_days": close_days}
    try:
        agency_service.set_sla(
            db_session=db_session, principal=viewer.principal, agency_id=agency_id, **_days(values)
        )
    except SuaraError as refusal:
        message = refusal_message(viewer, refusal, db_session)
        found = agency_service.get(db_session=db_session, agency_id=agency_id)
        return _agency_page(request, viewer, db_session, found, status_code=refusal.status, error=message)
    return redirect(f"/admin/agencies/{agency_id}", done="sla")


def _sla_page(
    request: Request,
    viewer: Viewer,
    db_session: Any,
    *,
    status_code: int = 200,
    error: str | None = None,
    done: str = "",
) -> Response:
    policies = agency_service.list_sla_policies(db_session=db_session, principal=viewer.principal)
    default = agency_service.read_sla(db_session=db_session, principal=viewer.principal, agency_id=None)
    notice = viewer.t("The default SLA was changed; new deadlines follow it.") if done == "default" else None
    return render(
        request,
        viewer,
        "admin/sla.html",
        status_code=status_code,
        error=error,
        notice=notice,
        default=default,
        policies=[(p, a) for p, a in policies if a is not None],
    )


@router.get("/admin/sla")
def sla(request: Request, viewer: AdminViewer, db_session: SessionDep, done: str = "") -> Response:
    return _sla_page(request, viewer, db_session, done=done)


@router.post("/admin/sla")
def set_default_sla(
    request: Request,
    viewer: AdminViewer,
    db_session: SessionDep,
    verify_days: Field = "",
    respond_days: Field = "",
    close_days: Field = "",
) -> Response:
    values = {"verify_days": verify_days, "respond_days": respond_days, "close_days": close_days}
    try:
        agency_service.set_sla(
            db_session=db_session, principal=viewer.principal, agency_id=None, **_days(values)
        )
    except SuaraError as refusal:
        message = refusal_message(viewer, refusal, db_session)
        return _sla_page(request, viewer, db_session, status_code=refusal.status, error=message)
    return redirect("/admin/sla", done="default")
