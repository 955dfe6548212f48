"""What every administration page shares: the sysadmin-only viewer, the visitor's address for the audit
log, the zone times are shown in, refusals as form messages, and POST-redirect-GET.

Every page of the family depends on `AdminViewer`: the policy table's `Action.ADMIN` (a sysadmin, and
for a token the `admin` scope); any other role gets the 403 page before a query runs.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Form
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from api.access.policy import Action
from api.agency.service import timezone_for_region
from api.errors import SuaraError
from api.pages.refusals import refusal_text
from api.pages.viewer import Viewer, page_viewer

AdminViewer = Annotated[Viewer, Depends(page_viewer(Action.ADMIN))]
Field = Annotated[str, Form(max_length=4000)]
PAGE_SIZE = 50
# Service messages that name what they refused, shown in the visitor's language with that name kept.
NO_USER = re.compile(r"no user named '([^']*)'")
USER_TAKEN = re.compile(r"a user named '([^']*)' already exists")
NO_AGENCY = re.compile(r"(?:agency_code: no agency with code|unknown agency) '([^']*)'")
AGENCY_TAKEN = re.compile(r"an agency with code '([^']*)' already exists")


def zone(viewer: Viewer) -> str:
    """The zone this administrator reads times in: their agency's region, else WIB."""
    return timezone_for_region(viewer.region_code)


def refusal_message(viewer: Viewer, refusal: SuaraError, db_session: Session | None = None) -> str:
    """A service's refusal as a form message (Indonesian where the catalogue has it); the change it
    refused is rolled back so that nothing half-made is committed with the page."""
    if db_session is not None:
        db_session.rollback()
    t = viewer.t
    for pattern, message in (
        (NO_USER, lambda name: t("No account is named {name}.", name=name)),
        (USER_TAKEN, lambda name: t("An account named {name} already exists.", name=name)),
        (NO_AGENCY, lambda code: t("No agency has the code {code}.", code=code)),
        (AGENCY_TAKEN, lambda code: t("An agency with the code {code} already exists.", code=code)),
    ):
        match = pattern.fullmatch(refusal.detail)
        if match is not None:
            return message(match.group(1))
    return refusal_text(t, refusal.detail)


def redirect(path: str, **query: str) -> RedirectResponse:
    """After a change, GET the page that shows it (a reload never repeats the change)."""
    shown = {k: v for k, v in query.items() if v}
    return RedirectResponse(f"{path}?{urlencode(shown)}" if shown else path, status_code=303)


def page_numbers(page: int, has_next: bool) -> dict[str, int | None]:
    """Previous and next page numbers for a list read one page (plus one row) at a time."""
    return {"previous": page - 1 if page > 1 else None, "next": page + 1 if has_next else None}
