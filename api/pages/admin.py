"""The system administrator's pages: an overview linking to accounts, machine tokens, agencies, routing
rules, SLA policies and the audit log, each in a module of its own (admin_accounts, admin_tokens,
admin_reference, admin_rules, admin_audit) whose router this one includes.

Only a role the policy table allows `Action.ADMIN` opens them (admin_kit.AdminViewer); everyone else gets
the 403 page before anything is read.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.agency import routing
from api.agency import service as agency_service
from api.audit import service as audit
from api.auth import service as auth_service
from api.auth import tokens
from api.database import utcnow
from api.deps import SessionDep
from api.pages import admin_accounts, admin_audit, admin_reference, admin_rules, admin_tokens
from api.pages.admin_kit import AdminViewer, zone
from api.pages.render import render

router = APIRouter(include_in_schema=False)
for part in (admin_accounts, admin_tokens, admin_reference, admin_rules, admin_audit):
    router.include_router(part.router)


@router.get("/admin")
def overview(request: Request, viewer: AdminViewer, db_session: SessionDep) -> Response:
    """What needs an administrator's eye today: locked and disabled accounts, live tokens, the rules and
    SLA in force, and the latest entries of the audit log."""
    now = utcnow()
    users = auth_service.list_users(db_session=db_session)
    live = [
        t
        for t, _ in tokens.listed(db_session=db_session, user_id=None)
        if t.revoked_at is None and (t.expires_at is None or t.expires_at > now)
    ]
    principal = viewer.principal
    counts = {
        "accounts": len(users),
        "locked": sum(1 for u in users if u.locked_until is not None and u.locked_until > now),
        "disabled": sum(1 for u in users if u.disabled),
        "tokens": len(live),
        "agencies": len(agency_service.list_agencies(db_session=db_session, principal=principal)),
        "rules": len(routing.list_rules(db_session=db_session, principal=principal)),
    }
    return render(
        request,
        viewer,
        "admin/index.html",
        counts=counts,
        zone=zone(viewer),
        sla=agency_service.read_sla(db_session=db_session, principal=principal, agency_id=None),
        events=audit.search(db_session=db_session, limit=8),
    )
