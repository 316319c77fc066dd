"""Background jobs: queueing through Django's tasks framework (innovation.core.tasks), the lease
that tells a live job from a dead one, and recovery of jobs whose worker died
(innovation.core.jobs). The Excel import batch serves as the job row."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innovation.achievements.models import ImportBatch
from innovation.achievements.tasks import run_import
from innovation.core import jobs, tasks
from tests.achievements.conftest import make_campaign
from tests.worker import run_worker_once

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE
    settings.JOB_LEASE_SECONDS = 30


@pytest.fixture
def batch(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    campaign = make_campaign(world)
    row = ImportBatch(
        campaign=campaign,
        original_name="成果.xlsx",
        sha256="0" * 64,
        created_by=world.users["yixian"],
        scope_path=world.yixian.path,
    )
    row.file.save("x.xlsx", ContentFile(b"not a workbook"), save=False)
    row.save()
    return row


def died(batch, *, seconds_ago: int, attempts: int = 1) -> None:
    """The state a killed worker leaves: running, its lease run out `seconds_ago`."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="running",
        lease_owner="dead-worker",
        attempts=attempts,
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
    )


# ---------------------------------------------------------------- queueing


def test_the_database_backend_queues_in_the_callers_transaction(batch, database_backend):
    with pytest.raises(RuntimeError), transaction.atomic():
        tasks.enqueue(run_import, batch.pk)
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the caller's transaction rolls back")
    assert DBTaskResult.objects.count() == 0  # no job for rows that were never written

    task_id = tasks.enqueue(run_import, batch.pk, ip="10.0.0.1", user_agent="UA")
    job = DBTaskResult.objects.get()
    assert str(job.pk) == task_id
    assert job.status == "READY"
    assert job.task_path == "innovation.achievements.tasks.run_import"
    assert job.args_kwargs == {"args": [batch.pk], "kwargs": {"ip": "10.0.0.1", "user_agent": "UA"}}
    assert ImportBatch.objects.get(pk=batch.pk).status == "pending"  # nothing ran: the worker runs it


