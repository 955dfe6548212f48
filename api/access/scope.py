"""Which complaints and recordings a principal can reach, as SQL conditions, and the jurisdiction helpers.

`visible_complaints(stmt, principal, db_session=…, default_region=…)` is the filter every read of
complaints goes through (lists, exports, statistics, duplicates, recordings, jobs). A complaint outside
it does not exist for that principal: the services answer 404, exactly as for an id that was never used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import Session

from api.agency.models import Agency
from api.auth.models import User
from api.complaint.models import Complaint
from api.kernel import Principal, Role
from api.recording.models import Recording

R = Role
S = TypeVar("S", bound=Select[Any])


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


def own_region(db_session: Session, principal: Principal) -> str | None:
    """`home_region` of the acting principal, from the agency it already carries: no query when it has none
    (an SMS gateway's or Open311 client's account usually has none, and it files at every request)."""
    if principal.agency_id is None:
        return None
    agency = db_session.get(Agency, principal.agency_id)
    return (agency.region_code or None) if agency is not None else None


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


# Reports not yet reviewed, or turned down, or merged into another are not published (review before
# publish); confidential (rahasia) ones never are.
UNPUBLISHED = ("draft", "postponed", "rejected")


def public_complaints() -> ColumnElement[bool]:
    """Complaints that may appear in a public output (Open311, public statistics)."""
    return and_(Complaint.confidential.is_(False), Complaint.status.not_in(UNPUBLISHED))
