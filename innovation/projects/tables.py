import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovation.core.money import yuan_text

from .models import Project, ProjectState

STATE_STYLE = {
    ProjectState.PROPOSED: "secondary",
    ProjectState.APPROVED: "info",
    ProjectState.IN_PROGRESS: "primary",
    ProjectState.CONCLUDED: "success",
    ProjectState.STOPPED: "light",
}


class ProjectTable(tables.Table):
    code = tables.Column(
        accessor="pk",
        linkify=("projects:detail", {"pk": tables.A("pk")}),
        verbose_name=_("编号"),
        order_by=("start_on", "id"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    title = tables.Column(verbose_name=_("项目名称"))
    channel = tables.Column(verbose_name=_("创效渠道"))
    owner = tables.Column(accessor="pk", verbose_name=_("承担方"), orderable=False)
    state = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})
    start_on = tables.DateColumn(format="Y-m-d", verbose_name=_("计划开始"))
    end_on = tables.DateColumn(format="Y-m-d", verbose_name=_("计划完成"))
    benefit_verified_fen = tables.Column(verbose_name=_("核实效益（元）"), default="—")

    class Meta:
        model = Project
        fields = ("code", "title", "channel", "owner", "state", "start_on", "end_on", "benefit_verified_fen")
        attrs = {"class": "table table-hover align-middle", "id": "project-table"}

    def render_code(self, record):
        return record.code

    def render_owner(self, record):
        return format_html(
            '{} <span class="text-muted small">{}</span>', record.owner_name, record.get_owner_kind_display()
        )

    def render_state(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STATE_STYLE.get(record.state, "secondary"),
            record.get_state_display(),
        )

    def render_benefit_verified_fen(self, value):
        return yuan_text(value)
