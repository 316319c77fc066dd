"""Rows that track a background job, and the lease that tells a live job from a dead one.

A job (innovation.core.tasks) works on one row of a model derived from `BackgroundJob` (an
Excel import batch, a certificate archive). The row says what the person asked for and what
happened; the task queue only carries the row's id. Running a job:

    with jobs.lease(ImportBatch, batch_id) as lease:
        if lease is None:
            return                       # already taken (a retried job, a second worker)
        ...
        lease.renew(processed_rows=250)  # progress, and proof of life
        ...
        lease.finish(status="done", created_count=n)

`lease()` claims a pending row (pending -> running) under a fresh owner token and an expiry
`lease_expires_at` = now + JOB_LEASE_SECONDS. The job renews it when it reports progress, and
a heartbeat thread renews it in between (through a connection of its own, so a long write
transaction on PostgreSQL does not starve it; on SQLite a writing job is the only writer, so
it extends its lease itself before a long transaction with `renew(seconds=...)`).

A worker that dies (killed, crashed, the machine lost power) stops renewing. Then:

* a worker, at start-up and every half lease while it runs (`recover()`), puts the row back
  in the queue (pending, a new task) up to JOB_MAX_ATTEMPTS runs, after that marks it
  interrupted;
* the row's page (`check_lease()`), once the lease is over by a further whole lease (time
  for a live worker to take it back first), marks it interrupted with the model's
  `interrupted_message`, which the page shows.

Every write of a job is conditional on its owner token, so a job that lost its row (marked
interrupted or taken back meanwhile) cannot also finish it: `LeaseLost` is raised instead and
its transaction rolls back.
"""

from __future__ import annotations

import datetime
import logging
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

JOB_MAX_ATTEMPTS = 3


class JobStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    INTERRUPTED = "interrupted", _("已中断")


class LeaseLost(Exception):
    """The job no longer owns its row: it was marked interrupted or taken back meanwhile."""


def lease_seconds() -> int:
    return max(5, int(getattr(settings, "JOB_LEASE_SECONDS", 60)))


class BackgroundJob(models.Model):
    """Fields every job row has. A subclass sets `job_task` (the dotted path of the task that
    runs one row by id) and `interrupted_message`, and may narrow `status`'s labels (the values
    are JobStatus's)."""

    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0, editable=False)
    lease_owner = models.CharField(max_length=32, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    interruption = models.TextField(_("中断说明"), blank=True, editable=False)

    job_task: str = ""
    interrupted_message = _("后台处理进程在处理过程中意外停止（服务重启或进程退出）。")

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.PENDING, JobStatus.RUNNING)


def job_models() -> list[type[BackgroundJob]]:
    return [m for m in apps.get_models() if issubclass(m, BackgroundJob)]


# ---------------------------------------------------------------- running a job


@dataclass
class Lease:
    model: type[BackgroundJob]
    pk: int
    owner: str
    lost: bool = False

    def _mine(self):
        return self.model._base_manager.filter(pk=self.pk, lease_owner=self.owner, status=JobStatus.RUNNING)

    def renew(self, *, seconds: int | None = None, **fields) -> None:
        """Prove the job is alive (and record progress `fields`); `seconds` extends the lease
        beyond the usual for a long step that cannot renew meanwhile. Raises LeaseLost."""
        expires = timezone.now() + datetime.timedelta(seconds=max(seconds or 0, lease_seconds()))
        if self.lost or not self._mine().update(lease_expires_at=expires, **fields):
            self.lost = True
            raise LeaseLost(f"{self.model.__name__} #{self.pk}")

    def finish(self, *, status: str, **fields) -> None:
        """Record the outcome and give the row up. Raises LeaseLost (the caller's transaction
        then rolls back whatever the job wrote with it)."""
        done = self._mine().update(
            status=status, finished_at=timezone.now(), lease_owner="", lease_expires_at=None, **fields
        )
        if not done:
            self.lost = True
            raise LeaseLost(f"{self.model.__name__} #{self.pk}")


class _Heartbeat(threading.Thread):
    """Renews a lease every quarter lease from a connection of its own until stopped."""

    def __init__(self, lease: Lease):
        super().__init__(name=f"lease-{lease.model.__name__}-{lease.pk}", daemon=True)
        self.lease = lease
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(lease_seconds() / 4):
                try:
                    expires = timezone.now() + datetime.timedelta(seconds=lease_seconds())
                    # Never shorten a lease the job extended for a long step.
                    if (
                        not self.lease._mine()
                        .filter(lease_expires_at__lt=expires)
                        .update(lease_expires_at=expires)
                        and not self.lease._mine().exists()
                    ):
                        self.lease.lost = True
                        return
                except Exception:  # a busy database: try again at the next beat
                    log.debug("lease heartbeat of %s skipped", self.name, exc_info=True)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


