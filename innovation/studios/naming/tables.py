"""The table of the naming applications."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import StudioApplication

APPLICATION_STYLE = {
    StudioApplication.State.DRAFT: "secondary",
    StudioApplication.State.SUBMITTED: "info",
    StudioApplication.State.RETURNED: "warning",
    StudioApplication.State.RECOMMENDED: "primary",
    StudioApplication.State.NAMED: "success",
    StudioApplication.State.DECLINED: "dark",
}


class ApplicationTable(tables.Table):
    name = tables.Column(
        linkify=("studios:application_detail", {"pk": tables.A("pk")}), verbose_name=_("工作室名称")
    )
    type = tables.Column(verbose_name=_("申请类型"), attrs={"td": {"class": "text-nowrap"}})
    upgrade = tables.Column(verbose_name=_("性质"), accessor="studio_id", orderable=False, empty_values=())
    enterprise = tables.Column(verbose_name=_("申请单位"))
    leader = tables.Column(
        accessor="leader__name",
        verbose_name=_("带头人"),
        attrs={"th": {"class": "text-nowrap"}, "td": {"class": "text-nowrap"}},
    )
    state = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})
    submitted_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("提交日期"))
    document_no = tables.Column(verbose_name=_("命名文号"))

    class Meta:
        model = StudioApplication
        fields = ("name", "type", "upgrade", "enterprise", "leader", "state", "submitted_at", "document_no")
        attrs = {"class": "table table-hover align-middle", "id": "application-table"}

    def render_upgrade(self, record):
        return _("升级") if record.studio_id else _("新建")

    def render_state(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            APPLICATION_STYLE.get(record.state, "light"),
            record.get_state_display(),
        )
