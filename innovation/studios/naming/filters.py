"""FilterSet of the naming applications (the page, its Excel export and the API)."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter, yes_no_filter

from ..models import (
    StudioApplication,
    StudioType,
)


class ApplicationFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("工作室名称、带头人或单位名称"))
    state = filters.ChoiceFilter(choices=StudioApplication.State.choices, label=_("状态"))
    type = filters.ChoiceFilter(choices=StudioType.choices, label=_("申请类型"))
    district = AreaFilter()
    upgrade = yes_no_filter(_("升级申请"), method="upgrades")
    year = filters.NumberFilter(field_name="created_at__year", label=_("年度"))

    class Meta:
        model = StudioApplication
        fields = ["q", "state", "type", "district", "upgrade", "year"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(name__icontains=value) | Q(leader__name__icontains=value) | Q(enterprise__name__icontains=value)
        )

    def upgrades(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(studio__isnull=not value)
