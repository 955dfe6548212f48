"""The public statistics page without sign-in: the API's figures with the API's cell suppression, and
never a confidential report (neither counted nor shown)."""

from __future__ import annotations

import uuid

import pytest

from api.main import create_app
from tests.api.pages import oversight_flow as flow

pytestmark = pytest.mark.timeout(600)
REGION = "82.71"  # Kota Ternate


@pytest.fixture
def app(settings):
    """The app without the public statistics' cache, so each page load counts what was just filed."""
    return create_app(settings.model_copy(update={"public_stats_cache_seconds": 0, "public_min_cell": 5}))


def _published(client, topic: str, count: int, **fields) -> list[dict]:
    """`count` complaints filed and verified through the API: reviewed, hence published."""
    made = []
    for i in range(count):
        text = f"Air bersih {topic} tidak mengalir {i}."
        complaint = flow.file(client, topic=topic, region=REGION, text=text, **fields)
        made.append(flow.move(client, complaint["id"], "verified"))
    return made


def test_the_public_sees_suppressed_cells_and_no_confidential_report(
    browser_page, client, check_accessibility, screenshot
):
    mark = uuid.uuid4().hex[:6]
    shown, small, smaller = f"air-{mark}", f"listrik-{mark}", f"sampah-{mark}"
    _published(client, shown, 6)
    # Under the threshold of 5: withheld. Two of them, so that together they reach 5 and no larger group
    # has to be withheld to keep totals from giving them back (api/stats/service.withheld).
    _published(client, small, 3)
    _published(client, smaller, 2)
    secret = f"RAHASIA{mark}"
    confidential = flow.file(client, topic=shown, region=REGION, confidential=True,
                             text=f"Laporan {secret} tentang pejabat yang meminta suap.")  # fmt: skip
    flow.move(client, confidential["id"], "verified")
    flow.file(client, topic=shown, region=REGION, text=f"Draf {mark} belum ditinjau.")  # unreviewed

    page = browser_page
    response = page.goto("/statistics?group=topic")
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "Statistik publik"
    row = page.locator(f"[data-testid='statistics-row'][data-group='{shown}']")
    # Six reviewed reports: the confidential one and the unreviewed draft are not counted.
    assert row.get_by_test_id("count").inner_text() == "6"
    # Nobody has responded or closed: those figures rest on fewer than 5 reports, so they are withheld.
    assert row.get_by_test_id("withheld").count() >= 2
    for withheld in (small, smaller):
        assert page.locator(f"[data-testid='statistics-row'][data-group='{withheld}']").count() == 0
    assert "ditahan" in page.get_by_test_id("withheld-groups").inner_text()
    assert "kurang dari 5 laporan" in page.get_by_test_id("suppression-note").inner_text()
    content = page.content()
    assert secret not in content and confidential["tracking_number"] not in content
    assert small not in content and smaller not in content

    # The page shows exactly what the API answers the public.
    api = page.request.get("/api/v1/public/stats?group_by=topic").json()
    cell = next(g for g in api["groups"] if g["group"] == shown)
    assert cell["complaints"] == 6 and not {small, smaller} & {g["group"] for g in api["groups"]}
    rows = page.locator("[data-testid='statistics-row']").evaluate_all("els => els.map(e => e.dataset.group)")
    assert rows == [g["group"] for g in api["groups"]]
    assert page.evaluate("!!Chart.getChart(document.querySelector('canvas[data-chart]'))")
    check_accessibility(page)
    screenshot(page, "statistics")

    # The other groupings open without sign-in too.
    for name in ("Semua pengaduan", "Per provinsi", "Per bulan"):
        page.get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert page.get_by_test_id("statistics-table").count() == 1
        assert secret not in page.content()
    check_accessibility(page)


def test_signed_in_users_see_the_same_public_page(browser_page, sign_in_as):
    page = browser_page
    sign_in_as(page, "liaison", "reg-82.71", next_path="/statistics")
    assert page.locator("h1").inner_text() == "Statistik publik"
    assert page.get_by_role("link", name="Statistik publik").get_attribute("aria-current") == "page"
