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
from tests.twofactor import current_code, enrolled_device  # noqa: E402

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


def _open_page(browser, base_url: str, script_errors: list[str]) -> Page:
    """A page in a fresh context (its own cookies), reporting script errors into script_errors."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("pageerror", lambda exc: script_errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: (
            script_errors.append(f"console: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    return page


def _log_in(page: Page, username: str, password: str = PASSWORD) -> Page:
    """Sign in through the login form, and through the two-factor form when the account has it:
    the code is computed from the key of the user's authenticator (enrolled beforehand for a
    role that requires one, as an administrator would be)."""
    from innovation.accounts import twofactor
    from innovation.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is not None and twofactor.two_factor_required(user):
        enrolled_device(user)
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("#login-submit").click()
    if "/accounts/2fa/verify/" in page.url:
        page.locator("#id_code").fill(current_code(twofactor.authenticator(user)))
        with page.expect_navigation():
            page.locator("#otp-submit").click()
    return page


@pytest.fixture
def page(browser, live_server, artifacts_dir, request) -> Page:
    script_errors: list[str] = []
    page = _open_page(browser, live_server.url, script_errors)
    context = page.context
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
        return _log_in(page, username, password)

    return _login


@pytest.fixture
def logged_in(login, page):
    """logged_in(username): log in and wait until the home page is there."""

    def _logged_in(username: str) -> Page:
        login(username)
        expect(page.locator("#home-roles")).to_be_visible()
        return page

    return _logged_in


@pytest.fixture
def as_user(browser, live_server, artifacts_dir, request):
    """as_user(username): a page in its own browser context, logged in as that user.

    For tests where several people act in turn, each with their own session. Every such page
    leaves a screenshot <test>__<username>.png and is held to the same no-script-error rule."""
    script_errors: list[str] = []
    opened: list[tuple[str, Page]] = []

    def _as_user(username: str) -> Page:
        page = _open_page(browser, live_server.url, script_errors)
        opened.append((username, page))
        _log_in(page, username)
        expect(page.locator("#home-roles")).to_be_visible()
        return page

    yield _as_user
    try:
        for username, page in opened:
            name = _screenshot_name(f"{request.node.name}__{username}")
            page.screenshot(path=str(artifacts_dir / name), full_page=True)
    finally:
        for _username, page in opened:
            page.context.close()
    assert not script_errors, script_errors
