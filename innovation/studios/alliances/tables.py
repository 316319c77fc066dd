"""The table of the alliances."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ..models import Alliance
from ..tables import NUMBER


class AllianceTable(tables.Table):
    name = tables.Column(
        linkify=("studios:alliance_detail", {"pk": tables.A("pk")}), verbose_name=_("联盟名称")
    )
    lead = tables.Column(verbose_name=_("牵头工作室"), order_by=("lead__name",))
    member_count = tables.Column(verbose_name=_("成员工作室"), attrs=NUMBER)
    project_count = tables.Column(verbose_name=_("联合项目"), attrs=NUMBER)
    founded_on = tables.DateColumn(format="Y-m-d", verbose_name=_("成立日期"))

    class Meta:
        model = Alliance
        fields = ("name", "lead", "member_count", "project_count", "founded_on")
        attrs = {"class": "table table-hover align-middle", "id": "alliance-table"}
