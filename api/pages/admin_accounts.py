"""Accounts: the list with filters, a new account, and one account's page with disable/enable, unlock,
reset password and the change of name, role or agency.

Every change goes through api/auth/service.py, which checks it (username form, an agency for agency
roles, password rules, never the last sysadmin) and writes the audit event; a refusal re-renders the
form with the service's message and keeps nothing of the change.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.agency import service as agency_service
from api.auth import service as auth_service
from api.auth import tokens
from api.auth.models import User
from api.config import Settings
from api.database import utcnow
from api.deps import IdPath, SessionDep, SettingsDep, client_ip
from api.errors import SuaraError
from api.kernel import Role
from api.pages.admin_kit import AdminViewer, Field, redirect, refusal_message, zone
from api.pages.render import render
from api.pages.viewer import Viewer

router = APIRouter(include_in_schema=False)
STATUSES = ("enabled", "disabled", "locked")


def _status_filter(status: str) -> dict[str, Any]:
    if status == "enabled":
        return {"disabled": False}
    if status == "disabled":
        return {"disabled": True}
    if status == "locked":
        return {"locked_at": utcnow()}
    return {}


@router.get("/admin/accounts")
def accounts(
    request: Request,
    viewer: AdminViewer,
    db_session: SessionDep,
    role: str = "",
    agency: str = "",
    status: str = "",
) -> Response:
    t = viewer.t
    error = None
    filters: dict[str, Any] = _status_filter(status)
    if role in set(Role):
        filters["role"] = Role(role)
    users: list[User] = []
    found = agency_service.get_by_code(db_session=db_session, code=agency.strip()) if agency.strip() else None
    if agency.strip() and found is None:
        error = t("No agency has the code {code}.", code=agency.strip())
    else:
        if found is not None:
            filters["agency_id"] = found.id
        users = auth_service.list_users(db_session=db_session, **filters)
    codes = {
        a.id: a.code for a in agency_service.list_agencies(db_session=db_session, principal=viewer.principal)
    }
    return render(
        request,
        viewer,
        "admin/accounts.html",
        users=users,
        codes=codes,
        now=utcnow(),
        zone=zone(viewer),
        error=error,
        filters={"role": role, "agency": agency, "status": status},
        roles=list(Role),
        statuses=STATUSES,
    )


def _new_form(
    request: Request,
    viewer: Viewer,
    *,
    status_code: int = 200,
    error: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    values = values or {"username": "", "display_name": "", "role": "", "agency_code": ""}
    return render(
        request,
        viewer,
        "admin/account_new.html",
        status_code=status_code,
        error=error,
        values=values,
        roles=list(Role),
    )


@router.get("/admin/accounts/new")
def new_account_form(request: Request, viewer: AdminViewer) -> Response:
    return _new_form(request, viewer)


@router.post("/admin/accounts/new")
def create_account(
    request: Request,
    viewer: AdminViewer,
    db_session: SessionDep,
    settings: SettingsDep,
    username: Field = "",
    display_name: Field = "",
    role: Field = "",
    agency_code: Field = "",
    password: Field = "",
    confirm_password: Field = "",
) -> Response:
    t = viewer.t
    values = {"username": username, "display_name": display_name, "role": role, "agency_code": agency_code}
    if password != confirm_password:
        return _new_form(
            request, viewer, status_code=422, error=t("The two passwords differ."), values=values
        )
    try:
        user = auth_service.create_user(
            db_session=db_session,
            settings=settings,
            username=username.strip().lower(),
            role=role,
            actor=viewer.principal.username,
            agency_code=agency_code.strip() or None,
            display_name=display_name.strip() or None,
            password=password or None,
            ip=client_ip(request),
        )
    except SuaraError as refusal:
        message = refusal_message(viewer, refusal, db_session)
        return _new_form(request, viewer, status_code=refusal.status, error=message, values=values)
    return redirect(f"/admin/accounts/{user.id}", done="created")


def _account_page(
    request: Request,
    viewer: Viewer,
    db_session: Any,
    user: User,
    *,
    status_code: int = 200,
    error: str | None = None,
    done: str = "",
) -> Response:
    t = viewer.t
    notices = {
        "created": t("The account was created. Give its user the password by a safe way."),
        "disabled": t("The account was disabled and its sessions ended."),
        "enabled": t("The account was enabled."),
        "unlocked": t("The account was unlocked: its user may sign in again now."),
        "password": t("The password was reset and the account's sessions ended."),
        "changed": t("The account was changed."),
    }
    now = utcnow()
    return render(
        request,
        viewer,
        "admin/account.html",
        status_code=status_code,
        back=f"/admin/accounts/{user.id}",
        user=user,
        error=error,
        notice=notices.get(done),
        now=now,
        zone=zone(viewer),
        roles=list(Role),
        locked=user.locked_until is not None and user.locked_until > now,
        agency_code=auth_service.agency_code(db_session=db_session, agency_id=user.agency_id) or "",
        tokens=tokens.listed(db_session=db_session, user_id=user.id),
    )


@router.get("/admin/accounts/{user_id}")
def account(
    request: Request, user_id: IdPath, viewer: AdminViewer, db_session: SessionDep, done: str = ""
) -> Response:
    user = auth_service.get_user(db_session=db_session, user_id=user_id)
    return _account_page(request, viewer, db_session, user, done=done)


def _change(
    request: Request,
    viewer: Viewer,
    db_session: Any,
    settings: Settings,
    user_id: int,
    changes: dict[str, Any],
    done: str,
) -> Response:
    user = auth_service.get_user(db_session=db_session, user_id=user_id)
    try:
        auth_service.update_user(
            db_session=db_session,
            settings=settings,
            user=user,
            actor=viewer.principal.username,
            changes=changes,
            ip=client_ip(request),
        )
    except SuaraError as refusal:
        message = refusal_message(viewer, refusal, db_session)
        user = auth_service.get_user(db_session=db_session, user_id=user_id)
        return _account_page(request, viewer, db_session, user, status_code=refusal.status, error=message)
    return redirect(f"/admin/accounts/{user_id}", done=done)


@router.post("/admin/accounts/{user_id}/disable")
def disable(
    request: Request, user_id: IdPath, viewer: AdminViewer, db_session: SessionDep, settings: SettingsDep
) -> Response:
    return _change(request, viewer, db_session, settings, user_id, {"disabled": True}, "disabled")


@router.post("/admin/accounts/{user_id}/enable")
def enable(
    request: Request, user_id: IdPath, viewer: AdminViewer, db_session: SessionDep, settings: SettingsDep
) -> Response:
    return _change(request, viewer, db_session, settings, user_id, {"disabled": False}, "enabled")


@router.post("/admin/accounts/{user_id}/unlock")
def unlock(
    request: Request, user_id: IdPath, viewer: AdminViewer, db_session: SessionDep, settings: SettingsDep
) -> Response:
    return _change(request, viewer, db_session, settings, user_id, {"unlock": True}, "unlocked")


@router.post("/admin/accounts/{user_id}/password")
def reset_password(
    request: Request,
    user_id: IdPath,
    viewer: AdminViewer,
    db_session: SessionDep,
    settings: SettingsDep,
    password: Field = "",
    confirm_password: Field = "",
) -> Response:
    if password != confirm_password:
        user = auth_service.get_user(db_session=db_session, user_id=user_id)
        error = viewer.t("The two passwords differ.")
        return _account_page(request, viewer, db_session, user, status_code=422, error=error)
    return _change(request, viewer, db_session, settings, user_id, {"password": password}, "password")


@router.post("/admin/accounts/{user_id}/edit")
def edit(
    request: Request,
    user_id: IdPath,
    viewer: AdminViewer,
    db_session: SessionDep,
    settings: SettingsDep,
    display_name: Field = "",
    role: Field = "",
    agency_code: Field = "",
) -> Response:
    if role not in set(Role):
        user = auth_service.get_user(db_session=db_session, user_id=user_id)
        error = viewer.t("Choose a role.")
        return _account_page(request, viewer, db_session, user, status_code=422, error=error)
    changes: dict[str, Any] = {"role": role, "agency_code": agency_code.strip() or None}
    if display_name.strip():
        changes["display_name"] = display_name
    return _change(request, viewer, db_session, settings, user_id, changes, "changed")
