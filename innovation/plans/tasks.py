"""Background jobs of the plans (queued through innovation.core.tasks.enqueue)."""

from innovation.core.tasks import task


@task()
def take_snapshot(run_id: int) -> None:
    """Take one quarterly snapshot (see services.take_snapshot)."""
    from .services import take_snapshot as take

    take(run_id)
