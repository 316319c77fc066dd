"""Background jobs of the awards app (queued through innovation.core.tasks.enqueue)."""

from innovation.core.tasks import task


@task()
def build_certificate_archive(archive_id: int) -> None:
    """Make one campaign's certificate zip (see certificates.build_archive)."""
    from .certificates import build_archive

    build_archive(archive_id)
