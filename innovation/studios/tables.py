import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovation.core.templatetags.money import format_yuan
from innovation.funds.tables import MONEY

from .models import (
    Studio,
)

STATUS_STYLE = {Studio.Status.ACTIVE: "success", Studio.Status.REVOKED: "secondary"}


class StudioTable(tables.Table):
    name = tables.Column(linkify=("studios:detail", {"pk": tables.A("pk")}), verbose_name=_("工作室名称"))
    type = tables.Column(verbose_name=_("类型"), attrs={"td": {"class": "text-nowrap"}})
    level = tables.Column(verbose_name=_("级别"), attrs={"td": {"class": "text-nowrap"}})
    enterprise = tables.Column(verbose_name=_("所在单位"))
    leader = tables.Column(
        accessor="leader__name",
        verbose_name=_("带头人"),
        attrs={"th": {"class": "text-nowrap"}, "td": {"class": "text-nowrap"}},
    )
    field = tables.Column(verbose_name=_("领域"), attrs={"td": {"class": "text-nowrap"}})
    named_year = tables.Column(verbose_name=_("命名年度"), attrs={"th": {"class": "text-nowrap"}})
    document_no = tables.Column(verbose_name=_("命名文号"), attrs={"td": {"class": "text-nowrap"}})
    members_now = tables.Column(
        verbose_name=_("在册成员"), empty_values=(), orderable=True, attrs={"td": {"class": "text-end"}}
    )
    incubated = tables.Column(
        verbose_name=_("孵化成果"), empty_values=(), orderable=True, attrs={"td": {"class": "text-end"}}
    )
    status = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = Studio
        fields = (
            "name",
            "type",
            "level",
            "enterprise",
            "leader",
            "field",
            "named_year",
            "document_no",
            "members_now",
            "incubated",
            "status",
        )
        attrs = {"class": "table table-hover align-middle", "id": "studio-table"}

    def render_status(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STATUS_STYLE.get(record.status, "light"),
            record.get_status_display(),
        )

    def render_members_now(self, record):
        return getattr(record, "members_now", 0) or 0

    def render_incubated(self, record):
        return getattr(record, "incubated", 0) or 0

    def render_field(self, record):
        return record.get_field_display() or "—"


NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}


def badge(style: str, text) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', style, text)


class YuanColumn(tables.Column):
    """A Decimal of yuan."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", MONEY)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_yuan(value)


class StudioColumn(tables.Column):
    def render(self, value, record):
        studio = record.studio
        revoked = studio.status == studio.Status.REVOKED
        return format_html("{}{}", studio.name, badge("secondary", _("已摘牌")) if revoked else "")
