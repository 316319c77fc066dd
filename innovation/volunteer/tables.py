import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Category, OrderState, ServiceOrder, ServiceTeam


class TeamTable(tables.Table):
    name = tables.Column(linkify=("volunteer:team", {"pk": tables.A("pk")}), verbose_name=_("服务队"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("所在单位"))
    leader = tables.Column(accessor="leader__name", verbose_name=_("队长"))
    members_now = tables.Column(verbose_name=_("队员"), orderable=False)
    categories = tables.Column(verbose_name=_("服务领域"), orderable=False)
    capacity = tables.Column(verbose_name=_("同时承接上限"))
    formed_on = tables.DateColumn(format="Y-m-d", verbose_name=_("组建日期"))

    class Meta:
        model = ServiceTeam
        fields = ("name", "enterprise", "leader", "members_now", "categories", "capacity", "formed_on")
        attrs = {"class": "table table-hover align-middle", "id": "team-table"}

    def render_categories(self, value):
        return "、".join(str(Category(c).label) for c in value)


STATE_STYLE = {
    OrderState.POSTED: "secondary",
    OrderState.RETURNED: "warning",
    OrderState.TRIAGED: "info",
    OrderState.OFFERED: "info",
    OrderState.ACCEPTED: "primary",
    OrderState.IN_SERVICE: "primary",
    OrderState.RESOLVED: "success",
    OrderState.CONFIRMED: "success",
    OrderState.CLOSED: "dark",
    OrderState.CANCELLED: "light",
}


class OrderTable(tables.Table):
    code = tables.Column(
        accessor="pk",
        linkify=("volunteer:order", {"pk": tables.A("pk")}),
        verbose_name=_("编号"),
        order_by=("posted_at", "id"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    title = tables.Column(verbose_name=_("问题标题"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("需求企业"))
    district = tables.Column(accessor="district__name", verbose_name=_("所在县(市、区)"))
    category = tables.Column(verbose_name=_("问题类别"))
    state = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})
    team = tables.Column(accessor="team__name", verbose_name=_("服务队"), default="—")
    posted_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("提交时间"))
    outcome = tables.Column(verbose_name=_("解决情况"), default="—")

    class Meta:
        model = ServiceOrder
        fields = (
            "code",
            "title",
            "enterprise",
            "district",
            "category",
            "state",
            "team",
            "posted_at",
            "outcome",
        )
        attrs = {"class": "table table-hover align-middle", "id": "order-table"}

    def render_code(self, record):
        return record.code

    def render_state(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STATE_STYLE.get(record.state, "secondary"),
            record.get_state_display(),
        )

    def render_outcome(self, record):
        return record.get_outcome_display() or "—"
