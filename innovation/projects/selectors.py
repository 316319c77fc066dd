"""Reads of projects (scoped by the callers through accounts.scope)."""

from django.db.models import QuerySet

from .models import Project


def project_queryset() -> QuerySet:
    """Projects with what their list shows: the unit, the studio, the filed achievement."""
    return Project.objects.select_related("enterprise", "studio", "achievement").order_by("-start_on", "-id")


def achievement_related(achievement, user) -> list:
    """The achievement page's line for the project it was filed from (the link back)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from innovation.accounts.policy import Action
    from innovation.accounts.scope import restrict
    from innovation.core.related import Related

    project = Project.objects.filter(achievement=achievement).first()
    if project is None:
        return []
    openable = restrict(Project.objects.filter(pk=project.pk), user, Action.PROJECT_VIEW).exists()
    return [
        Related(
            label=_("技术攻关项目"),
            title=project.title,
            note=_("由该项目结题后申报；效益计入“技术攻关”渠道"),
            url=reverse("projects:detail", args=[project.pk]) if openable else "",
        )
    ]
