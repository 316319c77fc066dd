"""Background jobs: Django's tasks framework (the django-tasks backport), used one way.

A job is a module-level function decorated with `@task()` (from `django_tasks`) that takes
ids and plain values, never model instances: its arguments are stored as JSON. Callers queue
it with `enqueue(job, *args, **kwargs)`, which picks the moment by backend (settings.TASKS):

* the database backend (django-tasks-db, the embedded default): the job row is written in the
  caller's transaction, so the job exists exactly when the caller's rows do; the worker
  (`manage.py run_worker`, started by `make run`) picks it up after the commit;
* the immediate backend (the test suite): the job runs at once, inline, as before;
* any other backend (RQ on Redis when REDIS_URL is set): queued once the caller's transaction
  has committed, so the worker always finds the rows the caller has just written.

What a job did (progress, outcome, a crash) is recorded on the row it works on, through
innovation.core.jobs (a lease that a dead worker cannot renew).
"""

import logging
from functools import partial

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django_tasks import task  # re-exported: jobs are declared with innovation.core.tasks.task
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task

log = logging.getLogger(__name__)

__all__ = ["enqueue", "is_transactional", "task"]


def is_transactional(backend: BaseTaskBackend) -> bool:
    """Whether queueing on `backend` is part of the caller's database transaction."""
    if isinstance(backend, ImmediateBackend):
        return True
    try:
        from django_tasks_db import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the app is a dependency
        return False
    return isinstance(backend, DatabaseBackend) and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS


def enqueue(job: Task, *args, **kwargs) -> str | None:
    """Queue `job(*args, **kwargs)` (see the module docstring). Returns the task result's id
    when it is known now (database and immediate backends), else None."""
    backend = job.get_backend()
    if is_transactional(backend):
        return str(job.enqueue(*args, **kwargs).id)
    transaction.on_commit(partial(job.enqueue, *args, **kwargs), robust=True)
    return None
