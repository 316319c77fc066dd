"""A real worker process killed mid-way (SIGKILL, as a crash or a power cut would): the next
worker resumes the import, and without a worker the batch's page says it was interrupted.

Runs `manage.py run_worker` in subprocesses against a database of its own (an SQLite file, or a
PostgreSQL database beside the test database when DATABASE_URL names one), with an 8-second lease.
"""

import json
import signal
import subprocess
import sys
import time

import pytest

from .subprocess_db import ROOT, database_url, environment, manage, query

LEASE = 8
ROWS = 2000


class Site:
    def __init__(self, env: dict, url: str):
        self.env = env
        self.url = url

    def manage(self, *args: str) -> str:
        return manage(self.env, *args).stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).strip().splitlines()[-1]

    def worker(self) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "run_worker"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def batch(self, pk: int) -> dict:
        """The batch's row, read straight from the database (no Django start-up per poll)."""
        (row,) = query(
            self.url,
            "SELECT status, attempts, processed_rows, created_count FROM achievements_importbatch WHERE id = %s",
            (pk,),
        )
        return dict(zip(("status", "attempts", "processed", "created"), row, strict=True))

    def wait_for(self, pk: int, test, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            state = self.batch(pk)
            if test(state):
                return state
            assert time.monotonic() < deadline, state
            time.sleep(0.02)


@pytest.fixture(scope="module")
def site(tmp_path_factory, worker_id) -> Site:
    tmp = tmp_path_factory.mktemp("worker_process")
    url = database_url(tmp, f"jobs_{worker_id}")
    env = environment(url, tmp / "media", TASKS_BACKEND="database", JOB_LEASE_SECONDS=str(LEASE))
    site = Site(env, url)
    site.manage("migrate", "--noinput", "-v", "0")
    return site


def page(site: Site, pk: int) -> str:
    return json.loads(site.shell(f"from tests.core.job_process import batch_page; batch_page({pk})"))


def kill_midway(site: Site, pk: int) -> None:
    worker = site.worker()
    try:
        site.wait_for(pk, lambda s: s["status"] == "running" and s["processed"] >= 250)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    state = site.batch(pk)
    assert state["status"] == "running" and state["processed"] < ROWS and state["created"] == 0


def test_a_killed_import_is_resumed_by_the_next_worker_or_reported_on_its_page(site):
    first = json.loads(site.shell(f"from tests.core.job_process import queue_import; queue_import({ROWS})"))
    assert first["status"] == "pending"  # queued in the database, no worker yet
    pk = first["batch"]

    # 1. A worker takes it and is killed mid-way: the batch stays running, half validated.
    #    (While its lease runs the page shows that progress: tests/achievements/test_import_jobs.py.)
    kill_midway(site, pk)

    # 2. The next worker (started at once: the lease has not run out yet) takes the batch back
    #    once the lease is over and imports it whole, once.
    started = time.monotonic()
    worker = site.worker()
    try:
        state = site.wait_for(pk, lambda s: s["status"] == "done", timeout=180)
        resumed_after = time.monotonic() - started
    finally:
        worker.send_signal(signal.SIGTERM)  # stops gracefully: nothing in hand
        assert worker.wait(timeout=30) == 0
    assert state == {"status": "done", "attempts": 2, "processed": ROWS, "created": ROWS}
    assert (
        json.loads(site.shell(f"from tests.core.job_process import batch_state; batch_state({pk})"))[
            "achievements"
        ]
        == ROWS
    )
    print(f"\nkilled import resumed and finished {resumed_after:.1f} s after the next worker started")

    # 3. Killed again, with no worker to take it back: after the lease and a lease of grace the
    #    page says what happened (and stops polling).
    second = json.loads(
        site.shell(f"from tests.core.job_process import queue_import; queue_import({ROWS}, '第二批')")
    )
    kill_midway(site, second["batch"])
    time.sleep(2 * LEASE + 1)
    html = page(site, second["batch"])
    assert "导入已中断。" in html and "本次没有导入任何成果。请重新上传该文件。" in html
    assert "hx-get" not in html
    assert site.batch(second["batch"])["status"] == "interrupted"
