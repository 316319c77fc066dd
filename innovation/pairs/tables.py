"""The table of the agreements list."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Agreement, Side, State

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
