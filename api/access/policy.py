"""Who may see and do what: the one place access is decided.

Three questions, answered here and nowhere else:

- **may this principal do this at all?** `require(principal, action)`: the role × action table `ALLOWED`
  plus the scope a token must carry (`SCOPE_OF`). No credentials → 401, a role or token that may not → 403.
- **which complaints can it reach?** `visible_complaints(stmt, principal, db_session=…)`, a SQL filter that
  every read of complaints goes through (lists, exports, statistics, duplicates, recordings, jobs). A
  complaint outside it does not exist for that principal: the services answer 404, exactly as for an id
  that was never used, so guessing ids reveals nothing.
- **what of a reachable complaint may it read?** `disclosure(principal, complaint)`: reporter contact,
  the raw text and transcript, the audio.

The web pages ask `allowed(principal, action)` to show or hide buttons; the services enforce the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import Session

from api.agency.models import Agency
from api.auth.models import User
from api.complaint.models import Complaint
from api.errors import Forbidden, Unauthorized
from api.kernel import Principal, Role
from api.recording.models import Recording

R = Role
S = TypeVar("S", bound=Select[Any])


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


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Where a verifier or leader works: a region prefix (None: national) and the agencies under theirs."""

    region: str | None
    agency_ids: frozenset[int]
    national: bool


def jurisdiction(db_session: Session, agency_id: int) -> Jurisdiction:
    """The agency's subtree (agencies.parent_id) and its region; cached for the session's lifetime."""
    cache: dict[int, Jurisdiction] = db_session.info.setdefault("suara.jurisdictions", {})
    if agency_id in cache:
        return cache[agency_id]
    root = db_session.get(Agency, agency_id)
    if root is None:
        found = Jurisdiction(region=None, agency_ids=frozenset(), national=False)
    else:
        tree = select(Agency.id).where(Agency.id == agency_id).cte("tree", recursive=True)
        tree = tree.union_all(select(Agency.id).where(Agency.parent_id == tree.c.id))
        ids = frozenset(db_session.scalars(select(tree.c.id)))
        found = Jurisdiction(region=root.region_code or None, agency_ids=ids, national=not root.region_code)
    cache[agency_id] = found
    return found


def home_region(db_session: Session, username: str | None) -> str | None:
    """The region of a user's own agency (None: no agency, a national one, or not a user).

    A complaint filed by someone with a regional agency belongs there until a verifier moves it: without
    it, a complaint with neither region nor agency would fall to `SUARA_DEFAULT_REGION`, another
    jurisdiction's verifiers would read it, and nlp would route it to the default region's agencies.
    """
    if not username:
        return None
    stmt = select(Agency.region_code).join(User, User.agency_id == Agency.id).where(User.username == username)
    return db_session.scalar(stmt) or None


def within(code: str | None, region: str | None) -> bool:
    """True when `code` lies inside `region` (equal, or a subdivision of it); any code is inside None."""
    return region is None or (code is not None and (code == region or code.startswith(region + ".")))


def related(code: str | None, region: str | None) -> bool:
    """True when one region contains the other, or either is national (None)."""
    return code is None or region is None or within(code, region) or within(region, code)


def _prefix(column: Any, prefix: str) -> ColumnElement[bool]:
    # A prefix as a range ("33" ≤ code < "33/"; "/" follows "." in ASCII) so the region index serves it.
    return and_(column >= prefix, column < prefix + "/")


