"""No log holds personal data (issue 8, defect 3 and its check).

On the served demo (gunicorn, its own database): a unit admin registers a worker with an ID-card
number and a phone, then looks for him as people do — the worker list searched by the full
number and by the phone (page and API), the filtered list exported, the full number revealed on
the worker's page and through the API — and makes failed look-ups (an unknown number, a number
typed where an id belongs). Afterwards neither number is anywhere in clear: not in the audit
trail, not in the server's access and error logs, not in the SQLite database file or its WAL.
The masked forms are there, which shows that the paths ran."""

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from innovation.core.masking import mask_id_number
from innovation.core.validators import id_check_char
from tests.demo_site.conftest import log_in

pytestmark = pytest.mark.mutates_demo  # registers a worker

UNIT_ADMIN = "demo_unit_petro"


def _api(site, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(site.url + path, data=data, method=method)
    request.add_header("Authorization", f"Token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our own server)
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _new_id_number(site, token: str) -> str:
    """A valid ID number (GB 11643 check digit) that no demo worker holds."""
    for sequence in range(900, 999):
        first17 = f"21070219700101{sequence:03d}"
        number = first17 + id_check_char(first17)
        status, found = _api(site, "GET", f"/api/v1/workers?q={number}", token)
        if status == 200 and found["count"] == 0:
            return number
    raise AssertionError("no free ID number")


def _database_files(site) -> list[Path]:
    url = site.env["DATABASE_URL"]
    if not url.startswith("sqlite:///"):
        return []
    path = Path(url.removeprefix("sqlite:///"))
    return [p for p in (path, Path(f"{path}-wal")) if p.exists()]


def test_no_id_or_phone_number_reaches_a_log_the_audit_or_the_database_in_clear(demo_site, browser_page):
    token = demo_site.token(UNIT_ADMIN)
    status, units = _api(
        demo_site, "GET", "/api/v1/enterprises?q=" + urllib.parse.quote("锦州石化公司"), token
    )
    assert status == 200
    unit = next(u for u in units["results"] if u["name"] == "锦州石化公司")
    number, phone = _new_id_number(demo_site, token), "19912340876"
    unknown = number[:14] + "998" + id_check_char(number[:14] + "998")

    # Registered through the API.
    status, worker = _api(
        demo_site,
        "POST",
        "/api/v1/workers",
        token,
        {"name": "隐私核查", "id_number": number, "phone": phone, "enterprise": unit["id"], "post": "仪表工"},
    )
    assert status == 201, worker
    assert worker["id_number_masked"] == mask_id_number(number)

    # Searched, exported and revealed on the pages, as a unit admin does it.
    page = log_in(browser_page, UNIT_ADMIN)
    for query in (phone, number):  # the list exported is the one searched by the ID number
        page.goto("/org/workers/?q=" + query)
        expect(page.locator(f"a[href='/org/workers/{worker['id']}/']").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.goto("/org/workers/?q=" + unknown)
    expect(page.locator("table")).to_contain_text("暂无符合条件的记录")
    page.goto(f"/org/workers/{worker['id']}/")
    page.locator("#reveal-id-button").click()
    expect(page.locator("#reveal-id_number-cell")).to_contain_text(number)

    # The same through the API, and look-ups that fail.
    status, found = _api(demo_site, "GET", f"/api/v1/workers?q={phone}", token)
    assert status == 200 and [w["id"] for w in found["results"]] == [worker["id"]]
    status, revealed = _api(
        demo_site, "POST", f"/api/v1/workers/{worker['id']}/reveal", token, {"field": "phone"}
    )
    assert status == 200 and revealed["value"] == phone
    status, _ = _api(demo_site, "GET", f"/api/v1/workers?q={unknown}", token)
    assert status == 200
    assert page.goto(f"/org/workers/{number}/").status == 404
    assert demo_site.get(f"/api/v1/workers/{number}", token=token)[0] == 404

    # The audit trail holds the masked forms only.
    trail = demo_site.manage(
        "shell",
        "-c",
        "import json; from innovation.audit.models import AuditEntry; "
        "print(json.dumps([[e.action, e.object_id, e.object_repr, e.changes, e.detail, e.actor_name, e.user_agent]"
        " for e in AuditEntry.objects.order_by('id')], ensure_ascii=False, default=str))",
    ).stdout
    assert f"q={mask_id_number(number)}" in trail  # the export of the searched list
    assert "field=phone" in trail and "field=id_number" in trail  # both reveals
    assert number not in trail and phone not in trail and unknown not in trail

    # The server's logs: the requests are there, the numbers are not.
    access = demo_site.access_log.read_text(errors="replace")
    errors = demo_site.error_log.read_text(errors="replace")
    assert "GET /org/workers/ HTTP/1.1" in access and f"/api/v1/workers/{worker['id']}/reveal" in access
    assert f"/org/workers/{mask_id_number(number)}/" in access  # the failed look-up, masked
    for text in (access, errors):
        for secret in (number, phone, unknown):
            assert secret not in text

    # The database file and its write-ahead log (SQLite): ciphertext and keyed hashes only.
    for path in _database_files(demo_site):
        data = path.read_bytes()
        for secret in (number, phone, unknown):
            assert secret.encode() not in data, f"{secret} in {path.name}"
