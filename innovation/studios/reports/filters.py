"""FilterSets of the yearly reports and assessments (one per list: the page, its Excel export and the API)."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter

from ..filters import level_filter, status_filter, type_filter
from ..models import (
    Assessment,
    YearReport,
)


class YearReportFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("工作室或单位名称"))
    year = filters.NumberFilter(label=_("年度"))
    state = filters.ChoiceFilter(choices=YearReport.State.choices, label=_("状态"))
    district = AreaFilter()
    type = type_filter()
    level = level_filter()
    studio_status = status_filter()
    studio = filters.NumberFilter(field_name="studio_id", label=_("工作室编号"))

    class Meta:
        model = YearReport
        fields = ["q", "year", "state", "district", "type", "level", "studio_status", "studio"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(studio__name__icontains=value) | Q(studio__enterprise__name__icontains=value))


class AssessmentFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("工作室或单位名称"))
    year = filters.NumberFilter(label=_("年度"))
    result = filters.ChoiceFilter(choices=Assessment.Result.choices, label=_("考核结果"))
    district = AreaFilter()
    type = type_filter()
    level = level_filter()
    studio_status = status_filter()
    studio = filters.NumberFilter(field_name="studio_id", label=_("工作室编号"))

    class Meta:
        model = Assessment
        fields = ["q", "year", "result", "district", "type", "level", "studio_status", "studio"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(studio__name__icontains=value) | Q(studio__enterprise__name__icontains=value))
