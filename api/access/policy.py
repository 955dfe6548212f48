"""Who may see and do what: the one place access is decided, in three files along its three questions.

- **may this principal do this at all?** `require(principal, action)`: the role × action table `ALLOWED`
  plus the scope a token must carry (`SCOPE_OF`). No credentials → 401, a role or token that may not → 403.
  (api/access/actions.py)
- **which complaints can it reach?** `visible_complaints(stmt, principal, db_session=…)`, a SQL filter that
  every read of complaints goes through (lists, exports, statistics, duplicates, recordings, jobs). A
  complaint outside it does not exist for that principal: the services answer 404, exactly as for an id
  that was never used, so guessing ids reveals nothing. (api/access/scope.py)
- **what of a reachable complaint may it read?** `disclosure(principal, complaint)`: reporter contact,
  the raw text and transcript, the audio. (api/access/disclosure.py)

This module is the access layer's front door: the domains and views import `policy` and use these names;
the three files import only downwards (actions ← scope ← disclosure), never this one. The web pages ask
`allowed(principal, action)` to show or hide buttons; the services enforce the same table.
"""

from __future__ import annotations

from api.access.actions import (
    ALLOWED,
    SCOPE_OF,
    TRANSITION_ACTIONS,
    Action,
    allowed,
    require,
    require_signed_in,
)
from api.access.disclosure import (
    AUDITED_FIELDS,
    CONTACT_FIELDS,
    FULL,
    NOTHING,
    PERSONAL_ENTITIES,
    Disclosure,
    contact_search_condition,
    disclosure,
    hears_recording,
    may_hear,
    may_hear_clip,
    raw_text_condition,
    redact_suggestions,
    sees_caller_number,
    withheld_event_field,
    withheld_reporter_fields,
)
from api.access.scope import (
    UNPUBLISHED,
    Jurisdiction,
    complaint_scope,
    home_region,
    jurisdiction,
    own_region,
    public_complaints,
    recording_scope,
    related,
    visible_complaints,
    within,
)

__all__ = [
    "ALLOWED",
    "AUDITED_FIELDS",
    "CONTACT_FIELDS",
    "FULL",
    "NOTHING",
    "PERSONAL_ENTITIES",
    "SCOPE_OF",
    "TRANSITION_ACTIONS",
    "UNPUBLISHED",
    "Action",
    "Disclosure",
    "Jurisdiction",
    "allowed",
    "complaint_scope",
    "contact_search_condition",
    "disclosure",
    "hears_recording",
    "home_region",
    "jurisdiction",
    "may_hear",
    "may_hear_clip",
    "own_region",
    "public_complaints",
    "raw_text_condition",
    "recording_scope",
    "redact_suggestions",
    "related",
    "require",
    "require_signed_in",
    "sees_caller_number",
    "visible_complaints",
    "withheld_event_field",
    "withheld_reporter_fields",
    "within",
]
