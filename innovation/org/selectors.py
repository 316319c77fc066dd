"""Reads for the organisation that are not plain scoped lists."""

from .models import Worker


def own_worker(user) -> Worker | None:
    """The worker record linked to this account, with unit and honours, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Worker.objects.filter(user=user)
        .select_related("enterprise__union__parent")
        .prefetch_related("honours")
        .defer("id_number", "phone")
        .first()
    )
