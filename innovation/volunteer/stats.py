"""The figures of the volunteer service for the home page and /api/v1/stats, scoped:
`service_teams_total` (teams in service). The orders' figures (`service_firms_served`,
`service_problems_solved`, `service_people_trained`) come with the orders."""

from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.stats import Figure, StatsProvider, register

from .models import ServiceTeam


def service_figures(user) -> list[Figure]:
    action = Action.SERVICE_VIEW
    teams = restrict(ServiceTeam.objects.filter(is_active=True), user, action)
    return [
        Figure(
            "service_teams_total",
            _("志愿服务队"),
            teams.count(),
            reverse("volunteer:teams") + "?is_active=true",
            action,
            hide_when_zero=True,
        )
    ]


register(StatsProvider(name="volunteer", compute=service_figures))
