"""The backup drill on the served Jinzhou demo: an attachment is uploaded, `manage.py backup`
writes the archive, a fresh empty database is made (migrated, nothing in it), `manage.py restore`
loads the archive into it and a second server serves it. Then every figure of /api/v1/stats
for four roles, the whole audit trail (its count and its last rows) and the attachment's
download are the same as on the demo. Prints how long the drill took."""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.core.subprocess_db import database_url, manage
from tests.demo_site.conftest import DEMO_PASSWORD, _free_port

ROOT = Path(__file__).resolve().parents[2]
USERS = ["demo_city", "demo_yixian", "demo_unit_petro", "demo_liying"]
ATTACHMENT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + "备份演练附件".encode() * 200


class Browser:
    """A signed-in HTTP session (cookies and CSRF), as a person's browser would hold."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.csrf = ""
        page = self.get("/accounts/login/").decode()
        self.post(
            "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}, token=self._token(page)
        )

    @staticmethod
    def _token(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read()

    def post(self, path: str, fields: dict, *, token: str, files: dict | None = None) -> int:
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in {**fields, "csrfmiddlewaretoken": token}.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                )
            for name, (filename, data, content_type) in files.items():
                head = (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: {content_type}\r\n\r\n"
                )
                parts.append(head.encode() + data + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        request.add_header("Content-Type", content_type)
        request.add_header("Referer", self.base + path)
        with self.opener.open(request, timeout=60) as response:
            return response.status

    def upload(self, path: str, page: str, filename: str, data: bytes) -> None:
        token = self._token(self.get(page).decode())
        self.post(
            path, {"purpose": "material"}, token=token, files={"file": (filename, data, "application/pdf")}
        )


def api(base: str, path: str, token: str) -> dict:
    request = urllib.request.Request(base + path)
    request.add_header("Authorization", f"Token {token}")
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our own servers)
        return json.loads(response.read())


AUDIT = (
    "import json; from innovation.audit.models import AuditEntry as A; rows = A.objects.order_by('-at', '-id'); "
    "print(json.dumps({'count': rows.count(), 'last': [[a.pk, a.at.isoformat(), a.actor_name, a.action, "
    "a.object_type, a.object_id, a.object_repr, a.changes, a.detail, a.ip] for a in rows[:50]]}))"
)


def audit_trail(env: dict) -> dict:
    # ASCII JSON on one line: the fuzz leaves audit rows with U+0085 or U+2028 in their text, which
    # str.splitlines() would take for line breaks.
    return json.loads(manage(env, "shell", "-c", AUDIT).stdout.strip().split("\n")[-1])


def serve(env: dict, logs: Path) -> tuple[str, subprocess.Popen]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 (our own server)
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "300",
            "--error-logfile",
            str(logs),
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=5).read()  # noqa: S310
            return url, server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(
                    "the restored server did not start:\n" + logs.read_text(errors="replace")
                ) from None
            time.sleep(0.2)


@pytest.mark.mutates_demo
def test_backup_and_restore_drill(demo_site, tmp_path):
    started = time.monotonic()
    tokens = {user: demo_site.token(user) for user in USERS}

    # An attachment, uploaded through the page by the unit's union before the backup.
    (draft,) = [
        a
        for a in api(demo_site.url, "/api/v1/achievements?state=draft", tokens["demo_unit_petro"])["results"]
        if a["title"] == "常减压装置航煤馏分卡边操作优化"
    ]
    petro = Browser(demo_site.url, "demo_unit_petro")
    petro.upload(
        f"/achievements/{draft['id']}/attachments/",
        f"/achievements/{draft['id']}/",
        "演练附件.pdf",
        ATTACHMENT,
    )
    detail = petro.get(f"/achievements/{draft['id']}/").decode()
    (link,) = set(re.findall(rf'href="(/achievements/{draft["id"]}/attachments/\d+/)"', detail))
    assert petro.get(link) == ATTACHMENT

    before = {user: api(demo_site.url, "/api/v1/stats", tokens[user]) for user in USERS}

    # 1. Backup.
    archive = tmp_path / "demo-backup.tar.gz"
    clock = time.monotonic()
    out = demo_site.manage("backup", str(archive)).stdout
    backup_seconds = time.monotonic() - clock
    assert out.startswith(f"备份完成：{archive}") and "上传文件 " in out
    trail = audit_trail(demo_site.env)

    # 2. A fresh empty database (migrated, no rows) and an empty MEDIA; restore into them.
    restored_env = {
        **demo_site.env,
        "DATABASE_URL": database_url(tmp_path, "drill_restored"),
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    manage(restored_env, "migrate", "--noinput", "-v", "0")
    clock = time.monotonic()
    done = manage(restored_env, "restore", str(archive))
    restore_seconds = time.monotonic() - clock
    assert done.stdout.startswith("恢复完成")

    # 3. The whole audit trail: the same count and the same last rows, to the microsecond.
    assert audit_trail(restored_env) == trail
    assert trail["count"] > 1000

    # 4. Served: the same figures for every role, the attachment downloads.
    url, server = serve(restored_env, tmp_path / "restored-error.log")
    try:
        after = {user: api(url, "/api/v1/stats", tokens[user]) for user in USERS}
        assert after == before
        assert before["demo_city"]["achievements_total"] > before["demo_yixian"]["achievements_total"] > 0
        assert Browser(url, "demo_unit_petro").get(link) == ATTACHMENT
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(  # noqa: T201
        f"\nbackup drill: backup {backup_seconds:.1f} s ({archive.stat().st_size:,} bytes), "
        f"restore {restore_seconds:.1f} s, whole drill {time.monotonic() - started:.1f} s"
    )
