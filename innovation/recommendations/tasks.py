"""Background jobs of the recommendation part (queued through innovation.core.tasks.enqueue)."""

from innovation.core.tasks import task


@task()
def build_package(package_id: int) -> None:
    """Make one contest's recommendation package (see package.build_package)."""
    from .package import build_package as build

    build(package_id)
