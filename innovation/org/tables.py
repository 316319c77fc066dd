import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Enterprise, Region, TradeUnion, Worker


class RegionTable(tables.Table):
    class Meta:
        model = Region
        fields = ("code", "name", "level", "parent")
        attrs = {"class": "table table-hover align-middle"}


class TradeUnionTable(tables.Table):
    name = tables.Column(linkify=("org:union_detail", {"pk": tables.A("pk")}))
    parent = tables.Column(verbose_name=_("上级工会"))

    class Meta:
        model = TradeUnion
        fields = ("name", "kind", "parent", "region")
        attrs = {"class": "table table-hover align-middle"}


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=("org:enterprise_detail", {"pk": tables.A("pk")}))
    district = tables.Column(verbose_name=_("上级工会"), accessor="union__parent__name", orderable=False)

    class Meta:
        model = Enterprise
        fields = ("name", "uscc", "size", "industry", "region", "district", "is_active")
        attrs = {"class": "table table-hover align-middle"}


class WorkerTable(tables.Table):
    name = tables.Column(linkify=("org:worker_detail", {"pk": tables.A("pk")}))
    enterprise = tables.Column(verbose_name=_("所在单位"))
    id_number_masked = tables.Column(verbose_name=_("身份证号码"), orderable=False)
    phone_masked = tables.Column(verbose_name=_("联系电话"), orderable=False)

    class Meta:
        model = Worker
        fields = (
            "name",
            "gender",
            "birth_year",
            "enterprise",
            "post",
            "skill_level",
            "id_number_masked",
            "phone_masked",
        )
        attrs = {"class": "table table-hover align-middle"}