def complaint_scope(
    principal: Principal, *, db_session: Session, default_region: str | None = None
) -> ColumnElement[bool]:
    """The SQL condition a complaint must meet to exist for `principal` (see the module docstring)."""
    role = principal.role
    if role is None:
        return false()
    if role == R.SYSADMIN:
        return true()
    if role == R.OPERATOR:
        return Complaint.filed_by == principal.username
    if role == R.PRODUCER:
        mine = select(Recording.id).where(Recording.uploaded_by == principal.username)
        return Complaint.recording_id.in_(mine)
    if principal.agency_id is None:  # an agency role without an agency has nowhere to look
        return false()
    if role == R.LIAISON:
        return and_(Complaint.agency_id == principal.agency_id, Complaint.dispatched_at.is_not(None))
    # verifier and leader: their jurisdiction
    area = jurisdiction(db_session, principal.agency_id)
    if area.national:
        return true()
    if area.region is None:  # an unknown agency id
        return false()
    conditions = [
        _prefix(Complaint.region_code, area.region),
        Complaint.agency_id.in_(sorted(area.agency_ids)),
    ]
    # Complaints nobody has placed yet belong to the deployment's own area.
    if default_region is None or default_region.startswith(area.region):
        conditions.append(and_(Complaint.region_code.is_(None), Complaint.agency_id.is_(None)))
    return or_(*conditions)


def visible_complaints(
    stmt: S, principal: Principal, *, db_session: Session, default_region: str | None = None
) -> S:
    """`stmt` (a select over complaints) narrowed to what `principal` may reach."""
    return stmt.where(complaint_scope(principal, db_session=db_session, default_region=default_region))


def recording_scope(
    principal: Principal, *, db_session: Session, default_region: str | None = None
) -> ColumnElement[bool]:
    """A recording exists for those who uploaded it and those who can reach a complaint cut from it."""
    if principal.role is None:
        return false()
    if principal.role == R.SYSADMIN:
        return true()
    cut = select(Complaint.recording_id).where(
        Complaint.recording_id.is_not(None),
        complaint_scope(principal, db_session=db_session, default_region=default_region),
    )
    return or_(Recording.uploaded_by == principal.username, Recording.id.in_(cut))


@dataclass(frozen=True, slots=True)
class Disclosure:
    """What of a reachable complaint a principal may read.

    `contact`: reporter name, phone and NIK. `raw`: the text as spoken or written (else the redacted
    `public_text`), the transcript, the audio, edits of the text in the event log, and nlp's suggestions
    that name the person (else removed).
    """

    contact: bool
    raw: bool


FULL = Disclosure(contact=True, raw=True)
NOTHING = Disclosure(contact=False, raw=False)


def disclosure(principal: Principal, complaint: Complaint) -> Disclosure:
    """Reporter details and raw text for one complaint the principal can already reach.

    Verifiers and the system see everything in their jurisdiction, an operator what they filed. A liaison
    sees the reporter unless the report is anonymous; then only what the public would. A producer hears the
    audio they uploaded but is never shown the reporter's details; a leader reads dashboards, never a person.
    """
    role = principal.role
    if role in (R.SYSADMIN, R.VERIFIER):
        return FULL
    if role == R.OPERATOR:
        return FULL if complaint.filed_by == principal.username else NOTHING
    if role == R.LIAISON:
        return NOTHING if complaint.anonymous else FULL
    if role == R.PRODUCER:
        return Disclosure(contact=False, raw=True)
    return NOTHING


CONTACT_FIELDS = ("reporter_name", "reporter_phone", "reporter_nik")
AUDITED_FIELDS = ("reporter_phone", "reporter_nik")  # reading these leaves a read_contact event
# nlp entity labels that name or locate a person exactly (nlp.redact.MASKS)
PERSONAL_ENTITIES = frozenset({"PERSON", "PHONE", "NIK", "EMAIL", "RT_RW", "ADDRESS"})


def redact_suggestions(suggestions: dict[str, Any]) -> dict[str, Any]:
    """nlp's suggestions without the entities that name, call or identify the reporter."""
    kept = dict(suggestions)
    kept["entities"] = [
        e
        for e in suggestions.get("entities", ())
        if not (isinstance(e, dict) and e.get("label") in PERSONAL_ENTITIES)
    ]
    return kept


def withheld_reporter_fields(seen: Disclosure, *, full: bool) -> frozenset[str]:
    """Reporter fields blanked in a complaint read: all of them without contact disclosure, and phone and
    NIK outside a `full` (single complaint) read, since a detail read is the one that gets audited."""
    withheld = set() if seen.contact else set(CONTACT_FIELDS)
    return frozenset(withheld | (set() if full else set(AUDITED_FIELDS)))


