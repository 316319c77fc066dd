import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Category, ServiceTeam


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
