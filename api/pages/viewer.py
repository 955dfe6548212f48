"""Who is looking at a page: the principal with what the layout shows of them (name, role, jurisdiction),
their language and the session's CSRF token for forms.

Page routes depend on `page_viewer(action)`: the public is sent to sign in, a signed-in user whose role
may not do `action` (policy.allowed, the table the API enforces) gets the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.agency.models import Agency
from api.auth.models import User
from api.deps import PrincipalDep, SessionDep
from api.errors import Forbidden
from api.kernel import PUBLIC, Principal
from api.pages.i18n import Translate, language_of, translator


class SignInNeeded(Exception):
    """Raised by a page that needs a signed-in user; answered with a redirect to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


@dataclass(frozen=True)
class Viewer:
    """The person a page is rendered for (the public included)."""

    principal: Principal
    language: str
    csrf_token: str | None = None
    display_name: str | None = None
    agency_name: str | None = None
    region_code: str | None = None

    @property
    def t(self) -> Translate:
        return translator(self.language)

    @property
    def signed_in(self) -> bool:
        return not self.principal.is_public

    def may(self, action: Action | str) -> bool:
        """What a page shows and offers follows the same table the API enforces."""
        return policy.allowed(self.principal, Action(action))


def viewer_of(request: Request, db_session: Session | None = None) -> Viewer:
    """The viewer of `request`; with a database session, also their name and agency for the layout."""
    principal: Principal = getattr(request.state, "principal", None) or PUBLIC
    web_session = getattr(request.state, "web_session", None)
    viewer = Viewer(
        principal=principal,
        language=language_of(request),
        csrf_token=web_session.csrf_token if web_session is not None else None,
    )
    if db_session is None or principal.user_id is None:
        return viewer
    user = db_session.get(User, principal.user_id)
    agency = db_session.get(Agency, principal.agency_id) if principal.agency_id is not None else None
    return Viewer(
        principal=principal,
        language=viewer.language,
        csrf_token=viewer.csrf_token,
        display_name=(user.display_name or user.username) if user is not None else principal.username,
        agency_name=agency.name if agency is not None else None,
        region_code=agency.region_code if agency is not None else None,
    )


def _next_path(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return quote(f"{request.url.path}{query}", safe="/?=&")


def page_viewer(action: Action | None = None) -> Callable[..., Viewer]:
    """A dependency: the signed-in viewer allowed to do `action` (any signed-in user when None)."""

    def dependency(request: Request, principal: PrincipalDep, db_session: SessionDep) -> Viewer:
        if principal.is_public:
            raise SignInNeeded(_next_path(request))
        if action is not None and not policy.allowed(principal, action):
            raise Forbidden("your role may not open this page")
        return viewer_of(request, db_session)

    return dependency


def any_viewer(request: Request, principal: PrincipalDep, db_session: SessionDep) -> Viewer:
    """A dependency for pages open to everyone (the public statistics, the sign-in page)."""
    return viewer_of(request, db_session)


AnyViewer = Annotated[Viewer, Depends(any_viewer)]
SignedInViewer = Annotated[Viewer, Depends(page_viewer())]
