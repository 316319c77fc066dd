"""With REDIS_URL the jobs wait in Redis for RQ workers (django-tasks-rq). Here Redis is
fakeredis, and the worker RQ's SimpleWorker in this process, as `run_worker` would run it."""

import datetime

import django_rq
import fakeredis
import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks_rq import Job
from rq import SimpleWorker

from innovation.achievements.models import ImportBatch
from innovation.achievements.tasks import run_import
from innovation.core import jobs, tasks
from tests.achievements.conftest import make_campaign


@pytest.fixture
def redis(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    server = fakeredis.FakeRedis()
    monkeypatch.setattr(django_rq.queues, "get_connection", lambda name="default", *a, **k: server)
    monkeypatch.setattr(django_rq, "get_connection", lambda name="default", *a, **k: server)
    return server


def test_a_job_goes_to_redis_after_the_commit_and_an_rq_worker_runs_it(
    world, settings, tmp_path, redis, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    batch = ImportBatch(
        campaign=make_campaign(world),
        original_name="x.xlsx",
        sha256="1" * 64,
        created_by=world.users["yixian"],
        scope_path=world.yixian.path,
    )
    batch.file.save("x.xlsx", ContentFile(b"not a workbook"), save=False)
    batch.save()
    queue = django_rq.get_queue("default", job_class=Job)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert tasks.enqueue(run_import, batch.pk) is None  # no id yet: queued at commit
        assert queue.count == 0
    assert queue.count == 1
    assert queue.jobs[0].func_name == "innovation.achievements.tasks.run_import"
    assert list(queue.jobs[0].args) == [batch.pk]

    SimpleWorker([queue], connection=redis, job_class=Job).work(burst=True)
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == ("failed", 1)  # run: "not a workbook" refused
    assert queue.count == 0


def test_with_redis_the_worker_queues_again_what_redis_lost(
    world, settings, tmp_path, redis, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    batch = ImportBatch.objects.create(
        campaign=make_campaign(world),
        original_name="x.xlsx",
        sha256="2" * 64,
        created_by=world.users["yixian"],
        scope_path=world.yixian.path,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    queue = django_rq.get_queue("default", job_class=Job)
    assert queue.count == 0  # Redis restarted without its data: the job is gone
    with django_capture_on_commit_callbacks(execute=True):
        outcome = jobs.recover()
    assert outcome == {"resumed": [], "interrupted": [], "requeued": [f"ImportBatch#{batch.pk}"]}
    assert queue.count == 1 and list(queue.jobs[0].args) == [batch.pk]
