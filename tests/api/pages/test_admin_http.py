"""The administration pages without a browser: who may open them (every other role gets the 403 page
and no data), forms that change nothing when refused, the audit log's filters and pages, agencies and
SLA through the forms. Real app, real accounts and sessions, SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from api.agency.models import RoutingRule
from api.audit.models import AuthEvent
from api.auth.models import User
from api.database import session_scope, utcnow
from tests.api.pages.conftest import PASSWORD

ADMIN_PAGES = (
    "/admin",
    "/admin/accounts",
    "/admin/accounts/new",
    "/admin/tokens",
    "/admin/agencies",
    "/admin/agencies/new",
    "/admin/rules",
    "/admin/rules/new",
    "/admin/rules/infra-jalan-tol",
    "/admin/sla",
    "/admin/audit",
)
OTHER_ROLES = {
    "operator": None,
    "producer": None,
    "verifier": "prov-33",
    "liaison": "reg-33.03",
    "leader": "reg-33.03",
}


def _admin_browser(browser, sign_in, make_user):
    """A TestClient signed in as a new sysadmin through the API; returns it, the user and the CSRF token."""
    client = browser()
    admin = make_user("sysadmin", None, None, PASSWORD)
    answer = sign_in(client, admin.username, PASSWORD)
    return client, admin, answer["csrf_token"]


def test_every_admin_page_opens_for_a_sysadmin(browser, sign_in, make_user):
    client, admin, _ = _admin_browser(browser, sign_in, make_user)
    for path in (*ADMIN_PAGES, f"/admin/accounts/{admin.id}", "/admin/agencies/1"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'aria-label="Bagian administrasi"' in response.text


@pytest.mark.parametrize("role", sorted(OTHER_ROLES))
def test_every_other_role_gets_the_403_page_and_no_data(role, browser, sign_in, make_user):
    secret_holder = make_user("operator", None, f"rahasia-{uuid.uuid4().hex[:8]}", PASSWORD)
    client = browser()
    user = make_user(role, OTHER_ROLES[role], None, PASSWORD)
    csrf = sign_in(client, user.username, PASSWORD)["csrf_token"]
    account_page = f"/admin/accounts/{secret_holder.id}"
    for path in (*ADMIN_PAGES, account_page, "/admin/agencies/1"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert response.headers["content-type"].startswith("text/html")
        assert "Tidak diizinkan" in response.text
        shown = response.text.split('<main id="main"', 1)[1].split("</main>", 1)[0]  # links echo the path
        assert secret_holder.username not in shown and "infra-jalan-tol" not in shown
        assert "<table" not in shown
    # A form posted anyway (with a valid CSRF token) changes nothing.
    response = client.post(
        "/admin/accounts/new",
        data={
            "csrf_token": csrf,
            "username": "diselundupkan",
            "role": "sysadmin",
            "password": "x" * 12,
            "confirm_password": "x" * 12,
        },
    )
    assert response.status_code == 403
    response = client.post(f"/admin/accounts/{secret_holder.id}/disable", data={"csrf_token": csrf})
    assert response.status_code == 403
    with session_scope(client.app.state.settings.sqlalchemy_url, write=False) as db_session:
        assert db_session.scalar(select(User.id).where(User.username == "diselundupkan")) is None
        assert db_session.get(User, secret_holder.id).disabled is False


def test_the_public_is_sent_to_sign_in_and_a_token_without_the_admin_scope_is_refused(
    anon_client, make_user, auth_headers
):
    response = anon_client.get("/admin/tokens", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in?next=/admin/tokens"
    admin = make_user("sysadmin")
    narrow = auth_headers(admin, scopes=["complaints:read"])
    response = anon_client.get("/admin/accounts", headers=narrow)
    assert response.status_code == 403 and 'data-testid="account-row"' not in response.text
    assert (
        anon_client.get("/admin/accounts", headers=auth_headers(admin, scopes=["admin"])).status_code == 200
    )


def test_a_refused_account_keeps_the_form_and_makes_nothing(browser, sign_in, make_user, settings):
    client, _, csrf = _admin_browser(browser, sign_in, make_user)
    form = {
        "csrf_token": csrf,
        "username": "penghubung-baru",
        "display_name": "Penghubung Baru",
        "role": "liaison",
        "agency_code": "",
        "password": "sandi-awal-panjang",
        "confirm_password": "sandi-awal-panjang",
    }
    response = client.post("/admin/accounts/new", data=form)
    assert response.status_code == 422
    assert "Penghubung bertindak untuk sebuah instansi: isi kode instansinya." in response.text
    assert 'value="penghubung-baru"' in response.text and "sandi-awal-panjang" not in response.text
    response = client.post(
        "/admin/accounts/new",
        data={**form, "agency_code": "reg-33.03", "password": "pendek", "confirm_password": "pendek"},
    )
    assert response.status_code == 422 and "Kata sandi minimal 10 karakter." in response.text
    response = client.post("/admin/accounts/new", data={**form, "agency_code": "reg-99.99"})
    assert response.status_code == 422 and "Tidak ada instansi dengan kode reg-99.99." in response.text
    taken = make_user("operator")
    response = client.post(
        "/admin/accounts/new", data={**form, "username": taken.username, "role": "operator"}
    )
    assert response.status_code == 409 and f"Akun bernama {taken.username} sudah ada." in response.text
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        assert db_session.scalar(select(User.id).where(User.username == "penghubung-baru")) is None
        assert not db_session.scalar(
            select(func.count()).select_from(AuthEvent).where(AuthEvent.subject == "penghubung-baru")
        )


def test_the_last_sysadmin_cannot_disable_themselves(browser, sign_in, make_user, settings):
    client, admin, csrf = _admin_browser(browser, sign_in, make_user)
    with session_scope(settings.sqlalchemy_url) as db_session:  # make this the only enabled sysadmin
        for other in db_session.scalars(select(User).where(User.role == "sysadmin", User.id != admin.id)):
            other.disabled = True
    try:
        response = client.post(f"/admin/accounts/{admin.id}/disable", data={"csrf_token": csrf})
        assert response.status_code == 409
        assert "Ini administrator sistem aktif terakhir" in response.text
        assert client.get("/admin").status_code == 200  # still signed in, still enabled
    finally:
        with session_scope(settings.sqlalchemy_url) as db_session:
            for other in db_session.scalars(select(User).where(User.role == "sysadmin", User.id != admin.id)):
                other.disabled = False


def test_the_audit_log_filters_by_actor_event_and_days_and_pages(browser, sign_in, make_user, settings):
    from api.audit.service import record

    client, _, _ = _admin_browser(browser, sign_in, make_user)
    actor = f"pelaku-{uuid.uuid4().hex[:6]}"
    now = utcnow()
    with session_scope(settings.sqlalchemy_url) as db_session:
        for n in range(60):
            record(db_session, actor=actor, action="role_changed", subject=f"akun-{n:02d}", now=now)
        record(
            db_session, actor=actor, action="user_disabled", subject="akun-lama", now=now - timedelta(days=3)
        )
    first = client.get("/admin/audit", params={"actor": actor})
    assert first.status_code == 200
    assert (
        first.text.count('data-testid="audit-row"') == 50
        and "akun-59" in first.text
        and "akun-09" not in first.text
    )
    assert "Peristiwa lebih lama" in first.text
    second = client.get("/admin/audit", params={"actor": actor, "page": 2})
    assert second.text.count('data-testid="audit-row"') == 11 and "akun-lama" in second.text
    only = client.get("/admin/audit", params={"actor": actor, "action": "user_disabled"})
    assert only.text.count('data-testid="audit-row"') == 1 and "akun-lama" in only.text
    today = (now + timedelta(hours=7)).date().isoformat()  # the administrator's day in WIB
    recent = client.get("/admin/audit", params={"actor": actor, "since": today, "until": today, "page": 2})
    assert recent.text.count('data-testid="audit-row"') == 10 and "akun-lama" not in recent.text
    bad = client.get("/admin/audit", params={"since": "kemarin"})
    assert bad.status_code == 200 and "Dari: tanggal seperti 2026-12-05." in bad.text


def test_agencies_and_their_sla_through_the_forms(browser, sign_in, make_user, settings):
    from api.agency import service as agency_service

    client, _, csrf = _admin_browser(browser, sign_in, make_user)
    code = f"dinas-uji-{uuid.uuid4().hex[:6]}:33.03"
    form = {
        "csrf_token": csrf,
        "code": code,
        "name": "Dinas Uji Kabupaten Cilacap",
        "level": "office",
        "region_code": "33.03",
        "parent_code": "reg-33.03",
        "timezone": "",
    }
    response = client.post("/admin/agencies/new", data=form, follow_redirects=False)
    assert response.status_code == 303
    page = response.headers["location"].split("?")[0]
    assert client.post("/admin/agencies/new", data=form).status_code == 409  # the code is taken
    response = client.post(
        f"{page}/sla", data={"csrf_token": csrf, "verify_days": "1", "respond_days": "2", "close_days": "0"}
    )
    assert (
        response.status_code == 422
        and "Hari SLA: bilangan bulat hari kerja dari 1 sampai 365." in response.text
    )
    response = client.post(
        f"{page}/sla",
        data={"csrf_token": csrf, "verify_days": "1", "respond_days": "2", "close_days": "7"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    response = client.post(
        page,
        data={"csrf_token": csrf, "name": "Dinas Uji Cilacap", "timezone": "Asia/Jakarta"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        agency = agency_service.get_by_code(db_session=db_session, code=code)
        assert agency is not None and agency.name == "Dinas Uji Cilacap"
        assert agency.timezone == "Asia/Jakarta" and agency.parent_id is not None
        sla = agency_service.sla_for(db_session=db_session, agency_id=agency.id)
        assert (sla.verify_days, sla.respond_days, sla.close_days) == (1, 2, 7)
        actions = set(db_session.scalars(select(AuthEvent.action).where(AuthEvent.subject == code)))
        assert {"agency_created", "sla_changed", "agency_changed"} <= actions
    assert "Dinas Uji Cilacap" in client.get("/admin/sla").text


def test_a_routing_rule_refused_by_nlp_writes_nothing(browser, sign_in, make_user, settings):
    client, _, csrf = _admin_browser(browser, sign_in, make_user)
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        rules_before = db_session.scalar(select(func.count()).select_from(RoutingRule))
        events_before = db_session.scalar(select(func.count()).select_from(AuthEvent))
    form = {
        "csrf_token": csrf,
        "id": "jembatan-cilacap",
        "topics": "infrastruktur",
        "level": "regency",
        "agency": "dinas-yang-tidak-ada",
        "weight": "0.9",
        "keywords": "jembatan",
        "exclude_keywords": "",
        "region_prefix": "33.03",
        "replaces": "",
        "note": "",
        "enabled": "on",
        "priority": "0",
    }
    response = client.post("/admin/rules/new", data=form)
    assert response.status_code == 422
    assert "Jenis kantor dinas-yang-tidak-ada tidak dikenal." in response.text  # nlp's reason, in Indonesian
    response = client.post("/admin/rules/infra-jalan-tol", data={**form, "replaces": "tidak-ada-aturan-ini"})
    assert response.status_code == 422 and "tidak-ada-aturan-ini" in response.text
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        assert db_session.scalar(select(func.count()).select_from(RoutingRule)) == rules_before
        assert db_session.scalar(select(func.count()).select_from(AuthEvent)) == events_before
        assert (
            db_session.scalar(select(RoutingRule.body).where(RoutingRule.rule_id == "infra-jalan-tol"))[
                "agency"
            ]
            == "bpjt"
        )


def test_a_new_tokens_secret_reaches_only_the_session_that_made_it_and_only_once(browser, sign_in, make_user):
    from api.pages.admin_tokens import REVEAL_COOKIE

    client, admin, csrf = _admin_browser(browser, sign_in, make_user)
    made = client.post(
        "/admin/tokens",
        data={"csrf_token": csrf, "username": admin.username, "name": "uji", "scopes": ["stats:read"]},
        follow_redirects=False,
    )
    assert made.status_code == 303 and "suara_" not in made.text
    nobody = client.post(
        "/admin/tokens",
        data={"csrf_token": csrf, "username": "tidak-ada-orangnya", "name": "uji", "scopes": ["all"]},
        follow_redirects=False,
    )
    assert nobody.status_code == 404 and "Tidak ada akun bernama tidak-ada-orangnya." in nobody.text
    assert 'data-testid="new-token"' not in nobody.text and REVEAL_COOKIE not in nobody.cookies
    sealed = made.cookies[REVEAL_COOKIE]
    assert "suara_" not in sealed  # encrypted, not the token in the clear
    location = made.headers["location"]
    prefix = location.rsplit("=", 1)[1]

    # Another administrator's session replaying the same cookie sees nothing.
    intruder, _, _ = _admin_browser(browser, sign_in, make_user)
    intruder.cookies.set(REVEAL_COOKIE, sealed, path="/admin/tokens")
    stolen = intruder.get(location)
    assert f"suara_{prefix}_" not in stolen.text and 'data-testid="token-not-shown"' in stolen.text

    shown = client.get(location)
    assert f'value="suara_{prefix}_' in shown.text
    assert REVEAL_COOKIE in shown.headers["set-cookie"] and "Max-Age=0" in shown.headers["set-cookie"]
    again = client.get(location)
    assert f"suara_{prefix}_" not in again.text and 'data-testid="token-not-shown"' in again.text
