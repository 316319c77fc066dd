"""A tiny task runner for work that should not hold up a request (the Excel import).

`enqueue(func, *args, **kwargs)` runs `func(*args, **kwargs)`:

* synchronously, when ``settings.TASKS_EAGER`` is true (the test suite);
* on an RQ queue, when ``settings.REDIS_URL`` is set and the ``rq`` package is importable.
  rq is not a dependency of the project: install it and run ``rq worker innovation`` next to
  the web server to use it. ``func`` must then be a module-level function, and its
  arguments picklable (pass ids, not model instances);
* otherwise in a background thread of the current process, which closes its database
  connection when it ends. Good enough for one server; a restart of the process drops the
  work in progress (the job should record its own status so a page can tell).

Outside eager mode the job starts only once the caller's transaction commits, so it
always sees the rows the caller has just written.
"""

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction

log = logging.getLogger(__name__)

QUEUE_NAME = "innovation"


def _run_in_thread(func: Callable, args: tuple, kwargs: dict) -> None:
    try:
        func(*args, **kwargs)
    except Exception:  # a background failure must be logged, never lost
        log.exception("background task %s failed", getattr(func, "__name__", func))
    finally:
        connection.close()


def _rq_queue():
    """The RQ queue when Redis is configured and rq is installed, else None."""
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return None
    try:
        from redis import Redis
        from rq import Queue
    except ImportError:
        return None
    return Queue(QUEUE_NAME, connection=Redis.from_url(url))


def _start(func: Callable, args: tuple, kwargs: dict) -> None:
    queue = _rq_queue()
    if queue is not None:
        queue.enqueue(func, *args, **kwargs)
        return
    name = f"task-{getattr(func, '__name__', 'job')}"
    threading.Thread(target=_run_in_thread, args=(func, args, kwargs), name=name, daemon=True).start()


def enqueue(func: Callable, *args, **kwargs) -> None:
    """Run `func(*args, **kwargs)` in the background (see the module docstring)."""
    if getattr(settings, "TASKS_EAGER", False):
        func(*args, **kwargs)
        return
    transaction.on_commit(lambda: _start(func, args, kwargs))
