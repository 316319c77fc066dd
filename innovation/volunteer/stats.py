"""The figures of the volunteer service for the home page and /api/v1/stats, scoped:
`service_teams_total` (teams in service), `service_firms_served` (enterprises whose order the
teams served to the end: resolved, confirmed or closed), `service_problems_solved` (orders the
enterprise confirmed as solved), `service_people_trained` (people trained at the sessions of
orders not cancelled). Each links to the rows behind it."""

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.stats import Figure, StatsProvider, register

from .models import (
    CONFIRMED_STATES,
    SERVED_STATES,
    OrderState,
    Outcome,
    ServiceOrder,
    ServiceTeam,
    ServiceTraining,
)


def served_orders(orders):
    return orders.filter(state__in=SERVED_STATES)


def solved_orders(orders):
    return orders.filter(state__in=CONFIRMED_STATES, outcome=Outcome.SOLVED)


def trained_people(orders) -> int:
    total = ServiceTraining.objects.filter(order__in=orders.exclude(state=OrderState.CANCELLED)).aggregate(
        n=Sum("headcount")
    )["n"]
    return total or 0


def service_figures(user) -> list[Figure]:
    action = Action.SERVICE_VIEW
    teams = restrict(ServiceTeam.objects.filter(is_active=True), user, action)
    orders = restrict(ServiceOrder.objects.all(), user, action)
    url = reverse("volunteer:orders")
    return [
        Figure(
            "service_teams_total",
            _("志愿服务队"),
            teams.count(),
            reverse("volunteer:teams") + "?is_active=true",
            action,
            hide_when_zero=True,
        ),
        Figure(
            "service_firms_served",
            _("服务企业"),
            served_orders(orders).values("enterprise_id").distinct().count(),
            url + "?served=true",
            action,
            hide_when_zero=True,
        ),
        Figure(
            "service_problems_solved",
            _("解决技术难题"),
            solved_orders(orders).count(),
            url + "?solved=true",
            action,
            hide_when_zero=True,
        ),
        Figure(
            "service_people_trained",
            _("技术传帮带（人次）"),
            trained_people(orders),
            url + "?trained=true",
            action,
            hide_when_zero=True,
        ),
    ]


register(StatsProvider(name="volunteer", compute=service_figures))
