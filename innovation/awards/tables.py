import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovation.core.money import yuan_text

from .models import Award, Decision, Objection

DECISION_STYLE = {
    Decision.State.DRAFT: "secondary",
    Decision.State.APPROVING: "warning",
    Decision.State.LOCKED: "primary",
    Decision.State.NOTICE: "info",
    Decision.State.FINAL: "success",
}
OBJECTION_STYLE = {
    Objection.State.OPEN: "danger",
    Objection.State.UPHELD: "warning",
    Objection.State.DISMISSED: "secondary",
}


def badge(style: str, text) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', style, text)


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


class DecisionTable(tables.Table):
    campaign = tables.Column(
        verbose_name=_("征集活动"),
        linkify=("awards:decision", {"pk": tables.A("pk")}),
        order_by="campaign__title",
    )
    year = tables.Column(verbose_name=_("年度"), accessor="campaign__year")
    state = tables.Column(verbose_name=_("状态"))
    version = tables.Column(verbose_name=_("版本"))
    lines_count = tables.Column(verbose_name=_("成果数"), orderable=False)
    awarded_count = tables.Column(verbose_name=_("拟授奖"), orderable=False)
    approvers = tables.Column(verbose_name=_("审批人"), accessor="pk", orderable=False)
    notice_ends = tables.Column(verbose_name=_("公示结束"))

    class Meta:
        model = Decision
        fields = (
            "campaign",
            "year",
            "state",
            "version",
            "lines_count",
            "awarded_count",
            "approvers",
            "notice_ends",
        )
        attrs = {"class": "table table-hover align-middle"}

    def render_state(self, record):
        return badge(DECISION_STYLE.get(record.state, "light"), record.get_state_display())

    def render_approvers(self, record):
        names = [str(u) for u in (record.first_approver, record.second_approver) if u]
        return "、".join(names) or "—"

    def render_notice_ends(self, value):
        return local(value)


class NoticeTable(tables.Table):
    campaign = tables.Column(
        verbose_name=_("公示名单"),
        linkify=("awards:notice", {"pk": tables.A("pk")}),
        order_by="campaign__title",
    )
    year = tables.Column(verbose_name=_("年度"), accessor="campaign__year")
    awarded_count = tables.Column(verbose_name=_("公示成果数"), orderable=False)
    notice_starts = tables.Column(verbose_name=_("公示开始"))
    notice_ends = tables.Column(verbose_name=_("公示结束"))
    state = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Decision
        fields = ("campaign", "year", "awarded_count", "notice_starts", "notice_ends", "state")
        attrs = {"class": "table table-hover align-middle"}

    def render_campaign(self, value):
        return _("%(c)s 获奖名单公示") % {"c": value}

    def render_state(self, record):
        return badge(DECISION_STYLE.get(record.state, "light"), record.get_state_display())

    def render_notice_starts(self, value):
        return local(value)

    def render_notice_ends(self, value):
        return local(value)


class ObjectionTable(tables.Table):
    achievement = tables.Column(verbose_name=_("异议对象"), accessor="line__achievement__title")
    year = tables.Column(verbose_name=_("年度"), accessor="decision__campaign__year")
    raised_by = tables.Column(verbose_name=_("提出人"), accessor="objector", orderable=False)
    created_at = tables.Column(verbose_name=_("提出时间"))
    state = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Objection
        fields = ("achievement", "year", "raised_by", "created_at", "state")
        attrs = {"class": "table table-hover align-middle"}

    def render_state(self, record):
        return badge(OBJECTION_STYLE.get(record.state, "light"), record.get_state_display())

    def render_created_at(self, value):
        return local(value)


class AwardTable(tables.Table):
    achievement = tables.Column(
        verbose_name=_("获奖成果"),
        linkify=("awards:detail", {"pk": tables.A("pk")}),
        order_by="achievement__title",
    )
    year = tables.Column(verbose_name=_("年度"), accessor="campaign__year")
    unit = tables.Column(verbose_name=_("单位"), accessor="achievement__enterprise__name")
    grade = tables.Column(verbose_name=_("奖项"), order_by="grade__order")
    prize_fen = tables.Column(verbose_name=_("奖金(元)"), attrs={"td": {"class": "text-end text-nowrap"}})
    authors = tables.Column(verbose_name=_("获奖人"), accessor="pk", orderable=False)
    awarded_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("授奖日期"))

    class Meta:
        model = Award
        fields = ("achievement", "year", "unit", "grade", "prize_fen", "authors", "awarded_at")
        attrs = {"class": "table table-hover align-middle"}

    def render_prize_fen(self, value):
        return yuan_text(value)

    def render_authors(self, record):
        return "、".join(s.name for s in record.shares.all()) or "—"
