"""Full-page screenshots of the running Jinzhou demo, for a human to review.

Not a test (no test_ prefix, so pytest does not collect it). Usage:

    .venv/bin/python tests/browser/shoot_demo.py [BASE_URL] [OUT_DIR]

BASE_URL defaults to $DEMO_URL or http://127.0.0.1:8001, OUT_DIR to /tmp/shots.
The demo must be seeded (make run / manage.py seed_demo); password "Jinzhou@2026".
"""

import shutil
import sys
from os import environ
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from innovation.accounts.demo_secrets import DEMO_TOTP_SECRETS  # noqa: E402
from tests.twofactor import KnownSecrets  # noqa: E402

BASE_URL = (sys.argv[1] if len(sys.argv) > 1 else environ.get("DEMO_URL", "http://127.0.0.1:8001")).rstrip(
    "/"
)
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/shots")
PASSWORD = environ.get("DEMO_PASSWORD", "Jinzhou@2026")
USERS = ["demo_city", "demo_yixian", "demo_liying", "demo_audit"]
AUTHENTICATORS = KnownSecrets(DEMO_TOTP_SECRETS)  # the demo administrators' published secrets
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def shoot(page, name: str, path: str, notes: list[str]) -> None:
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    status = response.status if response else "?"
    target = OUT / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    overflow = " HORIZONTAL-OVERFLOW" if size[0] > page.viewport_size["width"] else ""
    line = f"{target}  {status}  {urlsplit(page.url).path}  page {size[0]}x{size[1]}{overflow}"
    print(line)
    notes.append(line)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=ARGS)
        for username in USERS:
            context = browser.new_context(
                base_url=BASE_URL, viewport={"width": 1366, "height": 900}, locale="zh-CN"
            )
            page = context.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda exc, problems=problems: problems.append(f"pageerror: {exc}"))
            page.on(
                "console",
                lambda msg, problems=problems: (
                    problems.append(f"console {msg.type}: {msg.text}")
                    if msg.type in ("error", "warning")
                    else None
                ),
            )
            page.on(
                "response",
                lambda r, problems=problems: (
                    problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
                ),
            )
            response = page.goto("/accounts/login/")
            if response is None or response.status != 200:
                print(f"{BASE_URL}/accounts/login/ answered {response and response.status}: is the demo up?")
                return 1
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill(PASSWORD)
            with page.expect_navigation():
                page.locator("#login-submit").click()
            if "/accounts/2fa/verify/" in page.url:  # the administrators' second factor
                page.locator("#id_code").fill(AUTHENTICATORS.code(username))
                page.locator("#otp-submit").click()
            try:
                expect(page.locator("#home-roles")).to_be_visible(timeout=15_000)
            except AssertionError:
                page.screenshot(path=str(OUT / f"{username}_login_failed.png"), full_page=True)
                print(f"{username}: no home page after logging in at {page.url}; problems: {problems}")
                return 1

            shoot(page, f"{username}_home", "/", notes)
            shoot(page, f"{username}_workers", "/org/workers/", notes)
            if username == "demo_city":
                page.goto("/org/workers/?q=李营")
                link = page.locator("#list-container tbody tr td a", has_text="李营").first
                href = link.get_attribute("href")
                shoot(page, f"{username}_worker_liying", href, notes)
                shoot(page, f"{username}_enterprises", "/org/enterprises/", notes)
                shoot(page, f"{username}_achievements", "/achievements/", notes)
                page.goto("/achievements/?q=李营")
                link = page.locator("#list-container tbody tr td a").first
                shoot(page, f"{username}_achievement_liying", link.get_attribute("href"), notes)
                shoot(page, f"{username}_benefits", "/achievements/benefits/", notes)
                shoot(page, f"{username}_campaigns", "/achievements/campaigns/", notes)
                shoot(page, f"{username}_import", "/achievements/import/", notes)
                shoot(page, f"{username}_demo_posts", "/achievements/demonstration-posts/", notes)
            if username == "demo_yixian":
                shoot(page, f"{username}_queue", "/achievements/?awaiting=me", notes)
            for problem in problems:
                print(f"  [{username}] {problem}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
