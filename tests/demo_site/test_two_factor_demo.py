"""The served demo's administrators sign in with the published TOTP secrets README lists; the
demo's audit chain verifies; and check --deploy refuses a database holding those secrets."""

import os
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.demo_site.conftest import log_in

ADMINS = ["demo_city", "demo_city2", "demo_sysadmin", "demo_security", "demo_audit"]


@pytest.fixture(scope="module")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.mark.parametrize("username", [*ADMINS, "demo_liying"])
def test_demo_accounts_sign_in_through_the_forms(demo_site, chromium, username):
    context = chromium.new_context(base_url=demo_site.url, locale="zh-CN")
    try:
        page = context.new_page()
        codes_typed = []
        page.on(
            "request",
            lambda r: (
                codes_typed.append(r.url) if "/accounts/2fa/verify/" in r.url and r.method == "POST" else None
            ),
        )
        log_in(page, username)
        expect(page.locator("#home-roles")).to_be_visible()
        assert len(codes_typed) == (1 if username in ADMINS else 0)
    finally:
        context.close()


def test_the_demos_audit_chain_is_intact(demo_site):
    result = demo_site.manage("audit_verify")
    assert result.returncode == 0 and result.stdout.startswith("审计链完好：共"), (
        result.stdout + result.stderr
    )


def test_check_deploy_refuses_the_demos_published_secrets(demo_site):
    result = demo_site.manage("check", "--deploy", check=False)
    assert result.returncode == 1
    assert (
        "Published demo TOTP secrets are in use by: demo_audit, demo_city, demo_city2, demo_security, "
        "demo_sysadmin." in result.stderr
    )
