"""Page behaviour that needs no browser: CSRF on page forms, open redirects, headers, the language cookie,
the vendor list, and a catalogue that covers every string the pages wrap."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from starlette.requests import Request

from api.pages.i18n import translator
from api.pages.refusals import REFUSALS, refusal_text
from api.pages.render import page_address
from tests.api.pages.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
WRAPPED = re.compile(r"""\bt\(\s*(["'])((?:(?!\1).)+)\1""")


def _wrapped_strings() -> set[str]:
    found: set[str] = set()
    sources = [*(ROOT / "api" / "templates").rglob("*.html"), *(ROOT / "api" / "pages").rglob("*.py")]
    for path in sources:
        found.update(match.group(2) for match in WRAPPED.finditer(path.read_text(encoding="utf-8")))
    return found


def test_every_wrapped_string_has_an_indonesian_translation():
    catalogue = json.loads((ROOT / "api" / "pages" / "locales" / "id.json").read_text(encoding="utf-8"))
    missing = sorted(s for s in _wrapped_strings() if s not in catalogue)
    assert not missing, f"add these to api/pages/locales/id.json: {missing}"


def _signed_in(browser, sign_in, make_user, role="verifier", agency="prov-33"):
    user = make_user(role, agency, None, PASSWORD)
    answer = sign_in(browser, user.username, PASSWORD)
    return user, answer["csrf_token"]


def test_a_page_form_without_its_csrf_token_is_refused_with_a_page(browser, sign_in, make_user):
    client = browser()
    _signed_in(client, sign_in, make_user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "x" * 12, "confirm_password": "x" * 12},
    )
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Tidak diizinkan" in response.text


def test_sign_in_never_redirects_to_another_site(browser, make_user):
    client = browser()
    user = make_user("leader", "reg-33.03", None, PASSWORD)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            "/sign-in",
            data={"username": user.username, "password": PASSWORD, "next": target},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/dashboard"


def test_sign_in_from_another_sites_page_is_refused(browser, make_user):
    client = browser()
    user = make_user("leader", "reg-33.03", None, PASSWORD)
    response = client.post(
        "/sign-in",
        data={"username": user.username, "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 403 and "suara_session" not in response.cookies


@pytest.mark.parametrize(
    "role, landing",
    [("operator", "/desk"), ("producer", "/shows"), ("verifier", "/queue"), ("liaison", "/inbox"),
     ("leader", "/dashboard"), ("sysadmin", "/admin")],
)  # fmt: skip
def test_each_role_lands_on_its_daily_page(browser, make_user, role, landing):
    client = browser()
    agency = {"liaison": "reg-33.03", "leader": "reg-33.03", "verifier": "prov-33"}.get(role)
    user = make_user(role, agency, None, PASSWORD)
    response = client.post(
        "/sign-in", data={"username": user.username, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == landing
    assert client.get("/", follow_redirects=False).headers["location"] == landing


def test_pages_are_never_cached_and_run_only_their_own_scripts(anon_client):
    response = anon_client.get("/sign-in")
    assert response.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "<script>" not in response.text  # no inline script: the policy would block it


def test_assets_come_from_the_app_and_only_those_listed(anon_client):
    assert anon_client.get("/vendor/htmx.min.js").status_code == 200
    assert anon_client.get("/vendor/chart.umd.js").status_code == 200
    assert anon_client.get("/static/css/suara.css").status_code == 200
    assert anon_client.get("/vendor/..%2Fpackage.json").status_code == 404
    assert anon_client.get("/vendor/axe.min.js").status_code == 404  # a test tool, not served


def test_unknown_language_is_refused_and_known_one_is_remembered(anon_client):
    assert anon_client.get("/language?to=fr", follow_redirects=False).status_code == 422
    response = anon_client.get("/language?to=en&back=/sign-in", follow_redirects=False)
    assert response.headers["location"] == "/sign-in" and response.cookies["suara_lang"] == "en"
    assert "<h1>Sign in</h1>" in anon_client.get("/sign-in").text


def test_the_api_still_answers_problem_details(anon_client):
    response = anon_client.get("/api/v1/complaints/999999")
    assert response.status_code == 401 and response.headers["content-type"] == "application/problem+json"


def _language_links(page: str) -> list[str]:
    return [html.unescape(link) for link in re.findall(r'href="(/language\?to=[a-z]+&amp;back=[^"]*)"', page)]


def test_the_language_link_of_a_form_reshown_after_a_post_leads_back_to_its_page(browser, sign_in, make_user):
    client = browser()
    admin = make_user("sysadmin", None, None, PASSWORD)
    csrf = sign_in(client, admin.username, PASSWORD)["csrf_token"]
    # The reset-password form posts to an address that answers only POST; a mismatch re-shows the page.
    response = client.post(
        f"/admin/accounts/{admin.id}/password",
        data={"csrf_token": csrf, "password": "a" * 12, "confirm_password": "b" * 12},
    )
    assert response.status_code == 422
    links = _language_links(response.text)
    assert len(links) == 2
    for link in links:
        answer = client.get(link)
        assert answer.status_code == 200, link
        assert answer.url.path == f"/admin/accounts/{admin.id}"


def _request(method: str, path: str, headers: dict[str, str]) -> Request:
    scope = {
        "type": "http", "method": method, "path": path, "query_string": b"", "scheme": "http",
        "server": ("suara.local", 80), "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "suara.local", **headers}.items()],
    }  # fmt: skip
    return Request(scope)


def test_a_posted_page_without_its_own_address_links_back_to_the_page_of_the_form():
    own = _request("POST", "/inbox/7/respond", {"referer": "http://suara.local/inbox?page=2"})
    assert page_address(own) == "/inbox"
    foreign = _request("POST", "/inbox/7/respond", {"referer": "https://evil.example/inbox"})
    assert page_address(foreign) == "/"
    assert page_address(_request("POST", "/inbox/7/respond", {})) == "/"
    assert page_address(_request("GET", "/queue", {})) == "/queue"


def test_every_refusal_the_pages_translate_has_an_indonesian_entry():
    catalogue = json.loads((ROOT / "api" / "pages" / "locales" / "id.json").read_text(encoding="utf-8"))
    missing = sorted(message for _, message in REFUSALS if message not in catalogue)
    assert not missing, f"add these to api/pages/locales/id.json: {missing}"


def test_a_refused_turn_fix_is_told_in_indonesian(browser, sign_in, make_user, settings):
    from tests.api.pages.test_shows_turns import make_show

    client = browser()
    producer = make_user("producer", None, None, PASSWORD)
    csrf = sign_in(client, producer.username, PASSWORD)["csrf_token"]
    rid = make_show(settings, producer.username)
    # caller-1 speaks from 5 s to 11 s: 40 s is someone else's turn, so the service refuses the split.
    split = {"speaker": "caller-1", "at": "40", "role": "caller", "based_on_version": "1"}
    response = client.post(
        f"/shows/{rid}/turns/split",
        data={**split, "csrf_token": csrf},
    )
    assert response.status_code == 422
    assert "Detik 40.0 tidak berada di dalam giliran bicara Penelepon 1." in response.text
    assert "is not inside a turn" not in response.text
    response = client.post(
        f"/shows/{rid}/turns/relabel",
        data={"csrf_token": csrf, "speaker": "host", "role": "caller", "based_on_version": "1"},
    )
    assert response.status_code == 422
    assert "Penyiar tetap berlabel penyiar; ubah label pembicara yang lain." in response.text
    # The same refusal for an English visitor keeps the service's own sentence, capitalised.
    client.cookies.set("suara_lang", "en")
    response = client.post(
        f"/shows/{rid}/turns/split",
        data={**split, "csrf_token": csrf},
    )
    assert "40.0 s is not inside a turn of Caller 1." in response.text


def test_a_refused_routing_rule_is_told_in_indonesian():
    t = translator("id")
    detail = (
        "aturan rute tidak valid: rule 'jalan-x' (#0): unknown topics ['jalan_bolong'] (see taxonomy.json)"
    )
    assert refusal_text(t, detail) == "Aturan rute jalan-x tidak valid: Topik tidak dikenal: 'jalan_bolong'."
    assert refusal_text(t, "a sentence nobody wrote") == "a sentence nobody wrote"
