"""The tables of the competitions' lists."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovation.core.money import yuan_text

from .models import (
    Competition,
    CompetitionAward,
    CompetitionState,
    League,
    PromotionRecommendation,
    PromotionState,
    Registration,
    RegistrationState,
    Result,
)

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
    PromotionState.RECOMMENDED: "primary",
    PromotionState.CONFIRMED: "success",
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


class ResultTable(tables.Table):
    rank = tables.Column(verbose_name=_("名次"))
    worker = tables.Column(
        accessor="registration__worker__name",
        linkify=("competitions:registration", {"pk": tables.A("registration_id")}),
        verbose_name=_("选手"),
    )
    enterprise = tables.Column(accessor="registration__enterprise__name", verbose_name=_("单位"))
    # Plain text: a unit sees its contestants' results but not the organiser's event pages.
    competition = tables.Column(accessor="occupation__competition__title", verbose_name=_("赛事"))
    occupation = tables.Column(accessor="occupation__title", verbose_name=_("工种"))
    theory = tables.Column(verbose_name=_("理论"))
    practical = tables.Column(verbose_name=_("实操"))
    total = tables.Column(verbose_name=_("总成绩"))
    standardised = tables.Column(verbose_name=_("标准分"))
    place = tables.Column(verbose_name=_("奖项"))
    title = tables.Column(verbose_name=_("称号"))

    class Meta:
        model = Result
        fields = (
            "rank",
            "worker",
            "enterprise",
            "competition",
            "occupation",
            "theory",
            "practical",
            "total",
            "standardised",
            "place",
            "title",
        )
        attrs = {"class": "table table-hover align-middle", "id": "result-table"}

    def render_rank(self, record):
        return format_html("{}{}", record.rank, _("（并列）") if record.rank_shared else "")


class AwardTable(tables.Table):
    name = tables.Column(linkify=("competitions:award", {"pk": tables.A("pk")}), verbose_name=_("获奖人"))
    unit = tables.Column(verbose_name=_("单位"))
    competition = tables.Column(accessor="competition__title", verbose_name=_("赛事"))
    occupation = tables.Column(accessor="occupation__title", verbose_name=_("工种"))
    rank = tables.Column(verbose_name=_("名次"))
    place = tables.Column(verbose_name=_("奖项"))
    title = tables.Column(verbose_name=_("称号"))
    amount_fen = tables.Column(verbose_name=_("奖金（元）"))
    paid = tables.Column(accessor="commitment__paid_fen", verbose_name=_("已支付（元）"), default="—")

    class Meta:
        model = CompetitionAward
        fields = ("name", "unit", "competition", "occupation", "rank", "place", "title", "amount_fen", "paid")
        attrs = {"class": "table table-hover align-middle", "id": "competition-award-table"}

    def render_amount_fen(self, value):
        return yuan_text(value)

    def render_paid(self, value):
        return yuan_text(value)


class PromotionTable(tables.Table):
    worker = tables.Column(
        accessor="worker__name",
        linkify=("competitions:registration", {"pk": tables.A("registration_id")}),
        verbose_name=_("姓名"),
    )
    enterprise = tables.Column(accessor="registration__enterprise__name", verbose_name=_("单位"))
    competition = tables.Column(accessor="competition__title", verbose_name=_("赛事"))
    occupation = tables.Column(accessor="occupation__title", verbose_name=_("工种"))
    rank = tables.Column(verbose_name=_("名次"))
    from_level = tables.Column(verbose_name=_("原技能等级"))
    to_level = tables.Column(verbose_name=_("推荐晋升等级"))
    state = tables.Column(verbose_name=_("状态"))
    certificate_no = tables.Column(verbose_name=_("证书编号"))

    class Meta:
        model = PromotionRecommendation
        fields = (
            "worker",
            "enterprise",
            "competition",
            "occupation",
            "rank",
            "from_level",
            "to_level",
            "state",
            "certificate_no",
        )
        attrs = {"class": "table table-hover align-middle", "id": "promotion-table"}

    def render_state(self, record):
        return badge(record)
