"""The leader dashboard in a real browser: the four indicators by agency, topic, region and month as
Chart.js charts with their tables, the numbers moving when an agency responds and a complaint closes,
the overdue list and the exports; roles that may not see it get the 403 page."""

from __future__ import annotations

import csv
import io
import re
import uuid

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.pages import oversight_flow as flow
from tests.api.pages.conftest import PASSWORD

pytestmark = pytest.mark.timeout(600)
AGENCY, REGION = "reg-91.06", "91.06"  # Biak Numfor: a jurisdiction of its own for these tests


@pytest.fixture
def app(settings):
    """The app recomputing the indicators on every load, so a test sees the change it just made (the
    cache itself is tested below)."""
    return create_app(settings.model_copy(update={"dashboard_cache_seconds": 0}))


def _row(page, indicator: str, label: str) -> list[str]:
    header = page.locator(f"th:text-is('{label}')")
    row = page.get_by_test_id(f"table-{indicator}").locator("tbody tr", has=header)
    return row.locator("td").all_inner_texts()


def test_the_leader_sees_the_numbers_change_when_complaints_are_answered_and_closed(
    browser_page, sign_in_as, client, settings, make_user, auth_headers, check_accessibility, screenshot
):
    topic = f"banjir-{uuid.uuid4().hex[:6]}"
    first = flow.dispatched(client, agency=AGENCY, topic=topic, region=REGION,
                            text="Banjir setinggi lutut di Samofa setiap hujan deras.")  # fmt: skip
    flow.dispatched(client, agency=AGENCY, topic=topic, region=REGION, channel="sms",
                    text="Saluran air di Yendidori tersumbat sampah plastik.")  # fmt: skip
    late = flow.dispatched_days_ago(settings, client, agency=AGENCY, days=30, topic=topic, region=REGION,
                                    text="Tanggul sungai di Biak Kota jebol belum diperbaiki.")  # fmt: skip

    page = browser_page
    sign_in_as(page, "leader", AGENCY, next_path="/dashboard?group=topic")
    assert page.locator("h1").inner_text() == "Dasbor"
    # Complete: nothing closed yet; fast: no first response yet.
    assert _row(page, "complete", topic) == ["0.0", "—"]
    assert _row(page, "fast", topic)[1] == "—"
    # The charts are drawn by Chart.js (served from /vendor) from the same figures as the tables.
    canvases = "[...document.querySelectorAll('canvas[data-chart]')]"
    drawn = page.evaluate(canvases + ".map(c => !!Chart.getChart(c))")
    assert drawn == [True, True, True, True]
    # The overdue list names the complaint past its deadline, in the agency's zone (WIT).
    overdue = page.get_by_test_id("overdue-row").filter(has_text=late["tracking_number"])
    assert "WIT" in overdue.inner_text()
    check_accessibility(page)
    screenshot(page, "dashboard")

    # The agency responds (API, as its liaison) and a verifier closes it (API): the page follows.
    liaison = make_user("liaison", AGENCY)
    answer = client.post(f"{flow.V1}/complaints/{first['id']}/responses", headers=auth_headers(liaison),
                         json={"text": "Pompa air sudah dipasang di Samofa."})  # fmt: skip
    assert answer.status_code == 201, answer.text
    flow.move(client, first["id"], "closed", note="warga mengonfirmasi")
    page.reload()
    assert _row(page, "complete", topic) == ["33.3", "100.0"]
    assert _row(page, "fast", topic)[1] != "—"  # a median time to first response now exists

    # The other groupings are there, each with a chart and its table.
    for name, label in (("Per instansi", None), ("Per provinsi", "Papua (91)"), ("Per bulan", None)):
        page.get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert page.get_by_test_id("table-complete").count() == 1
        if label:
            assert _row(page, "complete", label)
    check_accessibility(page)


def test_the_export_buttons_download_what_the_leader_may_see(browser_page, sign_in_as, client, settings):
    topic = f"jalan-{uuid.uuid4().hex[:6]}"
    mine = flow.dispatched(client, agency=AGENCY, topic=topic, region=REGION,
                           text="Jalan Bosnik rusak berat sepanjang dua kilometer.")  # fmt: skip
    theirs = flow.dispatched(client, agency="reg-91.71", topic=topic, region="91.71",
                             text="Jalan di Kota Jayapura berlubang di depan sekolah.")  # fmt: skip
    page = browser_page
    sign_in_as(page, "leader", AGENCY, next_path="/dashboard")
    href = page.get_by_test_id("export-csv").get_attribute("href")
    answer = page.request.get(href)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/csv")
    tracking = {row["tracking_number"] for row in csv.DictReader(io.StringIO(answer.text()))}
    assert mine["tracking_number"] in tracking and theirs["tracking_number"] not in tracking
    exported = page.request.get(page.get_by_test_id("export-json").get_attribute("href")).json()
    assert mine["tracking_number"] in {row["tracking_number"] for row in exported}


