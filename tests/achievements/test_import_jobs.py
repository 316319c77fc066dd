"""The Excel import as a durable background job: queued in the database, run by the worker, and
never "running" for ever when its worker dies — the next worker resumes it, or its page says
that it was interrupted."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innovation.achievements import importer
from innovation.achievements.models import Achievement, ImportBatch
from innovation.audit.models import AuditEntry
from innovation.core import jobs
from tests.worker import run_worker_once

from .test_import import row, upload, workbook


@pytest.fixture(autouse=True)
def _database_queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.JOB_LEASE_SECONDS = 60


@pytest.fixture
def queued(client, world, campaign):
    """Two rows uploaded by the county: stored and queued, nothing imported yet."""
    client.force_login(world.users["yixian"])
    content = workbook([row("成果一", world.workers["yx_a_1"]), row("成果二", world.workers["yx_b_1"])])
    response = upload(client, campaign, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{batch.pk}/")
    assert batch.status == "pending" and DBTaskResult.objects.get().status == "READY"
    return batch


def worker_dies_midway(batch) -> None:
    """A worker claims the batch, validates one row of two, and is killed (kill -9, power cut):
    nothing after that point runs, its lease is never renewed."""
    with jobs.lease(ImportBatch, batch.pk) as lease:
        lease.renew(total_rows=2, processed_rows=1)
    task = DBTaskResult.objects.get()
    task.claim("worker-that-died")


def time_passes(batch, seconds: int) -> None:
    """Move the batch's lease `seconds` into the past, as if that much time had gone by."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def page(client, batch) -> str:
    return client.get(reverse("achievements:import_detail", args=[batch.pk])).content.decode()


def test_the_worker_runs_the_queued_import(client, queued, monkeypatch):
    assert "排队中，即将开始" in page(client, queued)
    run_worker_once(monkeypatch)
    queued.refresh_from_db()
    assert (queued.status, queued.created_count, queued.attempts) == ("done", 2, 1)
    assert Achievement.objects.count() == 2
    html = page(client, queued)
    assert "已导入 2 项成果" in html and "hx-get" not in html


def test_while_the_lease_runs_the_page_shows_progress(client, queued):
    worker_dies_midway(queued)
    html = page(client, queued)
    assert "正在逐行校验" in html and "1 / 2" in html and "hx-get" in html


def test_the_page_of_an_import_whose_worker_died_says_what_happened(client, queued, monkeypatch):
    worker_dies_midway(queued)
    time_passes(queued, 121)  # the lease (60 s) and a whole lease of grace: no worker took it back
    html = page(client, queued)
    assert 'id="import-interrupted"' in html and "导入已中断。" in html
    assert (
        "导入过程中后台处理进程意外停止（服务重启或进程退出），本次没有导入任何成果。请重新上传该文件。"
        in html
    )
    assert "hx-get" not in html  # the page stops polling
    queued.refresh_from_db()
    assert queued.status == "interrupted" and queued.finished_at is not None
    assert Achievement.objects.count() == 0
    assert DBTaskResult.objects.get().status == "FAILED"  # the task record no longer says running
    upload_page = client.get(reverse("achievements:import_upload")).content.decode()
    assert "已中断" in upload_page

    # the same file may be uploaded again, and then imports
    content = queued.file.open("rb").read()
    upload(client, queued.campaign, content)
    run_worker_once(monkeypatch)
    assert ImportBatch.objects.get(pk=queued.pk + 1).status == "done"
    assert Achievement.objects.count() == 2


def test_the_next_worker_resumes_an_import_whose_worker_died(client, queued, monkeypatch):
    worker_dies_midway(queued)
    time_passes(queued, 1)
    run_worker_once(monkeypatch)  # start-up: recover, then run
    queued.refresh_from_db()
    assert (queued.status, queued.created_count, queued.attempts) == ("done", 2, 2)
    assert Achievement.objects.count() == 2
    assert "已导入 2 项成果" in page(client, queued)
    imports = DBTaskResult.objects.filter(task_path__endswith=".run_import")
    assert sorted(imports.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]
    # and the near-duplicate check (查重) of the imported items, queued by the import that succeeded
    checks = DBTaskResult.objects.filter(task_path__endswith=".check_duplicates")
    assert list(checks.values_list("status", flat=True)) == ["SUCCESSFUL"]


def test_a_worker_killed_inside_the_write_leaves_nothing_half_done(client, queued, monkeypatch):
    real_record = importer.importer.record
    calls = []

    def killed_after_the_inserts(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:  # the achievements, authors and audit rows are inserted: die now
            raise SystemExit("killed")
        return real_record(**kwargs)

    monkeypatch.setattr(importer.importer, "record", killed_after_the_inserts)
    run_worker_once(monkeypatch)
    queued.refresh_from_db()
    assert queued.status == "running"  # as a killed worker leaves it
    assert Achievement.objects.count() == 0  # its transaction rolled back whole
    assert AuditEntry.objects.filter(object_type="achievements.achievement").count() == 0

    time_passes(queued, 1)
    run_worker_once(monkeypatch)
    queued.refresh_from_db()
    assert (queued.status, queued.created_count, queued.attempts) == ("done", 2, 2)
    assert Achievement.objects.count() == 2  # once, not twice
    assert AuditEntry.objects.filter(object_type="achievements.achievement").count() == 2


def test_a_batch_nobody_takes_hints_that_the_worker_is_not_running(client, queued):
    assert "后台处理进程可能没有运行" not in page(client, queued)
    ImportBatch.objects.filter(pk=queued.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    html = page(client, queued)
    assert 'id="import-stalled"' in html and "进程恢复后会自动导入" in html
    assert ImportBatch.objects.get(pk=queued.pk).status == "pending"  # still waits, and will run
