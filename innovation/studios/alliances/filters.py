"""FilterSet of the alliances (the page, its Excel export and the API)."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter

from ..models import (
    Alliance,
)


class AllianceFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("联盟或成员工作室名称"))
    district = AreaFilter()
    founded_year = filters.NumberFilter(field_name="founded_on__year", label=_("成立年度"))
    studio = filters.NumberFilter(field_name="members", label=_("成员工作室编号"))

    class Meta:
        model = Alliance
        fields = ["q", "district", "founded_year", "studio"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(members__name__icontains=value)).distinct()
