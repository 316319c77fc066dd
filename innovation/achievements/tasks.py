"""Background jobs of the achievements app (queued through innovation.core.tasks.enqueue)."""

from innovation.core.tasks import task


@task()
def run_import(batch_id: int, ip: str | None = None, user_agent: str = "") -> None:
    """Import one stored Excel batch (see importer.run_batch)."""
    from .importer import run_batch

    run_batch(batch_id, ip=ip, user_agent=user_agent)