@contextmanager
def lease(model: type[BackgroundJob], pk: int):
    """Claim row `pk` (pending -> running) for this job; yields a Lease, or None when the row
    is not pending (already run, taken by another worker, or gone)."""
    owner = uuid.uuid4().hex
    now = timezone.now()
    claimed = model._base_manager.filter(pk=pk, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING,
        lease_owner=owner,
        lease_expires_at=now + datetime.timedelta(seconds=lease_seconds()),
        started_at=now,
        attempts=F("attempts") + 1,
        interruption="",
    )
    if not claimed:
        yield None
        return
    held = Lease(model=model, pk=pk, owner=owner)
    # Inside an outer transaction (the immediate backend under test) nobody else can see the
    # row, so there is nobody to prove life to.
    beat = None if connection.in_atomic_block else _Heartbeat(held)
    if beat is not None:
        beat.start()
    try:
        yield held
    finally:
        if beat is not None:
            beat.stop()


# ---------------------------------------------------------------- a job whose worker died


def _interrupt(model: type[BackgroundJob], row: dict, now) -> bool:
    message = str(model.interrupted_message)
    if row["attempts"] > 1:
        message += str(_("（已自动重试，共运行 %(n)d 次）")) % {"n": row["attempts"]}
    return bool(
        model._base_manager.filter(
            pk=row["pk"], status=JobStatus.RUNNING, lease_owner=row["lease_owner"]
        ).update(
            status=JobStatus.INTERRUPTED,
            interruption=message,
            finished_at=now,
            lease_owner="",
            lease_expires_at=None,
        )
    )


def _fail_task_result(task_id: str, message: str) -> None:
    """The database backend's record of a task whose worker died says running for ever: say failed."""
    if not task_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover
        return
    DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="innovation.core.jobs.LeaseLost",
        traceback=message,
    )


def _requeue(model: type[BackgroundJob], pk: int) -> None:
    from .tasks import enqueue

    task_id = enqueue(import_string(model.job_task), pk)
    if task_id:
        model._base_manager.filter(pk=pk).update(task_id=task_id)


def recover(*, now: datetime.datetime | None = None) -> dict[str, list[int]]:
    """What a worker does at start-up and every half lease: each running row whose lease is
    over goes back to the queue (or, after JOB_MAX_ATTEMPTS runs, is marked interrupted).
    With a queue outside the database (RQ), pending rows older than a lease are queued again,
    in case the queue lost them (a second task for a row is harmless: only one can claim it).
    Returns {"resumed": [...], "interrupted": [...], "requeued": [...]} as "Model#pk"."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    from .tasks import is_transactional

    now = now or timezone.now()
    outcome: dict[str, list] = {"resumed": [], "interrupted": [], "requeued": []}
    for model in job_models():
        stale = model._base_manager.filter(status=JobStatus.RUNNING, lease_expires_at__lt=now)
        for row in stale.values("pk", "attempts", "lease_owner", "task_id"):
            label = f"{model.__name__}#{row['pk']}"
            with transaction.atomic():
                _fail_task_result(row["task_id"], "the worker running this task stopped")
                if row["attempts"] >= JOB_MAX_ATTEMPTS:
                    if _interrupt(model, row, now):
                        outcome["interrupted"].append(label)
                    continue
                taken = model._base_manager.filter(
                    pk=row["pk"], status=JobStatus.RUNNING, lease_owner=row["lease_owner"]
                ).update(status=JobStatus.PENDING, lease_owner="", lease_expires_at=None, task_id="")
                if taken:
                    _requeue(model, row["pk"])
                    outcome["resumed"].append(label)
        if not is_transactional(task_backends[DEFAULT_TASK_BACKEND_ALIAS]):
            old = now - datetime.timedelta(seconds=lease_seconds())
            for pk in model._base_manager.filter(status=JobStatus.PENDING, created_at__lt=old).values_list(
                "pk", flat=True
            ):
                _requeue(model, pk)
                outcome["requeued"].append(f"{model.__name__}#{pk}")
    for kind, labels in outcome.items():
        if labels:
            log.warning("background jobs %s: %s", kind, ", ".join(labels))
    return outcome


def check_lease(row: BackgroundJob, *, now: datetime.datetime | None = None) -> BackgroundJob:
    """For a page showing `row`: a running row whose lease has been over for a further whole
    lease (no live worker took it back) is marked interrupted. Returns the row, refreshed."""
    now = now or timezone.now()
    grace = datetime.timedelta(seconds=lease_seconds())
    if row.status == JobStatus.RUNNING and row.lease_expires_at and row.lease_expires_at + grace < now:
        values = {"pk": row.pk, "attempts": row.attempts, "lease_owner": row.lease_owner}
        if _interrupt(type(row), values, now):
            _fail_task_result(row.task_id, "the worker running this task stopped")
        row.refresh_from_db()
    return row


def waiting_too_long(row: BackgroundJob, *, now: datetime.datetime | None = None) -> bool:
    """A pending row nobody has taken for a whole lease: the worker is probably not running."""
    now = now or timezone.now()
    return (
        row.status == JobStatus.PENDING and row.created_at + datetime.timedelta(seconds=lease_seconds()) < now
    )


class Sweeper(threading.Thread):
    """Runs recover() every half lease inside a worker process, until stopped."""

    def __init__(self) -> None:
        super().__init__(name="job-sweeper", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(lease_seconds() / 2):
                try:
                    close_old_connections()
                    recover()
                except Exception:
                    log.exception("recovering interrupted jobs failed")
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
