"""Run the background-job worker for the configured task backend (`make run` starts it beside
the web server and stops it with it).

Before it takes the first job it recovers the jobs a dead worker left behind
(innovation.core.jobs.recover), and it keeps doing so every half lease while it runs. Then:

* the database backend (the default): django-tasks-db's worker (`db_worker`);
* the RQ backend (REDIS_URL set): django-rq's `rqworker` with django-tasks-rq's job class;
* the immediate backend (tests): nothing to run, jobs run where they are queued.

SIGINT / SIGTERM stop it after the job in hand; a second signal stops it at once (the job is
then recovered by the next worker).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from innovation.core import jobs


class Command(BaseCommand):
    help = "Run the background-job worker (database or RQ backend), recovering interrupted jobs first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run the jobs waiting now, then exit.")
        parser.add_argument("--queue-name", default=DEFAULT_TASK_QUEUE_NAME)

    def handle(self, *, batch: bool, queue_name: str, verbosity: int, **options) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if isinstance(backend, ImmediateBackend):
            self.stdout.write(
                "Jobs run inline with the immediate backend: there is nothing for a worker to do."
            )
            return
        outcome = jobs.recover()
        self.stdout.write(
            "Recovered jobs: resumed {resumed}, marked interrupted {interrupted}, queued again {requeued}.".format(
                **{k: len(v) for k, v in outcome.items()}
            )
        )
        sweeper = None if batch else jobs.Sweeper()
        if sweeper is not None:
            sweeper.start()
        try:
            if type(backend).__module__.startswith("django_tasks_rq"):
                args = ["--job-class", "django_tasks_rq.Job"]
                if batch:
                    args.append("--burst")
                call_command("rqworker", queue_name, *args, verbosity=verbosity)
            else:
                args = ["--queue-name", queue_name, "--no-startup-delay", "--no-reload"]
                if batch:
                    args.append("--batch")
                call_command("db_worker", *args, verbosity=verbosity)
        finally:
            if sweeper is not None:
                sweeper.stop()