def test_other_backends_queue_only_after_commit(batch, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DUMMY
    from django_tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert tasks.enqueue(run_import, batch.pk) is None
        assert default_task_backend.results == []  # not before the commit
    assert len(callbacks) == 1
    assert [r.args for r in default_task_backend.results] == [[batch.pk]]


def test_the_immediate_backend_runs_the_job_inline(batch):
    tasks.enqueue(run_import, batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.attempts == 1  # "not a workbook" was read and refused
    assert "Excel" in batch.errors[0]["message"]


# ---------------------------------------------------------------- the lease


def test_a_lease_claims_a_pending_row_once(batch):
    with jobs.lease(ImportBatch, batch.pk) as first:
        assert first is not None
        with jobs.lease(ImportBatch, batch.pk) as second:
            assert second is None  # a second worker (or a repeated task) leaves it alone
        first.renew(processed_rows=7)
        row = ImportBatch.objects.get(pk=batch.pk)
        assert (row.status, row.attempts, row.processed_rows) == ("running", 1, 7)
        assert row.lease_owner == first.owner and row.started_at is not None
        first.finish(status="done", created_count=3)
    row = ImportBatch.objects.get(pk=batch.pk)
    assert (row.status, row.created_count, row.lease_owner, row.lease_expires_at) == ("done", 3, "", None)
    assert row.finished_at is not None


def test_a_job_that_lost_its_row_cannot_finish_it(batch):
    with jobs.lease(ImportBatch, batch.pk) as lease:
        ImportBatch.objects.filter(pk=batch.pk).update(status="interrupted", lease_owner="")
        with pytest.raises(jobs.LeaseLost):
            lease.renew(processed_rows=1)
        with pytest.raises(jobs.LeaseLost):
            lease.finish(status="done")
    assert ImportBatch.objects.get(pk=batch.pk).status == "interrupted"


def test_a_long_step_extends_the_lease(batch, settings):
    settings.JOB_LEASE_SECONDS = 60
    with jobs.lease(ImportBatch, batch.pk) as lease:
        lease.renew(seconds=600)
        expires = ImportBatch.objects.get(pk=batch.pk).lease_expires_at
        assert 590 < (expires - timezone.now()).total_seconds() <= 600


# ---------------------------------------------------------------- a worker that died


def test_the_page_check_leaves_a_live_job_alone(batch, settings):
    settings.JOB_LEASE_SECONDS = 60
    died(batch, seconds_ago=50)  # over, but a live worker still has a whole lease to take it back
    assert jobs.check_lease(ImportBatch.objects.get(pk=batch.pk)).status == "running"


def test_the_page_check_marks_a_dead_job_interrupted(batch, settings):
    settings.JOB_LEASE_SECONDS = 60
    died(batch, seconds_ago=61)
    row = jobs.check_lease(ImportBatch.objects.get(pk=batch.pk))
    assert row.status == "interrupted" and row.finished_at is not None and row.lease_owner == ""
    assert row.interruption == (
        "导入过程中后台处理进程意外停止（服务重启或进程退出），本次没有导入任何成果。请重新上传该文件。"
    )


def test_a_worker_takes_back_a_dead_job_and_runs_it_again(batch, database_backend, monkeypatch):
    died(batch, seconds_ago=1)
    DBTaskResult.objects.create(
        id="00000000-0000-0000-0000-000000000001",
        status="RUNNING",
        args_kwargs={"args": [batch.pk], "kwargs": {}},
        task_path="innovation.achievements.tasks.run_import",
        backend_name="default",
        run_after=timezone.now(),
        worker_ids=["dead-worker"],
    )
    ImportBatch.objects.filter(pk=batch.pk).update(task_id="00000000-0000-0000-0000-000000000001")

    assert jobs.recover() == {"resumed": [f"ImportBatch#{batch.pk}"], "interrupted": [], "requeued": []}
    row = ImportBatch.objects.get(pk=batch.pk)
    assert (row.status, row.lease_owner, row.attempts) == ("pending", "", 1)
    dead = DBTaskResult.objects.get(pk="00000000-0000-0000-0000-000000000001")
    assert dead.status == "FAILED" and dead.exception_class_path == "innovation.core.jobs.LeaseLost"
    fresh = DBTaskResult.objects.get(status="READY")
    assert str(fresh.pk) == row.task_id and fresh.args_kwargs["args"] == [batch.pk]

    run_worker_once(monkeypatch)
    row = ImportBatch.objects.get(pk=batch.pk)
    assert (row.status, row.attempts) == ("failed", 2)  # ran again (and refused the non-workbook)
    assert DBTaskResult.objects.get(pk=fresh.pk).status == "SUCCESSFUL"


def test_a_job_that_keeps_killing_its_worker_is_given_up(batch, database_backend):
    died(batch, seconds_ago=1, attempts=3)
    assert jobs.recover() == {"resumed": [], "interrupted": [f"ImportBatch#{batch.pk}"], "requeued": []}
    row = ImportBatch.objects.get(pk=batch.pk)
    assert row.status == "interrupted"
    assert row.interruption.endswith("（已自动重试，共运行 3 次）")
    assert DBTaskResult.objects.count() == 0


def test_recovery_leaves_live_and_finished_jobs_alone(batch, database_backend):
    with jobs.lease(ImportBatch, batch.pk):
        assert jobs.recover() == {"resumed": [], "interrupted": [], "requeued": []}
    ImportBatch.objects.filter(pk=batch.pk).update(status="done", lease_expires_at=timezone.now())
    assert jobs.recover(now=timezone.now() + datetime.timedelta(hours=1))["resumed"] == []


def test_with_a_queue_outside_the_database_old_pending_rows_are_queued_again(
    batch, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    from django_tasks import default_task_backend

    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = jobs.recover()
    assert outcome["requeued"] == [f"ImportBatch#{batch.pk}"]
    assert [r.args for r in default_task_backend.results] == [[batch.pk]]


def test_the_worker_command_runs_what_waits_in_the_database(batch, database_backend, monkeypatch):
    tasks.enqueue(run_import, batch.pk)
    assert ImportBatch.objects.get(pk=batch.pk).status == "pending"
    run_worker_once(monkeypatch)
    assert ImportBatch.objects.get(pk=batch.pk).status == "failed"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_worker_command_has_nothing_to_do_with_the_immediate_backend(db, capsys):
    call_command("run_worker")
    assert "nothing for a worker to do" in capsys.readouterr().out
