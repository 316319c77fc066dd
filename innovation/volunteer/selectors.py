"""Reads of the volunteer-service part (scoped by the callers through accounts.scope)."""

from django.db.models import Count, F, Q, QuerySet

from innovation.org.models import Worker
from innovation.studios.models import Studio

from .models import ServiceTeam, TeamMember


def team_queryset() -> QuerySet:
    """Teams with what their list shows: the home unit, the leader, how many serve now."""
    return ServiceTeam.objects.select_related("enterprise", "leader").annotate(
        members_now=Count("members", filter=Q(members__left_on=None), distinct=True)
    )


def roster(team: ServiceTeam) -> list[TeamMember]:
    """Everyone who served: the leader first, then by the day they joined; those who left last."""
    return list(
        team.members.select_related("worker__enterprise").order_by(
            F("left_on").asc(nulls_first=True), "-role", "joined_on", "id"
        )
    )


def studio_people() -> QuerySet:
    """Active workers who lead a studio or are on a studio's roster (of studios not revoked): the
    people a team is formed of."""
    return (
        Worker.objects.filter(is_active=True)
        .filter(
            Q(led_studios__status=Studio.Status.ACTIVE)
            | Q(studio_memberships__left_on=None, studio_memberships__studio__status=Studio.Status.ACTIVE)
        )
        .distinct()
    )


def my_team_links(user) -> list:
    """A worker's home page: the teams he serves in now (队长 or 队员)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from innovation.core.mylinks import MyLink

    mine = TeamMember.objects.filter(worker__user=user, left_on=None, team__is_active=True).select_related(
        "team"
    )
    return [
        MyLink(
            label=str(_("我的志愿服务队")),
            title=f"{m.team.name}（{m.get_role_display()}）",
            url=reverse("volunteer:team", args=[m.team_id]),
        )
        for m in mine.order_by("team__formed_on", "team_id")
    ]
