"""The system administrator's pages in a real browser (Debian's Chromium through Playwright) on SQLite
and PostgreSQL: an account made and used in a second browser, a token shown once and used against the
API, a locked account unlocked, a routing rule nlp refuses, the reference pages, and other roles kept out.
Every page is checked with axe-core and saved as a screenshot."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from api.agency.models import RoutingRule
from api.audit.models import AuthEvent
from api.database import session_scope, utcnow
from tests.api.pages.conftest import PASSWORD

pytestmark = pytest.mark.timeout(300)
TOKEN = re.compile(r"suara_([a-z0-9]{8})_[A-Za-z0-9_-]{43}")


def _sign_in_elsewhere(chromium, server, username: str, password: str):
    """A second browser (its own cookies) signed in through the form; returns (context, page)."""
    context = chromium.new_context(base_url=server)
    page = context.new_page()
    page.goto("/sign-in?next=/account/password")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    return context, page


def test_a_sysadmin_makes_an_account_that_signs_in_in_another_browser(
    browser_page, chromium, server, sign_in_as, check_accessibility, screenshot
):
    page = browser_page
    sign_in_as(page, "sysadmin", next_path="/admin")
    assert page.locator("h1").inner_text() == "Administrasi"
    check_accessibility(page)
    screenshot(page, "admin-overview")

    page.get_by_role("link", name="Buat akun").first.click()
    page.wait_for_url("**/admin/accounts/new")
    check_accessibility(page)
    screenshot(page, "admin-account-new")
    username = f"penghubung-{uuid.uuid4().hex[:6]}"
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Nama tampilan").fill("Siti Penghubung")
    page.get_by_label("Peran").select_option("liaison")
    page.get_by_label("Kode instansi").fill("reg-33.03")
    page.get_by_label("Kata sandi awal", exact=True).fill("sandi-awal-siti-123")
    page.get_by_label("Ulangi kata sandi awal").fill("sandi-awal-siti-123")
    page.get_by_role("button", name="Buat akun ini").click()
    page.wait_for_url(re.compile(r".*/admin/accounts/\d+\?done=created$"))
    assert "Akun telah dibuat" in page.get_by_role("status").first.inner_text()
    assert page.get_by_test_id("account-role-shown").inner_text() == "Penghubung instansi"
    check_accessibility(page)
    screenshot(page, "admin-account")

    context, other = _sign_in_elsewhere(chromium, server, username, "sandi-awal-siti-123")
    try:
        other.wait_for_url("**/account/password")
        other.locator("details.account summary").click()
        assert other.get_by_test_id("account-role").inner_text() == "Penghubung instansi"
        assert "(33.03)" in other.get_by_test_id("account-jurisdiction").inner_text()

        page.get_by_role("button", name="Nonaktifkan akun").click()
        page.wait_for_url("**?done=disabled")
        assert page.get_by_test_id("account-status").inner_text() == "Nonaktif"
        other.goto("/account/password")
        assert "/sign-in?next=" in other.url  # the disabled account's session has ended
    finally:
        context.close()

    page.goto("/admin/accounts?role=liaison&status=disabled")
    texts = page.get_by_test_id("account-row").all_inner_texts()
    assert any(username in text for text in texts) and all("Nonaktif" in text for text in texts)
    check_accessibility(page)
    screenshot(page, "admin-accounts")


def test_a_token_is_shown_once_works_within_its_scope_and_is_revoked(
    browser_page, server, sign_in_as, make_user, check_accessibility, screenshot
):
    page = browser_page
    sign_in_as(page, "sysadmin", next_path="/admin/tokens")
    machine = make_user("verifier", "prov-33")  # a machine account: no password, tokens only
    page.get_by_label("Untuk akun (nama pengguna)").fill(machine.username)
    page.get_by_label("Nama token").fill("dasbor kantor bupati")
    page.get_by_label("stats:read").check()
    page.get_by_role("button", name="Buat token ini").click()
    page.wait_for_url("**/admin/tokens?created=*")
    secret = page.get_by_test_id("new-token-value").input_value()
    match = TOKEN.fullmatch(secret)
    assert match is not None
    assert "satu-satunya kali" in page.get_by_test_id("new-token").inner_text()
    check_accessibility(page)
    screenshot(page, "admin-token-created")

    bearer = {"Authorization": f"Bearer {secret}"}
    me = httpx.get(f"{server}/api/v1/auth/me", headers=bearer)
    assert me.status_code == 200 and me.json()["user"]["username"] == machine.username
    assert me.json()["scopes"] == ["stats:read"]
    assert httpx.get(f"{server}/api/v1/stats", headers=bearer).status_code == 200
    refused = httpx.get(f"{server}/api/v1/complaints", headers=bearer)  # the role could, the scope cannot
    assert refused.status_code == 403 and "complaints:read" in refused.json()["detail"]

    page.reload()
    assert page.get_by_test_id("new-token-value").count() == 0
    assert secret not in page.content()
    assert match.group(1) in page.get_by_test_id("token-not-shown").inner_text()
    screenshot(page, "admin-tokens")
    check_accessibility(page)

    row = page.locator(f'tr[data-prefix="{match.group(1)}"]')
    assert machine.username in row.inner_text() and "stats:read" in row.inner_text()
    row.get_by_role("button", name=f"Cabut token {match.group(1)}").click()
    page.wait_for_url("**/admin/tokens?done=revoked")
    assert "Dicabut" in page.locator(f'tr[data-prefix="{match.group(1)}"]').inner_text()
    assert httpx.get(f"{server}/api/v1/auth/me", headers=bearer).status_code == 401


def test_a_locked_account_is_unlocked_and_signs_in_again(
    browser_page, chromium, server, sign_in_as, make_user, settings, check_accessibility, screenshot
):
    from api.auth import login

    user = make_user("operator", None, f"operator-terkunci-{uuid.uuid4().hex[:6]}", PASSWORD)
    # Lock it with the real sign-in code: wrong passwords, each after the previous slow-down ran out.
    tries = settings.login_lock_failures
    for n in range(tries):
        login.sign_in(
            settings=settings, username=user.username, password="bukan-sandinya-123", ip=f"10.77.{n}.1",
            user_agent="test", now=utcnow() - timedelta(minutes=16 * (tries - 1 - n)),
        )  # fmt: skip
    context, other = _sign_in_elsewhere(chromium, server, user.username, PASSWORD)
    try:
        assert "Terlalu banyak percobaan masuk yang gagal" in other.get_by_test_id("form-error").inner_text()

        page = browser_page
        sign_in_as(page, "sysadmin", next_path="/admin")
        page.get_by_role("link", name=re.compile("terkunci setelah gagal masuk")).click()
        page.wait_for_url("**/admin/accounts?status=locked")
        page.get_by_role("link", name=user.username).click()
        assert page.get_by_test_id("account-status").inner_text().startswith("Terkunci sampai")
        assert page.get_by_test_id("account-failures").inner_text() == str(tries)
        page.get_by_role("button", name="Buka kunci akun").click()
        page.wait_for_url("**?done=unlocked")
        assert page.get_by_test_id("account-status").inner_text() == "Aktif"
        assert page.get_by_test_id("account-failures").inner_text() == "0"

        other.get_by_label("Kata sandi").fill(PASSWORD)
        other.get_by_role("button", name="Masuk").click()
        other.wait_for_url("**/account/password")
    finally:
        context.close()
    page.goto("/admin/audit?action=user_unlocked")
    assert user.username in " ".join(page.get_by_test_id("audit-row").all_inner_texts())


def test_a_routing_rule_nlp_refuses_shows_its_message_and_writes_nothing(
    browser_page, sign_in_as, settings, check_accessibility, screenshot
):
    page = browser_page
    sign_in_as(page, "sysadmin", next_path="/admin/rules")
    assert page.get_by_test_id("rule-row").count() >= 100
    check_accessibility(page)
    screenshot(page, "admin-rules")

    rule_id = f"jembatan-cilacap-{uuid.uuid4().hex[:6]}"
    page.get_by_role("link", name="Tambah aturan").click()
    page.get_by_label("Id aturan").fill(rule_id)
    page.get_by_label("Topik").fill("jembatan-bukan-topik")
    page.get_by_label("Tingkat instansi").select_option("regency")
    page.get_by_label("Instansi (lembaga nasional atau jenis dinas)").fill("dinas-pupr")
    page.get_by_label("Bobot").fill("0.9")
    page.get_by_label("Awalan wilayah").fill("33.03")
    page.get_by_label("Kata kunci (satu per baris)").fill("jembatan\njembatan putus")
    page.get_by_role("button", name="Simpan aturan").click()
    message = page.get_by_test_id("rule-validation").inner_text()
    assert "Topik tidak dikenal: 'jembatan-bukan-topik'" in message and rule_id in message  # in Indonesian
    assert page.get_by_label("Topik").input_value() == "jembatan-bukan-topik"  # the form is kept
    check_accessibility(page)
    screenshot(page, "admin-rule-refused")
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        assert db_session.scalar(select(RoutingRule.id).where(RoutingRule.rule_id == rule_id)) is None
        assert not db_session.scalar(
            select(func.count()).select_from(AuthEvent).where(AuthEvent.subject == rule_id)
        )

    page.get_by_label("Topik").fill("infrastruktur")
    page.get_by_role("button", name="Simpan aturan").click()
    page.wait_for_url(f"**/admin/rules/{rule_id}?done=saved")
    assert page.get_by_label("Kata kunci (satu per baris)").input_value() == "jembatan\njembatan putus"
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        body = db_session.scalar(select(RoutingRule.body).where(RoutingRule.rule_id == rule_id))
        assert body["topics"] == ["infrastruktur"] and body["region_prefix"] == "33.03"

    page.goto("/admin/audit?action=routing_rule_added")
    assert rule_id in page.get_by_test_id("audit-row").first.inner_text()
    check_accessibility(page)
    screenshot(page, "admin-audit")


def test_agencies_and_sla_pages(browser_page, sign_in_as, check_accessibility, screenshot):
    page = browser_page
    sign_in_as(page, "sysadmin", next_path="/admin/agencies")
    assert page.get_by_test_id("agency-row").count() == 50  # one page of the seeded agencies
    check_accessibility(page)
    screenshot(page, "admin-agencies")
    page.get_by_label("Nama memuat").fill("Cilacap")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="reg-33.01").click()
    assert "Cilacap" in page.locator("h1").inner_text()
    page.get_by_label("Verifikasi dalam (hari kerja)").fill("2")
    page.get_by_role("button", name="Simpan SLA").click()
    page.wait_for_url("**?done=sla")
    assert page.get_by_label("Verifikasi dalam (hari kerja)").input_value() == "2"
    check_accessibility(page)
    screenshot(page, "admin-agency")

    page.goto("/admin/sla")
    assert "reg-33.01" in page.locator("table").inner_text()
    check_accessibility(page)
    screenshot(page, "admin-sla")
    page.goto("/admin/agencies/new")
    check_accessibility(page)
    screenshot(page, "admin-agency-new")


def test_other_roles_see_the_403_page_and_no_link(browser_page, sign_in_as, screenshot):
    page = browser_page
    sign_in_as(page, "verifier", "prov-33")
    assert page.get_by_role("link", name="Administrasi").count() == 0
    response = page.goto("/admin/accounts")
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == "Tidak diizinkan"
    assert page.locator("main table").count() == 0
    screenshot(page, "admin-forbidden")


def test_readable_on_a_phone(chromium, server, sign_in_as, make_user):
    context = chromium.new_context(base_url=server, viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        sign_in_as(page, "sysadmin", next_path="/admin")
        target = make_user("leader", "reg-33.03")
        for path in ("/admin", "/admin/accounts", f"/admin/accounts/{target.id}", "/admin/tokens",
                     "/admin/rules/infra-jalan-tol", "/admin/audit"):  # fmt: skip
            page.goto(path)
            overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()
