"""The tables of the competitions' lists."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Competition, CompetitionState, League, Registration, RegistrationState

STATE_STYLE = {
    CompetitionState.DRAFT: "secondary",
    CompetitionState.REGISTRATION_OPEN: "primary",
    CompetitionState.REGISTRATION_CLOSED: "info",
    CompetitionState.IN_PROGRESS: "warning",
    CompetitionState.MARKING_LOCKED: "dark",
    CompetitionState.RESULTS_PUBLISHED: "success",
    CompetitionState.FINAL: "light",
    RegistrationState.SUBMITTED: "primary",
    RegistrationState.CONFIRMED: "success",
    RegistrationState.RETURNED: "warning",
    RegistrationState.WITHDRAWN: "light",
}


def badge(record):
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        STATE_STYLE.get(record.state, "light"),
        record.get_state_display(),
    )


class CompetitionTable(tables.Table):
    title = tables.Column(linkify=("competitions:detail", {"pk": tables.A("pk")}), verbose_name=_("赛事"))
    level = tables.Column(verbose_name=_("级别"))
    year = tables.Column(verbose_name=_("年度"))
    union = tables.Column(accessor="union__name", verbose_name=_("主办工会"))
    registration_closes_on = tables.DateColumn(format="Y-m-d", verbose_name=_("报名截止"))
    starts_on = tables.DateColumn(format="Y-m-d", verbose_name=_("比赛日期"))
    venue = tables.Column(verbose_name=_("比赛地点"))
    state = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Competition
        fields = ("title", "level", "year", "union", "registration_closes_on", "starts_on", "venue", "state")
        attrs = {"class": "table table-hover align-middle", "id": "competition-table"}

    def render_state(self, record):
        return badge(record)


class LeagueTable(tables.Table):
    title = tables.Column(linkify=("competitions:league", {"pk": tables.A("pk")}), verbose_name=_("联赛"))
    year = tables.Column(verbose_name=_("年度"))
    union = tables.Column(accessor="union__name", verbose_name=_("主办工会"))
    rule = tables.Column(verbose_name=_("积分规则"))
    rounds_total = tables.Column(verbose_name=_("轮数"))

    class Meta:
        model = League
        fields = ("title", "year", "union", "rule", "rounds_total")
        attrs = {"class": "table table-hover align-middle", "id": "league-table"}


class RegistrationTable(tables.Table):
    worker = tables.Column(
        accessor="worker__name",
        linkify=("competitions:registration", {"pk": tables.A("pk")}),
        verbose_name=_("选手"),
    )
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("报名单位"))
    competition = tables.Column(accessor="occupation__competition__title", verbose_name=_("赛事"))
    occupation = tables.Column(accessor="occupation__title", verbose_name=_("工种"))
    card_number = tables.Column(verbose_name=_("参赛证号"))
    state = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Registration
        fields = ("worker", "enterprise", "competition", "occupation", "card_number", "state")
        attrs = {"class": "table table-hover align-middle", "id": "registration-table"}

    def render_state(self, record):
        return badge(record)
