"""The four indicators leaders judge complaint handling by: fast, easy, cheap and complete.

`indicators` serves officials over the complaints they may reach; `public_indicators` serves everyone
over published, non-confidential reports, with every cell under the configured size withheld.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Select

from api.access import policy
from api.access.policy import Action
from api.complaint.models import Complaint, Status
from api.complaint.query import filtered
from api.complaint.schemas import ComplaintFilter
from api.errors import InvalidInput
from api.kernel import Principal
from api.stats import aggregate, summary


class GroupBy(StrEnum):
    NONE = "none"
    AGENCY = "agency"
    TOPIC = "topic"
    REGION = "region"  # province
    PERIOD = "period"  # calendar month, UTC


_NO_SPREAD_YET = {"count": 0, "median_hours": None, "p90_hours": None}


def _on_facts(condition: ColumnElement[bool] | None) -> aggregate.Narrow | None:
    """`condition` (over complaints) as a narrowing of complaint_facts, or None where the facts cannot
    answer it (a column they do not keep, such as a text search or a producer's recordings)."""
    if condition is None:
        return lambda stmt: stmt
    try:
        moved = aggregate.on_facts(condition)
    except LookupError:
        return None
    return lambda stmt: stmt.where(moved)


def _summary_scope(condition: ColumnElement[bool] | None, *, public: bool = False) -> summary.Scope | None:
    """The pre-aggregated scope holding exactly the complaints a request counts, or None (then the facts
    or the complaints answer): the public's published reports, or everything when `condition` (the
    reader's scope and filter) admits every complaint."""
    if public:
        return summary.Scope.PUBLIC
    return summary.Scope.ALL if summary.everything(condition) else None


def _cells(
    db_session: Session, narrow: aggregate.Narrow, group_by: GroupBy, facts: aggregate.Narrow | None,
    *, minutes: bool = True, scope: summary.Scope | None = None,
) -> list[dict]:  # fmt: skip
    """Per group, sorted by its label: the four indicators over the complaints `narrow` admits.

    With `scope` the counts and durations come from the summary (medians and 90th percentiles within
    1%); else with `facts` (the same narrowing over complaint_facts) they are read there, exactly.
    Without `minutes` the "cheap" figures are left at zero (the public is never shown them).
    """
    key = aggregate.group_key(group_by.value)
    if scope is not None:
        tallies, by_channel, spreads = summary.figures(db_session, scope, group_by.value)
    elif facts is None:
        tallies, by_channel = aggregate.tallies(db_session, narrow, key)
        spreads = aggregate.spreads(db_session, narrow, key)
    else:
        src, fkey = aggregate.FACTS, aggregate.FACTS.key(group_by.value)
        tallies, by_channel = aggregate.tallies(db_session, facts, fkey, src)
        spreads = aggregate.spreads_fetched(db_session, facts, fkey, src)
    spent = aggregate.minutes(db_session, narrow, key) if minutes else {}
    return [
        _cell(grp, tallies[grp], by_channel.get(grp, {}), spreads.get(grp, {}), spent.get(grp))
        for grp in sorted(tallies)
    ]


def _cell(
    grp: str, tally: dict[str, int], channels: dict[str, int], spreads: dict[str, Any], spent: Any
) -> dict:
    counted, closed = tally["counted"], tally["closed"]
    n = counted or 1
    spent = spent or {"operator": 0.0, "processing": 0.0}
    return {
        "group": grp,
        "complaints": tally["complaints"],
        "fast": {name: spreads.get(name, dict(_NO_SPREAD_YET)) for name in aggregate.DURATIONS},
        "easy": {"by_channel": dict(sorted(channels.items()))},
        "cheap": {
            "processing_minutes_per_complaint": round(spent["processing"] / n, 3),
            "operator_minutes_per_complaint": round(spent["operator"] / n, 3),
        },
        "complete": {
            "closure_rate": round(closed / n, 4) if counted else None,
            "closed_within_sla": round(tally["in_sla"] / closed, 4) if closed else None,
        },
        "_closed": closed,  # for the public cut; removed before answering
    }


def indicators(
    *,
    db_session: Session,
    principal: Principal,
    flt: ComplaintFilter,
    default_region: str | None,
    group_by: GroupBy = GroupBy.NONE,
) -> list[dict]:
    """Per group: time to verification, first response and closure; intake by channel; minutes; closure.

    Over the complaints the principal may reach (a regency's leader sees the regency).
    """
    policy.require(principal, Action.STATS)

    def narrow(stmt: Select[Any]) -> Select[Any]:
        return filtered(stmt, flt, db_session=db_session, principal=principal, default_region=default_region)

    condition = narrow(select(Complaint.id)).whereclause
    facts = None
    if flt.overdue is None and not flt.q:  # the facts keep no current overdue flag, no text
        facts = _on_facts(condition)
    cells = _cells(db_session, narrow, group_by, facts, scope=_summary_scope(condition))
    for cell in cells:
        del cell["_closed"]
    return cells


PUBLIC_GROUPS = (GroupBy.NONE, GroupBy.TOPIC, GroupBy.REGION, GroupBy.PERIOD)


def withheld(counts: dict[str, int], min_cell: int) -> set[str]:
    """Cells to withhold from a one-way table: every count under `min_cell`, then the smallest others
    until the withheld cells add up to at least `min_cell`.

    The second step matters because the table's total is public too (group_by=none): with a single
    small cell withheld, total minus the shown cells would give it back.
    """
    hidden = {key for key, n in counts.items() if n < min_cell}
    hidden_total = sum(counts[key] for key in hidden)
    shown = sorted((n, key) for key, n in counts.items() if key not in hidden)
    while hidden and hidden_total < min_cell and shown:
        n, key = shown.pop(0)
        hidden.add(key)
        hidden_total += n
    return hidden


_NO_SPREAD = {"count": None, "median_hours": None, "p90_hours": None}


def _public_cell(cell: dict[str, Any], min_cell: int) -> dict[str, Any]:
    """An official cell cut down for the public: no minutes, and no figure resting on few reports."""
    fast = {
        name: spread if (spread["count"] or 0) >= min_cell else _NO_SPREAD
        for name, spread in cell["fast"].items()
    }
    channels = cell["easy"]["by_channel"]
    hidden = withheld(channels, min_cell)
    complete = dict(cell["complete"])
    if cell["_closed"] < min_cell:
        complete["closed_within_sla"] = None
    return {
        "group": cell["group"],
        "complaints": cell["complaints"],
        "fast": fast,
        "easy": {"by_channel": {k: v for k, v in channels.items() if k not in hidden}},
        "complete": complete,
    }


def public_indicators(*, db_session: Session, group_by: GroupBy, min_cell: int) -> dict[str, Any]:
    """The indicators over published, non-confidential reports, for anyone, with small cells withheld.

    No filters besides the grouping: each filter would be another table whose differences with the
    others could give a withheld cell back.
    """
    if group_by not in PUBLIC_GROUPS:
        raise InvalidInput(f"public statistics group by {', '.join(g.value for g in PUBLIC_GROUPS)}")

    published = and_(policy.public_complaints(), Complaint.status != Status.DUPLICATE)

    def narrow(stmt: Select[Any]) -> Select[Any]:
        return stmt.where(published)

    scope = _summary_scope(published, public=True)
    cells = _cells(db_session, narrow, group_by, _on_facts(published), minutes=False, scope=scope)
    hidden = withheld({cell["group"]: cell["complaints"] for cell in cells}, min_cell)
    shown = [_public_cell(cell, min_cell) for cell in cells if cell["group"] not in hidden]
    return {"group_by": group_by.value, "min_cell": min_cell, "groups": shown, "withheld_groups": len(hidden)}
