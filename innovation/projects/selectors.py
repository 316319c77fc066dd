"""Reads of projects (scoped by the callers through accounts.scope)."""

from django.db.models import QuerySet

from .models import Project


def project_queryset() -> QuerySet:
    """Projects with what their list shows: the unit, the studio, the filed achievement."""
    return Project.objects.select_related("enterprise", "studio", "achievement").order_by("-start_on", "-id")
