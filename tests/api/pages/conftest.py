"""Browser fixtures: the real app served by uvicorn, driven by Debian's Chromium through Playwright.

Nothing is mocked: pages come from the real app on SQLite and PostgreSQL (the `app` fixture of
tests/api), accounts are real, sign-in goes through the real form. Playwright cannot download its own
browser here, so it drives /usr/bin/chromium (Debian's package, installed by scripts/install-system.sh).

- `server`: the base URL of the app served in a thread for this test.
- `browser_page`: a fresh Chromium page (own cookies); console errors and page errors — among them
  Content-Security-Policy violations — fail the test at teardown.
- `sign_in_as(page, role, agency_code=None) -> User`: a new account of `role`, signed in through the form.
- `check_accessibility(page)`: axe-core (npm) run in the page; fails on serious or critical violations.
- `screenshot(page, name)`: a full-page PNG under build/screenshots/ (the README shows copies of them).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.servers import serving_in_thread

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = os.environ.get("SUARA_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
PASSWORD = "kata-sandi-uji-123"
# The flags the machine needs: no sandbox as root, and no background calls to a network that is closed.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]  # fmt: skip


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module (pages and contexts are per test).

    Not per session: Playwright's sync API keeps an asyncio loop running in the main thread while it is
    alive, and later tests that call asyncio.run (the body-limit and WebSocket tests) would fail.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system.sh (Debian package chromium)")
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run the set-up (npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(app) -> Iterator[str]:
    with serving_in_thread(app) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def browser_page(chromium, server):
    """A page in a fresh context (its own cookies) whose base URL is the served app."""
    context = chromium.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" and not _expected_console_error(message.text)
            else None
        ),
    )
    yield page
    context.close()
    assert not problems, "the browser reported errors:\n" + "\n".join(problems)


def _expected_console_error(text: str) -> bool:
    """Chromium logs every non-2xx answer of a page load; the tests assert those statuses themselves."""
    return text.startswith("Failed to load resource: the server responded with a status of")


@pytest.fixture
def sign_in_as(make_user):
    """sign_in_as(page, role, agency_code=None) -> the new User, signed in through the sign-in form."""

    def run(page, role: str, agency_code: str | None = None, next_path: str = "/account/password"):
        user = make_user(role, agency_code, f"{role}-{uuid.uuid4().hex[:8]}", PASSWORD)
        page.goto(f"/sign-in?next={next_path}")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"**{next_path}*")
        return user

    return run


def _serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def check_accessibility(axe_source):
    """check_accessibility(page): axe-core's WCAG A/AA rules in the real browser; no serious or critical."""

    def run(page) -> list[dict]:
        # Evaluated through the DevTools protocol, which the page's CSP does not govern (the page itself
        # may only run its own scripts).
        page.evaluate(axe_source + "\n;0")
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        serious = _serious(result["violations"])
        summary = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in serious
        ]
        assert not serious, f"axe found serious accessibility problems on {page.url}:\n" + json.dumps(
            summary, indent=1
        )
        return result["violations"]

    return run


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def screenshot(screenshot_dir, db_url):
    """screenshot(page, name): saved once per page (from the SQLite run; PostgreSQL's look the same)."""

    def run(page, name: str) -> Path:
        path = screenshot_dir / f"{name}.png"
        if db_url.startswith("sqlite"):
            page.screenshot(path=str(path), full_page=True)
        return path

    return run
