"""The table of the agreements list."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovation.core.money import money_text, yuan_text

from .models import Agreement, Nomination, PairAward, PairBenefit, PairScore, Selection, Side, State

STATE_STYLE = {
    State.DRAFT: "secondary",
    State.APPROVED: "info",
    State.ACTIVE: "primary",
    State.COMPLETED: "success",
    State.ENDED: "danger",
    State.SUPERSEDED: "light",
}


def names(agreement: Agreement, side: str) -> str:
    return "、".join(p.worker.name for p in agreement.parties.all() if p.side == side)


class AgreementTable(tables.Table):
    title = tables.Column(
        linkify=("pairs:detail", {"pk": tables.A("pk")}), verbose_name=_("师徒"), order_by=("title",)
    )
    masters = tables.Column(accessor="pk", verbose_name=_("师傅"), orderable=False)
    apprentices = tables.Column(accessor="pk", verbose_name=_("徒弟"), orderable=False)
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("所在单位"))
    start_on = tables.DateColumn(format="Y-m-d", verbose_name=_("开始日期"))
    end_on = tables.DateColumn(format="Y-m-d", verbose_name=_("结束日期"))
    version = tables.Column(verbose_name=_("版本"))
    state = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = Agreement
        fields = ("title", "masters", "apprentices", "enterprise", "start_on", "end_on", "version", "state")
        attrs = {"class": "table table-hover align-middle", "id": "pair-table"}

    def render_masters(self, record):
        return names(record, Side.MASTER)

    def render_apprentices(self, record):
        return names(record, Side.APPRENTICE)

    def render_version(self, value):
        return _("第%(v)s版") % {"v": value}

    def render_state(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STATE_STYLE.get(record.state, "light"),
            record.get_state_display(),
        )


class SelectionTable(tables.Table):
    title = tables.Column(linkify=("pairs:selection", {"pk": tables.A("pk")}), verbose_name=_("评选"))
    level = tables.Column(verbose_name=_("级别"))
    year = tables.Column(verbose_name=_("年度"))
    union = tables.Column(accessor="union__name", verbose_name=_("组织单位"))
    closes_on = tables.DateColumn(format="Y-m-d", verbose_name=_("征集截止"))
    quota = tables.Column(verbose_name=_("名额"))
    state = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Selection
        fields = ("title", "level", "year", "union", "closes_on", "quota", "state")
        attrs = {"class": "table table-hover align-middle", "id": "selection-table"}


class NominationTable(tables.Table):
    title = tables.Column(linkify=("pairs:nomination", {"pk": tables.A("pk")}), verbose_name=_("师徒"))
    selection = tables.Column(accessor="selection__title", verbose_name=_("评选"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("推荐单位"))
    score = tables.Column(verbose_name=_("综合得分"))
    rank = tables.Column(verbose_name=_("排名"))
    state = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Nomination
        fields = ("title", "selection", "enterprise", "score", "rank", "state")
        attrs = {"class": "table table-hover align-middle", "id": "nomination-table"}


class PairAwardTable(tables.Table):
    name = tables.Column(linkify=("pairs:award", {"pk": tables.A("pk")}), verbose_name=_("获奖人"))
    side = tables.Column(verbose_name=_("身份"))
    unit = tables.Column(verbose_name=_("单位"))
    selection = tables.Column(accessor="selection__title", verbose_name=_("评选"))
    amount_fen = tables.Column(verbose_name=_("奖金"))
    certificate_code = tables.Column(verbose_name=_("证书验证码"))

    class Meta:
        model = PairAward
        fields = ("name", "side", "unit", "selection", "amount_fen", "certificate_code")
        attrs = {"class": "table table-hover align-middle", "id": "pair-award-table"}

    def render_amount_fen(self, value):
        return money_text(value)


class PairScoreTable(tables.Table):
    nomination = tables.Column(
        accessor="nomination__title", linkify=("pairs:score", {"pk": tables.A("pk")}), verbose_name=_("师徒")
    )
    selection = tables.Column(accessor="nomination__selection__title", verbose_name=_("评选"))
    total = tables.Column(verbose_name=_("得分"))
    submitted_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("提交时间"))

    class Meta:
        model = PairScore
        fields = ("nomination", "selection", "total", "submitted_at")
        attrs = {"class": "table table-hover align-middle", "id": "pair-score-table"}


class PairBenefitTable(tables.Table):
    title = tables.Column(verbose_name=_("创效成果"))
    agreement = tables.Column(
        accessor="agreement__title",
        linkify=("pairs:detail", {"pk": tables.A("agreement_id")}),
        verbose_name=_("师徒"),
    )
    enterprise = tables.Column(accessor="agreement__enterprise__name", verbose_name=_("所在单位"))
    on = tables.DateColumn(format="Y-m-d", verbose_name=_("取得日期"))
    claimed_fen = tables.Column(verbose_name=_("申报效益（元）"))
    verified_fen = tables.Column(verbose_name=_("核实效益（元）"), default="—")

    class Meta:
        model = PairBenefit
        fields = ("title", "agreement", "enterprise", "on", "claimed_fen", "verified_fen")
        attrs = {"class": "table table-hover align-middle", "id": "pair-benefit-table"}

    def render_claimed_fen(self, value):
        return yuan_text(value)

    def render_verified_fen(self, value):
        return yuan_text(value)
