"""Background jobs of the achievements app (queued through innovation.core.tasks.enqueue)."""

from innovation.core.tasks import task


@task()
def run_import(batch_id: int, ip: str | None = None, user_agent: str = "") -> None:
    """Import one stored Excel batch (see importer.run_batch)."""
    from .importer import run_batch

    run_batch(batch_id, ip=ip, user_agent=user_agent)


@task()
def check_duplicates(ids: list[int]) -> None:
    """The near-duplicate check (查重) of the items of one Excel import, oldest first, after the
    import committed (a failure is logged; the import stands)."""
    from .duplicates.services import check_safely

    check_safely(ids)