def sees_caller_number(principal: Principal, recording: Recording) -> bool:
    """A recording's caller number is shown only to whoever uploaded it (they gave it); everyone else
    reaches the reporter's number through the complaint, where reading it is audited."""
    return recording.uploaded_by == principal.username


def withheld_event_field(field: str | None, seen: Disclosure) -> bool:
    """Whether an event's from/to values are withheld: reporter fields without contact, text without raw."""
    if field in CONTACT_FIELDS:
        return not seen.contact
    return field in ("text",) and not seen.raw


def raw_text_condition(principal: Principal) -> ColumnElement[bool]:
    """Complaints whose raw text this principal may read, as SQL (`disclosure(...).raw` for a whole list).

    A text search matches the raw text only where this holds, and the redacted public text elsewhere:
    otherwise searching a name would tell which anonymous report that person made.
    """
    if principal.role in (R.SYSADMIN, R.VERIFIER, R.PRODUCER):
        return true()
    if principal.role == R.OPERATOR:
        return Complaint.filed_by == principal.username
    if principal.role == R.LIAISON:
        return Complaint.anonymous.is_(False)
    return false()


def contact_search_condition(principal: Principal) -> ColumnElement[bool]:
    """Where a search by phone or NIK may look: only where the principal may read those very fields.

    Raises Forbidden for roles that never read contact details (a leader counting complaints by phone
    number would learn who reported); a liaison's search skips anonymous reports.
    """
    if principal.role in (R.SYSADMIN, R.VERIFIER):
        return true()
    if principal.role == R.OPERATOR:
        return Complaint.filed_by == principal.username
    if principal.role == R.LIAISON:
        return Complaint.anonymous.is_(False)
    raise Forbidden(f"a {principal.role} may not search by phone number or NIK")


def may_hear(principal: Principal, *, db_session: Session, recording_id: int, default_region: str) -> bool:
    """Whether the principal may play a stored recording and read its transcripts (`hears_recording`)."""
    recording = db_session.get(Recording, recording_id)
    if recording is None:
        return False
    cut = list(db_session.scalars(select(Complaint).where(Complaint.recording_id == recording_id)))
    scope = complaint_scope(principal, db_session=db_session, default_region=default_region)
    reachable = set(
        db_session.scalars(select(Complaint.id).where(Complaint.recording_id == recording_id, scope))
    )
    return hears_recording(
        principal, uploaded_by=recording.uploaded_by, cut=[(c, c.id in reachable) for c in cut]
    )


def hears_recording(
    principal: Principal, *, uploaded_by: str | None, cut: list[tuple[Complaint, bool]]
) -> bool:
    """Whether the principal may play a recording and read its transcripts.

    `cut` holds each complaint cut from the recording and whether the principal can reach it. The uploader
    and the system always may; a verifier when any of its complaints is in their jurisdiction; anyone else
    only when they may read the raw text of every complaint in it, so one anonymous caller in a talkshow
    keeps the whole show's audio from an agency. A leader never listens.
    """
    if not allowed(principal, Action.READ_RECORDINGS):
        return False
    if principal.role == R.SYSADMIN or (uploaded_by is not None and uploaded_by == principal.username):
        return True
    if not any(reachable for _, reachable in cut):
        return False
    if principal.role == R.VERIFIER:
        return True
    return all(reachable and disclosure(principal, c).raw for c, reachable in cut)


# Reports not yet reviewed, or turned down, or merged into another are not published (review before
# publish); confidential (rahasia) ones never are.
UNPUBLISHED = ("draft", "postponed", "rejected")


def public_complaints() -> ColumnElement[bool]:
    """Complaints that may appear in a public output (Open311, public statistics)."""
    return and_(Complaint.confidential.is_(False), Complaint.status.not_in(UNPUBLISHED))
