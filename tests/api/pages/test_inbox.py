"""The agency liaison's inbox in a real browser: deadlines first in the agency's zone, respond with
attachments, mark in progress, return as not our authority — each persisted as the workflow's status and
events — and an anonymous reporter never shown. Roles that may not use the inbox get the 403 page."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from tests.api.pages import oversight_flow as flow
from tests.api.pages.conftest import PASSWORD

pytestmark = pytest.mark.timeout(600)
AGENCY, REGION = "reg-91.71", "91.71"  # Kota Jayapura: deadlines in WIT


def _item(page, tracking: str):
    return page.locator(f"[data-testid='inbox-item'][data-tracking='{tracking}']")


def _events(complaint: dict, action: str) -> list[dict]:
    return [e for e in complaint["events"] if e["action"] == action]


def test_the_liaison_responds_marks_in_progress_and_returns(
    browser_page, sign_in_as, client, settings, check_accessibility, screenshot, tmp_path
):
    mark = uuid.uuid4().hex[:6]
    topic = f"jalan-{mark}"
    late = flow.dispatched_days_ago(
        settings, client, agency=AGENCY, days=30, topic=topic, region=REGION,
        text=f"Jalan berlubang di depan pasar Hamadi {mark}, sudah sebulan tidak diperbaiki.",
    )  # fmt: skip
    anonymous = flow.dispatched(
        client, agency=AGENCY, topic=topic, region=REGION, anonymous=True, reporter="Siti Rahayu",
        text=f"Lampu jalan mati di Entrop {mark}, rawan kecelakaan malam hari.",
    )  # fmt: skip
    elsewhere = flow.dispatched(
        client, agency=AGENCY, topic=topic, region=REGION,
        text=f"Izin tambang pasir di Sentani {mark} mohon diperiksa.",
    )  # fmt: skip
    page = browser_page
    liaison = sign_in_as(page, "liaison", AGENCY, next_path="/inbox")
    assert page.locator("h1").inner_text() == "Kotak masuk instansi"

    # Deadlines first: the overdue one leads, marked, its deadline shown in the agency's zone (WIT).
    order = page.locator("[data-testid='inbox-item']").evaluate_all("els => els.map(e => e.dataset.tracking)")
    assert order.index(late["tracking_number"]) < order.index(anonymous["tracking_number"])
    assert _item(page, late["tracking_number"]).get_by_test_id("overdue").inner_text() == "Terlambat"
    assert _item(page, anonymous["tracking_number"]).get_by_test_id("overdue").count() == 0
    deadline = _item(page, anonymous["tracking_number"]).get_by_test_id("deadline").inner_text()
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} 23:59 WIT", deadline), deadline

    # An anonymous reporter stays anonymous for the agency: no name, no raw text identifying them.
    anon = _item(page, anonymous["tracking_number"])
    assert "identitas pelapor dirahasiakan" in anon.get_by_test_id("reporter").inner_text()
    assert "Siti Rahayu" not in page.content()
    assert "Budi Santoso" in _item(page, late["tracking_number"]).get_by_test_id("reporter").inner_text()
    check_accessibility(page)
    screenshot(page, "inbox")

    # Mark in progress.
    _item(page, anonymous["tracking_number"]).get_by_role("button", name="Tandai sedang diproses").click()
    page.wait_for_url("**/inbox?done=in_progress*")
    assert anonymous["tracking_number"] in page.get_by_role("status").inner_text()
    after = flow.read(client, anonymous["id"])
    assert after["status"] == "in_progress"
    assert _events(after, "in_progress")[-1]["actor"] == liaison.username

    # Respond with text and two attachments (a PDF letter and a PNG photo).
    letter, photo = tmp_path / "surat-balasan.pdf", tmp_path / "foto-perbaikan.png"
    letter.write_bytes(flow.pdf_bytes())
    photo.write_bytes(flow.png_bytes())
    item = _item(page, late["tracking_number"])
    item.locator("summary", has_text="Tulis tanggapan").click()
    item.get_by_label("Tanggapan", exact=True).fill("Perbaikan dijadwalkan Senin depan oleh Dinas PUPR.")
    item.get_by_label("Lampiran (opsional)").set_input_files([str(letter), str(photo)])
    item.get_by_role("button", name="Kirim tanggapan").click()
    page.wait_for_url("**/inbox?done=responded*")
    answered = flow.read(client, late["id"])
    assert answered["status"] == "responded"
    assert answered["responses"][-1]["text"] == "Perbaikan dijadwalkan Senin depan oleh Dinas PUPR."
    assert answered["responses"][-1]["author"] == liaison.username
    attached = _events(answered, "attach")
    assert [e["note"] for e in attached] == ["surat-balasan.pdf", "foto-perbaikan.png"]
    assert all(e["actor"] == liaison.username for e in attached)

    # The answered view lists it with its response and downloadable attachments.
    page.get_by_role("link", name="Sudah ditanggapi").click()
    item = _item(page, late["tracking_number"])
    assert "Perbaikan dijadwalkan" in item.get_by_test_id("response").inner_text()
    assert item.get_by_role("button").count() == 0  # answered: nothing left for the agency to do
    links = item.get_by_test_id("attachment")
    assert links.all_inner_texts() == ["surat-balasan.pdf", "foto-perbaikan.png"]
    download = page.request.get(links.first.get_attribute("href"))
    assert download.status == 200 and download.body() == letter.read_bytes()
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment")
    check_accessibility(page)
    screenshot(page, "inbox-answered")

    # Return one as not our authority, with the reason.
    page.get_by_role("link", name="Harus dikerjakan").click()
    item = _item(page, elsewhere["tracking_number"])
    item.locator("summary", has_text="Kembalikan").click()
    item.get_by_label("Alasan").fill("Izin tambang kewenangan Dinas ESDM Provinsi Papua.")
    item.get_by_role("button", name="Kembalikan ke verifikator").click()
    page.wait_for_url("**/inbox?done=returned*")
    returned = flow.read(client, elsewhere["id"])
    assert returned["status"] == "returned"
    event = _events(returned, "return")[-1]
    assert event["actor"] == liaison.username
    assert event["note"] == "Izin tambang kewenangan Dinas ESDM Provinsi Papua."
    assert _item(page, elsewhere["tracking_number"]).count() == 0  # no longer to do


def test_a_file_that_is_not_a_document_or_photo_is_refused_and_nothing_is_kept(
    browser_page, sign_in_as, client, settings, tmp_path
):
    complaint = flow.dispatched(
        client, agency=AGENCY, topic="air", region=REGION,
        text=f"Air PDAM keruh di Abepura {uuid.uuid4().hex[:6]} sejak tiga hari.",
    )  # fmt: skip
    folder = Path(settings.data_dir) / "attachments"
    before = set(folder.rglob("*")) if folder.exists() else set()
    fake = tmp_path / "foto.jpg"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)  # a Windows program named like a photo
    page = browser_page
    sign_in_as(page, "liaison", AGENCY, next_path="/inbox")
    item = _item(page, complaint["tracking_number"])
    item.locator("summary", has_text="Tulis tanggapan").click()
    item.get_by_label("Tanggapan", exact=True).fill("Sudah kami cek ke lokasi.")
    item.get_by_label("Lampiran (opsional)").set_input_files(str(fake))
    item.get_by_role("button", name="Kirim tanggapan").click()
    error = page.get_by_test_id("form-error")
    error.wait_for()
    assert error.inner_text() == "Lampiran foto.jpg bukan berkas PDF, JPEG, atau PNG."
    # The text is kept for the retry, and nothing was stored.
    assert _item(page, complaint["tracking_number"]).get_by_label("Tanggapan", exact=True).input_value() == (
        "Sudah kami cek ke lokasi."
    )
    unchanged = flow.read(client, complaint["id"])
    assert unchanged["status"] == "dispatched" and unchanged["responses"] == []
    assert not _events(unchanged, "attach")
    assert (set(folder.rglob("*")) if folder.exists() else set()) == before


def test_returning_needs_a_reason(browser, sign_in, make_user, client):
    complaint = flow.dispatched(
        client, agency=AGENCY, topic="sampah", region=REGION,
        text=f"Sampah menumpuk di pasar Youtefa {uuid.uuid4().hex[:6]}.",
    )  # fmt: skip
    web = browser()
    user = make_user("liaison", AGENCY, None, PASSWORD)
    csrf = sign_in(web, user.username, PASSWORD)["csrf_token"]
    response = web.post(f"/inbox/{complaint['id']}/return", data={"csrf_token": csrf, "reason": " "})
    assert response.status_code == 422
    assert "Tuliskan mengapa" in response.text
    assert flow.read(client, complaint["id"])["status"] == "dispatched"


def test_a_liaison_cannot_act_on_another_agencys_complaint(browser, sign_in, make_user, client):
    other = flow.dispatched(
        client, agency="reg-91.03", topic="jalan", region="91.03",
        text=f"Jembatan Sentani retak {uuid.uuid4().hex[:6]}.",
    )  # fmt: skip
    web = browser()
    user = make_user("liaison", AGENCY, None, PASSWORD)
    csrf = sign_in(web, user.username, PASSWORD)["csrf_token"]
    response = web.post(f"/inbox/{other['id']}/progress", data={"csrf_token": csrf})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert other["tracking_number"] not in response.text and "Jembatan" not in response.text
    assert other["tracking_number"] not in web.get("/inbox").text
    assert flow.read(client, other["id"])["status"] == "dispatched"


@pytest.mark.parametrize("role", ["operator", "producer", "verifier", "leader"])
def test_roles_that_do_not_answer_for_an_agency_get_the_403_page(browser, sign_in, make_user, client, role):
    complaint = flow.dispatched(
        client, agency=AGENCY, topic="jalan", region=REGION,
        text=f"Drainase tersumbat di Kotaraja {uuid.uuid4().hex[:6]}.",
    )  # fmt: skip
    web = browser()
    agency = {"verifier": "prov-91", "leader": AGENCY}.get(role)
    user = make_user(role, agency, None, PASSWORD)
    csrf = sign_in(web, user.username, PASSWORD)["csrf_token"]
    page = web.get("/inbox")
    assert page.status_code == 403 and "Tidak diizinkan" in page.text
    assert complaint["tracking_number"] not in page.text and "Drainase" not in page.text
    action = web.post(f"/inbox/{complaint['id']}/progress", data={"csrf_token": csrf})
    assert action.status_code == 403
    assert flow.read(client, complaint["id"])["status"] == "dispatched"


def test_the_public_is_sent_to_sign_in(browser):
    response = browser().get("/inbox", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in?next=/inbox"


def test_the_inbox_is_readable_on_a_phone(chromium, server, sign_in_as, client):
    flow.dispatched(
        client, agency=AGENCY, topic="jalan", region=REGION,
        text=f"Trotoar rusak di jalan Ahmad Yani {uuid.uuid4().hex[:6]} " + "sangat panjang " * 20,
    )  # fmt: skip
    context = chromium.new_context(base_url=server, viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        sign_in_as(page, "liaison", AGENCY, next_path="/inbox")
        page.locator("[data-testid='inbox-item'] summary").first.click()
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the inbox scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()


def test_a_liaison_returns_a_complaint_with_the_keyboard_alone(browser_page, sign_in_as, client):
    complaint = flow.dispatched(
        client, agency=AGENCY, topic="kesehatan", region=REGION,
        text=f"Puskesmas Hamadi {uuid.uuid4().hex[:6]} kekurangan obat.",
    )  # fmt: skip
    page = browser_page
    sign_in_as(page, "liaison", AGENCY, next_path="/inbox")
    item = _item(page, complaint["tracking_number"])
    assert re.search(r"[A-Za-z] \(91\.71[.0-9]*\)", item.inner_text())  # the region named, with its code
    item.locator("summary", has_text="Kembalikan").focus()
    page.keyboard.press("Enter")  # opens the return form
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.type("Obat puskesmas kewenangan Dinas Kesehatan Provinsi.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/inbox?done=returned*")
    assert flow.read(client, complaint["id"])["status"] == "returned"


def test_the_confirmation_names_only_a_tracking_number(browser, sign_in, make_user):
    web = browser()
    user = make_user("liaison", AGENCY, None, PASSWORD)
    sign_in(web, user.username, PASSWORD)
    page = web.get("/inbox", params={"done": "responded", "ref": "Hubungi 0812 untuk hadiah"})
    assert page.status_code == 200 and "hadiah" not in page.text and 'role="status"' not in page.text
    page = web.get("/inbox", params={"done": "responded", "ref": "SUA-2026-000123"})
    assert "Tanggapan untuk SUA-2026-000123 telah dikirim." in page.text


def test_a_sysadmin_sees_every_agencys_inbox_with_the_agency_named(browser, sign_in, make_user, client):
    complaint = flow.dispatched(
        client, agency="reg-91.03", topic="jalan", region="91.03",
        text=f"Jalan Sentani Kota berlubang {uuid.uuid4().hex[:6]}.",
    )  # fmt: skip
    web = browser()
    user = make_user("sysadmin", None, None, PASSWORD)
    sign_in(web, user.username, PASSWORD)
    page = web.get("/inbox", params={"page": 1})
    assert page.status_code == 200
    pages = int(re.search(r"(\d+) pengaduan", page.text).group(1)) // 50 + 1
    found = [web.get("/inbox", params={"page": n}).text for n in range(1, pages + 1)]
    text = next(p for p in found if complaint["tracking_number"] in p)
    assert "Pemerintah Kabupaten Jayapura" in text  # the agency column only a sysadmin needs
