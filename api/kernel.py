"""The shared vocabulary every domain may import: who is acting (`Principal`, `Role`, the token scopes)
and by which way a complaint came in (`Channel`).

It imports nothing of api/, so a domain's models, its services and the access layer can all name
these without importing each other. Authentication (api/auth/service.py) makes one `Principal` per
request and api/access/policy.py decides from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Channel(StrEnum):
    """How a complaint or recording reached us."""

    HOTLINE = "hotline"
    RADIO = "radio"
    UPLOAD = "upload"
    SMS = "sms"
    WEB = "web"


class Role(StrEnum):
    OPERATOR = "operator"  # hotline operator: records and files calls, sees what they filed
    PRODUCER = "producer"  # radio producer: uploads talkshows, sees what they uploaded
    VERIFIER = "verifier"  # verifier/administrator of a jurisdiction: verifies, routes, merges
    LIAISON = "liaison"  # agency liaison (pejabat penghubung): only what was dispatched to their agency
    LEADER = "leader"  # read-only dashboards over a jurisdiction
    SYSADMIN = "sysadmin"  # system administrator: accounts, tokens, settings; sees everything


# What a machine token may be limited to; a token never exceeds its user's role.
SCOPES: dict[str, str] = {
    "recordings:write": "upload recordings (hotline recorder, talkshow uploads)",
    "recordings:read": "read recordings, transcripts, audio and job status",
    "complaints:read": "read complaints, events and exports",
    "complaints:write": "file, edit and move complaints along the workflow",
    "intake:sms": "the SMS gateway webhook",
    "open311:write": "submit Open311 service requests",
    "stats:read": "the four indicators",
    "admin": "accounts, tokens, agencies, routing rules and SLA policies",
}

Via = Literal["session", "token", "system", "public"]


@dataclass(frozen=True)
class Principal:
    """The acting party of one request or job.

    `agency_id` is the user's own agency: for a liaison the agency they answer for, for a verifier or
    leader the root of their jurisdiction (an agency with no region code is national and sees all).
    `scopes` narrows a machine token; None means everything the role allows.
    """

    username: str
    role: Role | None = None
    user_id: int | None = None
    agency_id: int | None = None
    scopes: frozenset[str] | None = field(default=None)
    via: Via = "public"

    @property
    def is_public(self) -> bool:
        return self.role is None

    def has_scope(self, scope: str) -> bool:
        return self.scopes is None or scope in self.scopes


PUBLIC = Principal(username="anonymous")
SYSTEM = Principal(username="system", role=Role.SYSADMIN, via="system")  # jobs, CLI, migrations
