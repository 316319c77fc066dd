"""Browser tests: pytest-django's live server driven by Debian's Chromium through Playwright.

One Chromium per test session (per xdist worker), a fresh context and page per test.
Every test leaves a full-page screenshot of its last page in test-artifacts/browser/.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; the ORM calls the tests make
# (fixtures, checking audit rows) are still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from tests.factories import PASSWORD  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1366, "height": 900}

# Auto-waiting expectations: generous for a loaded CI machine running `-n 2`.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts_dir(pytestconfig) -> Path:
    path = Path(pytestconfig.rootpath) / "test-artifacts" / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _screenshot_name(nodename: str) -> str:
    return re.sub(r"[^\w\-\[\]]+", "_", nodename) + ".png"


@pytest.fixture
def page(browser, live_server, artifacts_dir, request) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    script_errors: list[str] = []
    page.on("pageerror", lambda exc: script_errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: (
            script_errors.append(f"console: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    try:
        page.screenshot(path=str(artifacts_dir / _screenshot_name(request.node.name)), full_page=True)
    finally:
        context.close()
    # A script error or a CSP refusal means some behaviour silently did not happen.
    assert not script_errors, script_errors


@pytest.fixture
def login(page):
    """login(username, password=PASSWORD): submit the login form like a person would."""

    def _login(username: str, password: str = PASSWORD) -> Page:
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("#login-submit").click()
        return page

    return _login


@pytest.fixture
def logged_in(login, page):
    """logged_in(username): log in and wait until the home page is there."""

    def _logged_in(username: str) -> Page:
        login(username)
        expect(page.locator("#home-roles")).to_be_visible()
        return page

    return _logged_in
