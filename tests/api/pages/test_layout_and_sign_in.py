"""The pages' front door in a real browser: sign-in (with the API's throttling), the account menu, sign-out,
change of password, the language switch, error pages, keyboard use and a phone-sized screen."""

from __future__ import annotations

import re

import pytest

from tests.api.pages.conftest import PASSWORD

pytestmark = pytest.mark.timeout(300)


def test_the_public_is_sent_to_sign_in_and_lands_where_it_wanted(
    browser_page, make_user, check_accessibility, screenshot
):
    page = browser_page
    user = make_user("verifier", "prov-33", "verif-masuk", PASSWORD)
    page.goto("/account/password")
    assert re.search(r"/sign-in\?next=/account/password$", page.url)
    assert page.locator("h1").inner_text() == "Masuk"
    check_accessibility(page)
    screenshot(page, "sign-in")

    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill("bukan-sandinya-123")
    page.get_by_role("button", name="Masuk").click()
    assert page.get_by_test_id("form-error").inner_text() == "Nama pengguna atau kata sandi salah."
    assert page.get_by_label("Nama pengguna").input_value() == user.username  # kept for the retry

    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/account/password")
    page.locator("details.account summary").click()
    assert page.get_by_test_id("account-role").inner_text() == "Verifikator"
    assert "(33)" in page.get_by_test_id("account-jurisdiction").inner_text()


def test_repeated_failures_show_the_apis_wait_in_indonesian(browser_page, make_user, settings):
    page = browser_page
    user = make_user("liaison", "reg-33.03", "penghubung-lambat", PASSWORD)
    page.goto("/sign-in")
    for _ in range(settings.login_free_failures + 1):
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill("salah-terus-menerus")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
    message = page.get_by_test_id("form-error").inner_text()
    assert re.fullmatch(r"Terlalu banyak percobaan masuk yang gagal\. Coba lagi dalam \d+ detik\.", message)


def test_sign_out_ends_the_session(browser_page, sign_in_as):
    page = browser_page
    sign_in_as(page, "leader", "reg-33.03")
    page.locator("details.account summary").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/sign-in")
    page.goto("/account/password")
    assert "/sign-in?next=" in page.url  # the old cookie no longer opens anything


def test_change_password_checks_then_changes(browser_page, sign_in_as, check_accessibility, screenshot):
    page = browser_page
    user = sign_in_as(page, "operator")
    check_accessibility(page)
    screenshot(page, "change-password")
    page.get_by_label("Kata sandi saat ini").fill("bukan-yang-sekarang")
    page.get_by_label("Kata sandi baru", exact=True).fill("sandi-baru-yang-panjang")
    page.get_by_label("Ulangi kata sandi baru").fill("sandi-baru-yang-panjang")
    page.get_by_role("button", name="Ganti kata sandi").click()
    assert page.get_by_test_id("form-error").inner_text() == "Kata sandi saat ini salah."

    page.get_by_label("Kata sandi saat ini").fill(PASSWORD)
    page.get_by_label("Kata sandi baru", exact=True).fill("pendek")
    page.get_by_label("Ulangi kata sandi baru").fill("pendek")
    page.get_by_role("button", name="Ganti kata sandi").click()
    assert page.get_by_test_id("form-error").inner_text() == "Kata sandi minimal 10 karakter."

    page.get_by_label("Kata sandi saat ini").fill(PASSWORD)
    page.get_by_label("Kata sandi baru", exact=True).fill("sandi-baru-yang-panjang")
    page.get_by_label("Ulangi kata sandi baru").fill("sandi-baru-yang-panjang")
    page.get_by_role("button", name="Ganti kata sandi").click()
    assert "Kata sandi Anda telah diganti" in page.get_by_role("status").inner_text()

    page.locator("details.account summary").click()
    page.get_by_role("button", name="Keluar").click()
    page.goto("/sign-in?next=/account/password")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill("sandi-baru-yang-panjang")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/account/password")


def test_english_on_request_and_kept(browser_page, sign_in_as):
    page = browser_page
    sign_in_as(page, "producer")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/account/password")
    assert page.locator("h1").inner_text() == "Change password"
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/nowhere")
    assert page.locator("h1").inner_text() == "Not found"
    page.get_by_role("link", name="Bahasa Indonesia").click()
    assert page.locator("html").get_attribute("lang") == "id"


def test_errors_are_pages_in_the_visitors_language(browser_page, check_accessibility, screenshot):
    page = browser_page
    response = page.goto("/tidak-ada-halaman-ini")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Tidak ditemukan"
    assert "Traceback" not in page.content() and '"detail"' not in page.content()
    check_accessibility(page)
    screenshot(page, "error-404")


def test_keyboard_alone_reaches_the_content_and_the_form(browser_page):
    page = browser_page
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "username"


def test_readable_on_a_phone(chromium, server, sign_in_as):
    context = chromium.new_context(base_url=server, viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        sign_in_as(page, "verifier", "reg-33.03")
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
        page.locator("details.account summary").click()
        box = page.locator(".account-panel").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    finally:
        context.close()
