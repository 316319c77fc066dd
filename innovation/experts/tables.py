import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import Field

from .models import Assignment, ExpertProfile

ASSIGNMENT_STATE_STYLE = {
    Assignment.State.ASSIGNED: "primary",
    Assignment.State.SUBMITTED: "success",
    Assignment.State.DECLINED: "warning",
    Assignment.State.WITHDRAWN: "secondary",
}


def field_labels(values) -> str:
    return "、".join(str(Field(v).label) for v in values or () if v in Field.values)


class ExpertTable(tables.Table):
    name = tables.Column(linkify=("experts:detail", {"pk": tables.A("pk")}), verbose_name=_("姓名"))
    employer = tables.Column(
        verbose_name=_("工作单位"), accessor="employer__name", order_by=("employer__name",)
    )
    title = tables.Column(verbose_name=_("职称/职务"))
    fields = tables.Column(verbose_name=_("专业领域"), orderable=False)
    tags = tables.Column(verbose_name=_("细分专长"))
    phone_masked = tables.Column(verbose_name=_("联系电话"), orderable=False)
    pending = tables.Column(verbose_name=_("待评项数"), attrs={"td": {"class": "text-end"}})
    is_active = tables.BooleanColumn(verbose_name=_("在库"))

    class Meta:
        model = ExpertProfile
        fields = ("name", "employer", "title", "fields", "tags", "phone_masked", "pending", "is_active")
        attrs = {"class": "table table-hover align-middle"}

    def render_employer(self, record):
        return record.employer_label or "—"

    def render_fields(self, value):
        return field_labels(value)


class AssignmentTable(tables.Table):
    achievement = tables.Column(
        verbose_name=_("成果"),
        accessor="achievement__title",
        linkify=("achievements:detail", {"pk": tables.A("achievement_id")}),
    )
    unit = tables.Column(verbose_name=_("申报单位"), accessor="achievement__enterprise__name")
    field = tables.Column(verbose_name=_("领域"), accessor="achievement__field")
    expert = tables.Column(
        verbose_name=_("评审专家"),
        accessor="expert__name",
        linkify=("experts:detail", {"pk": tables.A("expert_id")}),
    )
    state = tables.Column(verbose_name=_("状态"))
    origin = tables.Column(verbose_name=_("来源"))
    reason = tables.Column(verbose_name=_("理由"))
    created_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("分配时间"))
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False)

    class Meta:
        model = Assignment
        fields = (
            "achievement",
            "unit",
            "field",
            "expert",
            "state",
            "origin",
            "reason",
            "created_at",
            "actions",
        )
        attrs = {"class": "table table-hover align-middle", "id": "assignment-table"}

    def render_field(self, record):
        return record.achievement.get_field_display()

    def render_state(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            ASSIGNMENT_STATE_STYLE.get(record.state, "light"),
            record.get_state_display(),
        )

    def render_origin(self, record):
        return record.get_origin_display()

    def render_actions(self, record):
        if record.state != Assignment.State.ASSIGNED:
            return ""
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
            reverse("experts:override", args=[record.pk]),
            _("更换专家"),
        )
