"""The public statistics: the four indicators over published reports, for everyone, without sign-in.

The figures are exactly the API's /public/stats answer (api/stats: confidential and unreviewed reports
never counted, every cell under SUARA_PUBLIC_MIN_CELL withheld, the smallest others too where totals
would give it back), served through the same short cache. No single report is ever shown here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import SessionDep, SettingsDep
from api.pages.dashboard import group_labels
from api.pages.render import render
from api.pages.viewer import AnyViewer
from api.stats.service import GroupBy
from api.stats.views import public_answer

router = APIRouter(include_in_schema=False)
GROUPS: dict[str, GroupBy] = {
    "all": GroupBy.NONE, "topic": GroupBy.TOPIC, "region": GroupBy.REGION, "month": GroupBy.PERIOD,
}  # fmt: skip


def _chart(labels: list[str], cells: list[dict[str, Any]], label: str) -> dict[str, Any]:
    return {
        "unit": "", "stacked": False, "labels": labels,
        "datasets": [{"label": label, "data": [cell["complaints"] for cell in cells]}],
    }  # fmt: skip


@router.get("/statistics")
def statistics(
    request: Request, viewer: AnyViewer, db_session: SessionDep, settings: SettingsDep, group: str = "all"
) -> Response:
    """Open to everyone: counts, speed and closure by topic, province or month, small cells withheld."""
    group = group if group in GROUPS else "all"
    group_by = GROUPS[group]
    answer = public_answer(request.app.state, db_session=db_session, settings=settings, group_by=group_by)
    t = viewer.t
    cells = answer["groups"]
    labels = group_labels(t, {}, group_by, [cell["group"] for cell in cells])
    channels = sorted({channel for cell in cells for channel in cell["easy"]["by_channel"]})
    return render(
        request, viewer, "statistics/statistics.html", group=group, groups=list(GROUPS), cells=cells,
        labels=labels, channels=channels, withheld_groups=answer["withheld_groups"],
        min_cell=answer["min_cell"], chart=_chart(labels, cells, t("Complaints")),
    )  # fmt: skip
