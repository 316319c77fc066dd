"""The served demo's administrators sign in with the published TOTP secrets README lists; the
demo's audit chain verifies; and check --deploy refuses a database holding those secrets."""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from tests.demo_site.conftest import DEMO_AUTHENTICATORS, DEMO_PASSWORD

ADMINS = ["demo_city", "demo_city2", "demo_sysadmin", "demo_security", "demo_audit"]


class FormClient:
    """A person's browser, as far as forms go: cookies, CSRF tokens, redirects followed.
    (Plain HTTP: one Chromium per test worker is already taken by tests/browser; the Playwright
    helper `log_in` goes through the same forms.)"""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base_url + path, timeout=120) as response:
            return response.geturl(), response.read().decode()

    def submit(self, path: str, fields: dict) -> tuple[str, str]:
        _url, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, headers={"Referer": self.base_url + path}
        )
        with self.opener.open(request, timeout=120) as response:
            return response.geturl(), response.read().decode()


@pytest.mark.parametrize("username", [*ADMINS, "demo_liying"])
def test_demo_accounts_sign_in_through_the_forms(demo_site, username):
    client = FormClient(demo_site.url)
    url, page = client.submit("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    if username in ADMINS:
        assert url.endswith("/accounts/2fa/verify/"), url
        url, page = client.submit("/accounts/2fa/verify/", {"code": DEMO_AUTHENTICATORS.code(username)})
    assert url == demo_site.url + "/", url
    assert 'id="home-roles"' in page


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
