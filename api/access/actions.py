"""The policy table: which role may take which action, and the scope a token must carry for it.

`require(principal, action)` answers "may this principal do this at all?" (401 without credentials, 403
for a role or token that may not); the web pages ask `allowed(principal, action)` to show or hide buttons.
Nothing here reads the store: which complaints a principal reaches is api/access/scope.py, what of them
it may read is api/access/disclosure.py.
"""

from __future__ import annotations

from enum import StrEnum

from api.errors import Forbidden, Unauthorized
from api.kernel import Principal, Role

R = Role


class Action(StrEnum):
    READ = "read"  # complaints, their events, responses and transcripts (within what is visible)
    READ_RECORDINGS = "read_recordings"  # recording metadata, audio, transcripts, job status
    READ_REFERENCE = "read_reference"  # agencies, routing rules, SLA policies
    UPLOAD = "upload"
    FILE = "file"
    EDIT = "edit"  # correct fields and the transcript
    ROUTE = "route"
    VERIFY = "verify"  # verify, postpone, resume a draft
    DISPATCH = "dispatch"
    MERGE = "merge"
    REJECT = "reject"
    ARCHIVE = "archive"
    CLOSE = "close"
    REOPEN = "reopen"  # reopen a closed/ended report, or object to a response (back to the agency)
    PROGRESS = "progress"  # the agency marks it in progress
    RESPOND = "respond"
    RETURN = "return"  # "not our authority"
    STATS = "stats"
    EXPORT = "export"
    ADMIN = "admin"  # agencies, routing rules, SLA policies
    INTAKE_SMS = "intake_sms"
    OPEN311_WRITE = "open311_write"


_STAFF = frozenset(Role)
_FILERS = frozenset({R.OPERATOR, R.VERIFIER, R.SYSADMIN})
_VERIFIERS = frozenset({R.VERIFIER, R.SYSADMIN})
_AGENCY = frozenset({R.LIAISON, R.SYSADMIN})
_OVERSIGHT = frozenset({R.VERIFIER, R.LEADER, R.SYSADMIN})

ALLOWED: dict[Action, frozenset[Role]] = {
    Action.READ: _STAFF,
    Action.READ_RECORDINGS: _STAFF - {R.LEADER},
    Action.READ_REFERENCE: _STAFF,
    Action.UPLOAD: frozenset({R.OPERATOR, R.PRODUCER, R.VERIFIER, R.SYSADMIN}),
    Action.FILE: _FILERS,
    Action.EDIT: _VERIFIERS,
    Action.ROUTE: _VERIFIERS,
    Action.VERIFY: _VERIFIERS,
    Action.DISPATCH: _VERIFIERS,
    Action.MERGE: _VERIFIERS,
    Action.REJECT: _VERIFIERS,
    Action.ARCHIVE: _VERIFIERS,
    Action.CLOSE: _VERIFIERS,
    Action.REOPEN: _VERIFIERS,
    Action.PROGRESS: _AGENCY,
    Action.RESPOND: _AGENCY,
    Action.RETURN: _AGENCY,
    Action.STATS: _OVERSIGHT,
    Action.EXPORT: _OVERSIGHT,
    Action.ADMIN: frozenset({R.SYSADMIN}),
    Action.INTAKE_SMS: _FILERS,
    Action.OPEN311_WRITE: _FILERS,
}

# The scope a token must carry for each action (None: any signed-in principal).
SCOPE_OF: dict[Action, str | None] = {
    Action.READ: "complaints:read",
    Action.READ_RECORDINGS: "recordings:read",
    Action.READ_REFERENCE: None,
    Action.UPLOAD: "recordings:write",
    Action.STATS: "stats:read",
    Action.EXPORT: "complaints:read",
    Action.ADMIN: "admin",
    Action.INTAKE_SMS: "intake:sms",
    Action.OPEN311_WRITE: "open311:write",
}
for _action in Action:  # every other action moves or changes a complaint
    SCOPE_OF.setdefault(_action, "complaints:write")

# The workflow's event verbs (api/complaint/workflow.action_name) and the action each one needs.
TRANSITION_ACTIONS: dict[str, Action] = {
    "verified": Action.VERIFY,
    "postponed": Action.VERIFY,
    "resume": Action.VERIFY,
    "dispatch": Action.DISPATCH,
    "rejected": Action.REJECT,
    "archived": Action.ARCHIVE,
    "duplicate": Action.MERGE,
    "in_progress": Action.PROGRESS,
    "responded": Action.RESPOND,
    "return": Action.RETURN,
    "closed": Action.CLOSE,
    "object": Action.REOPEN,
    "reopen": Action.REOPEN,
}


def allowed(principal: Principal, action: Action) -> bool:
    """Whether the role and the token's scopes permit `action` (visibility of a complaint aside)."""
    if principal.role is None or principal.role not in ALLOWED[action]:
        return False
    scope = SCOPE_OF[action]
    return scope is None or principal.has_scope(scope)


def require(principal: Principal, action: Action) -> None:
    """Raise Unauthorized (no credentials) or Forbidden unless `principal` may do `action`.

    Call it on a complaint only once it was loaded through `visible_complaints`: a complaint out of sight
    must answer 404 before anyone learns it exists, so the 403 here only ever concerns what one may see.
    """
    if principal.is_public:
        raise Unauthorized("sign in or send an API token")
    if principal.role not in ALLOWED[action]:
        raise Forbidden(f"a {principal.role} may not {action.value.replace('_', ' ')}")
    scope = SCOPE_OF[action]
    if scope is not None and not principal.has_scope(scope):
        raise Forbidden(f"this token lacks the scope {scope!r}")


def require_signed_in(principal: Principal) -> None:
    if principal.is_public:
        raise Unauthorized("sign in or send an API token")