@pytest.mark.parametrize("role", ["operator", "producer", "liaison"])
def test_roles_that_do_not_oversee_get_the_403_page_without_figures(
    browser, sign_in, make_user, client, role
):
    topic = f"rahasia-{uuid.uuid4().hex[:6]}"
    flow.dispatched(client, agency=AGENCY, topic=topic, region=REGION,
                    text="Pungutan liar di kantor kelurahan Biak.")  # fmt: skip
    web = browser()
    user = make_user(role, AGENCY if role == "liaison" else None, None, PASSWORD)
    sign_in(web, user.username, PASSWORD)
    page = web.get("/dashboard?group=topic")
    assert page.status_code == 403 and "Tidak diizinkan" in page.text
    assert topic not in page.text and "<canvas" not in page.text


@pytest.mark.parametrize("role, agency", [("verifier", "prov-91"), ("sysadmin", None)])
def test_verifiers_and_administrators_see_the_dashboard(browser, sign_in, make_user, role, agency):
    web = browser()
    user = make_user(role, agency, None, PASSWORD)
    sign_in(web, user.username, PASSWORD)
    page = web.get("/dashboard")
    assert page.status_code == 200 and 'data-testid="indicator-complete"' in page.text


def test_the_public_is_sent_to_sign_in(browser):
    response = browser().get("/dashboard", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in?next=/dashboard"


def test_leaders_of_one_agency_share_figures_for_a_short_while(
    sign_in, make_user, auth_headers, client, settings
):
    topic = f"pasar-{uuid.uuid4().hex[:6]}"
    complaint = flow.dispatched(client, agency=AGENCY, topic=topic, region=REGION,
                                text="Atap pasar Inpres Biak bocor di musim hujan.")  # fmt: skip
    cached = create_app(settings.model_copy(update={"dashboard_cache_seconds": 30}))
    first, second = make_user("leader", AGENCY, None, PASSWORD), make_user("leader", AGENCY, None, PASSWORD)
    with TestClient(cached) as one, TestClient(cached) as other:
        sign_in(one, first.username, PASSWORD)
        sign_in(other, second.username, PASSWORD)
        page = one.get("/dashboard?group=topic").text
        assert "30 detik" in page and _closed(page, topic) == "0.0"
        liaison = make_user("liaison", AGENCY)
        url = f"{flow.V1}/complaints/{complaint['id']}/responses"
        answer = client.post(url, headers=auth_headers(liaison), json={"text": "Atap sudah ditambal."})
        assert answer.status_code == 201, answer.text
        flow.move(client, complaint["id"], "closed")
        assert _closed(other.get("/dashboard?group=topic").text, topic) == "0.0"  # the shared entry
        cached.state.dashboard_cache.clear()  # what the passing of the 30 seconds does
        assert _closed(other.get("/dashboard?group=topic").text, topic) == "100.0"


def _closed(html: str, topic: str) -> str:
    """The closure rate shown for `topic` in the dashboard's 'complete' table."""
    table = html[html.index('data-testid="table-complete"') :]
    match = re.search(rf'<th scope="row">{re.escape(topic)}</th><td class="num">([^<]+)</td>', table)
    assert match, f"no row for {topic}"
    return match.group(1)


def test_many_groups_are_cut_to_the_largest_and_months_to_the_latest():
    from api.pages.dashboard import TOP_GROUPS, shown_groups
    from api.stats.service import GroupBy

    rows = [{"group": f"{i:03d}", "complaints": i} for i in range(TOP_GROUPS + 10)]
    largest = shown_groups(rows, GroupBy.AGENCY, everything=False)
    assert [r["complaints"] for r in largest] == list(range(TOP_GROUPS + 9, 9, -1))
    assert shown_groups(rows, GroupBy.PERIOD, everything=False) == rows[10:]
    assert shown_groups(rows, GroupBy.TOPIC, everything=True) == rows
