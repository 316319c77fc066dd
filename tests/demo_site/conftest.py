"""One served Jinzhou demo for the checks that need the whole product: the crawler, the API
fuzz, the backup drill.

The demo is migrated and seeded once per test session into a database of its own (an SQLite
file, or a PostgreSQL database beside the test database when DATABASE_URL names one), never
into pytest-django's test database, and served by gunicorn in a subprocess exactly as
`make run` serves it. Every test here is in the xdist group "demo_site", so with
`--dist loadgroup` they all run on one worker and share that one server while the other worker
runs the rest of the suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from innovation.accounts.demo_secrets import DEMO_TOTP_SECRETS
from tests.twofactor import KnownSecrets

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "Jinzhou@2026"


@pytest.hookimpl(tryfirst=True)  # before xdist's worker reads the xdist_group marks (tests/conftest.py)
def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.xdist_group("demo_site"))
            item.add_marker(pytest.mark.demo_site)
    # Tests that write into the demo (the API fuzz posts whatever it likes) run after those
    # that read it, so that the readers see the demo as seeded.
    items.sort(key=lambda item: item.get_closest_marker("mutates_demo") is not None)


# The demo's administrators sign in with a second factor: codes from their published secrets.
DEMO_AUTHENTICATORS = KnownSecrets(DEMO_TOTP_SECRETS)


def log_in(page, username: str, password: str = DEMO_PASSWORD):
    """Sign in through the login form as a person would (page: a Playwright page whose
    context has the demo's base_url), and for the administrators through the two-factor form
    with the code their authenticator app would show; returns the page on the signed-in home page."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("#login-submit").click()
    for _attempt in range(2):  # a second try only if a step boundary got in the way
        if "/accounts/2fa/verify/" not in page.url:
            break
        page.locator("#id_code").fill(DEMO_AUTHENTICATORS.code(username))
        with page.expect_navigation():
            page.locator("#otp-submit").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url and "/accounts/2fa/" not in url)
    return page


@pytest.fixture
def browser_page(browser, demo_site):
    """A signed-out page on the served demo, in its own browser context (the session's Chromium)."""
    context = browser.new_context(base_url=demo_site.url, locale="zh-CN")
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _demo_database_url(worker: str, tmp: Path) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'demo.sqlite3'}"
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(base)
    name = f"{cfg['NAME']}_demo_{worker}"[:63]
    conn = psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1",
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    head, _, _ = base.rpartition("/")
    return f"{head}/{name}"


@dataclass
class DemoSite:
    """The served demo: its address, the environment its commands run with, and its logs."""

    url: str
    env: dict
    access_log: Path
    error_log: Path
    media_root: Path
    _tokens: dict = field(default_factory=dict)

    def manage(self, *args: str, check: bool = True, input: str | None = None) -> subprocess.CompletedProcess:
        """Run `manage.py <args>` against the demo's database."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
            input=input,
            timeout=900,
        )

    def token(self, username: str) -> str:
        """An API token for a demo account (one per account per session)."""
        if username not in self._tokens:
            self._tokens[username] = self.manage("create_api_token", username).stdout.strip().splitlines()[-1]
        return self._tokens[username]

    def get(self, path: str, *, token: str | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + path)
        if token:
            request.add_header("Authorization", f"Token {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our own server)
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, worker_id) -> DemoSite:
    tmp = tmp_path_factory.mktemp("demo_site")
    media = tmp / "media"
    env = {
        **os.environ,
        "TESTING": "true",
        "DEMO_SITE": "true",
        "DATABASE_URL": _demo_database_url(worker_id, tmp),
        "MEDIA_ROOT": str(media),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    # pytest's own marker must not leak: the subprocess decides TESTING from the variable alone.
    env.pop("PYTEST_XDIST_WORKER", None)
    site = DemoSite(
        url="",
        env=env,
        access_log=tmp / "access.log",
        error_log=tmp / "error.log",
        media_root=media,
    )
    started = time.monotonic()
    site.manage("migrate", "--noinput", "-v", "0")
    site.manage("seed_demo")
    seeded = time.monotonic() - started

    port = _free_port()
    site.url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 (our own server)
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--config",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "300",
            "--access-logfile",
            str(site.access_log),
            "--error-logfile",
            str(site.error_log),
            "--capture-output",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(site.url + "/accounts/login/", timeout=5).read()  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):  # a busy machine: try again
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the demo server did not start:\n" + site.error_log.read_text(errors="replace")
                    ) from None
                time.sleep(0.2)
        print(f"\ndemo site: seeded in {seeded:.0f} s, serving {site.url}")  # noqa: T201
        yield site
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
