"""Running the background-job worker inside a test."""

from django.core.management import call_command


def run_worker_once(monkeypatch) -> None:
    """`manage.py run_worker --batch` in this process: runs what waits in the database queue.

    The worker recycles its database connection between jobs (close_old_connections), which
    inside a test's transaction would close the test's own connection (PostgreSQL); here the
    transaction is the test's, so the connection is kept."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("run_worker", "--batch", verbosity=0)
