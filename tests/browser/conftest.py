"""Browser tests: pytest-django's live server driven by Debian's Chromium through Playwright.

One Chromium per test session (per xdist worker), a fresh context and page per test.
Every test leaves a full-page screenshot of its last page in test-artifacts/browser/.
"""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from tests.twofactor import current_code, enrolled_device

VIEWPORT = {"width": 1366, "height": 900}

# The session's Chromium is the `browser` fixture of tests/conftest.py (shared with tests/demo_site);
# it also lets the tests' ORM calls run beside Playwright's event loop (DJANGO_ALLOW_ASYNC_UNSAFE,
# set only once a browser is started, never at import).

# Auto-waiting expectations: generous for a loaded CI machine running `-n 2`.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def artifacts_dir(pytestconfig) -> Path:
    path = Path(pytestconfig.rootpath) / "test-artifacts" / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _screenshot_name(nodename: str) -> str:
    return re.sub(r"[^\w\-\[\]]+", "_", nodename) + ".png"


# Every htmx event that reports a failure (htmx also logs most of them as console errors; these
# listeners make sure none goes unseen, with what htmx says about it).
HTMX_ERROR_EVENTS = (
    "htmx:error",
    "htmx:syntax:error",
    "htmx:responseError",
    "htmx:sendError",
    "htmx:swapError",
    "htmx:targetError",
    "htmx:timeout",
    "htmx:onLoadError",
    "htmx:oobErrorNoTarget",
    "htmx:historyCacheError",
    "htmx:invalidPath",
)
_HTMX_WATCH = """(() => {
  for (const name of HTMX_ERROR_EVENTS) {
    document.addEventListener(name, (event) => {
      const d = event.detail || {};
      const where = d.pathInfo ? d.pathInfo.requestPath : (d.xhr ? d.xhr.responseURL : "");
      console.error("htmx error event " + name + " " + (d.error || "") + " " + where + " " + (d.token || ""));
    }, true);
  }
})();""".replace("HTMX_ERROR_EVENTS", json.dumps(HTMX_ERROR_EVENTS))


class ConsoleWatch:
    """What went wrong in the browser: script errors, console errors (a CSP refusal, a failed
    resource, an htmx error event …). A test that opens an error page on purpose allows its
    message with allow(regex); anything else fails the test."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._allowed: list[re.Pattern] = []

    def allow(self, pattern: str) -> None:
        self._allowed.append(re.compile(pattern))

    def problems(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self._allowed)]


def _open_page(browser, base_url: str, watch: ConsoleWatch) -> Page:
    """A page in a fresh context (its own cookies), reporting what goes wrong into `watch`."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(15_000)
    context.add_init_script(_HTMX_WATCH)
    page = context.new_page()
    page.on("pageerror", lambda exc: watch.errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: watch.errors.append(f"console: {msg.text} @ {page.url}") if msg.type == "error" else None,
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
def console() -> ConsoleWatch:
    """The browser's errors in this test; console.allow(regex) for an error page opened on purpose."""
    return ConsoleWatch()


@pytest.fixture
def page(browser, live_server, artifacts_dir, request, console) -> Page:
    page = _open_page(browser, live_server.url, console)
    context = page.context
    yield page
    try:
        page.screenshot(path=str(artifacts_dir / _screenshot_name(request.node.name)), full_page=True)
    finally:
        context.close()
    # A script error, a CSP refusal, a failed request or an htmx error means some behaviour
    # silently did not happen.
    assert not console.problems(), console.problems()


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
def as_user(browser, live_server, artifacts_dir, request, console):
    """as_user(username): a page in its own browser context, logged in as that user.

    For tests where several people act in turn, each with their own session. Every such page
    leaves a screenshot <test>__<username>.png and is held to the same no-script-error rule."""
    opened: list[tuple[str, Page]] = []

    def _as_user(username: str) -> Page:
        page = _open_page(browser, live_server.url, console)
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
    assert not console.problems(), console.problems()
