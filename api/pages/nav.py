"""The navigation: one entry per page family, shown only to those the policy table lets use it.

A page family's router (api/pages/<family>.py) serves the path named here; adding a family means one
entry here and one router in api/pages/__init__.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.access import policy
from api.access.policy import Action
from api.kernel import Principal, Role


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # English source text; the layout translates it
    action: Action | None  # None: shown to everyone, signed in or not


NAV: tuple[NavItem, ...] = (
    NavItem("/queue", "Complaints", Action.VERIFY),
    NavItem("/desk", "Live call", Action.FILE),
    NavItem("/shows", "Talkshows", Action.UPLOAD),
    NavItem("/inbox", "Agency inbox", Action.RESPOND),
    NavItem("/dashboard", "Dashboard", Action.STATS),
    NavItem("/admin", "Administration", Action.ADMIN),
    NavItem("/statistics", "Public statistics", None),
)


def nav_for(principal: Principal) -> list[NavItem]:
    """The entries `principal` may open, in the order above."""
    return [item for item in NAV if item.action is None or policy.allowed(principal, item.action)]


LANDING: dict[Role, str] = {
    Role.OPERATOR: "/desk",
    Role.PRODUCER: "/shows",
    Role.VERIFIER: "/queue",
    Role.LIAISON: "/inbox",
    Role.LEADER: "/dashboard",
    Role.SYSADMIN: "/admin",
}


def landing_path(principal: Principal) -> str:
    """Where a user lands after signing in: the page of their daily work; the public statistics for
    the public."""
    return LANDING.get(principal.role, "/statistics") if principal.role is not None else "/statistics"
