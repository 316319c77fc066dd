"""FilterSets of the subsidy policies, rounds and lines (one per list: the page, its Excel export and the API)."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter, yes_no_filter

from ..forms import DATE
from ..models import (
    StudioType,
    SubsidyLine,
    SubsidyPolicy,
    SubsidyRound,
)


class SubsidyPolicyFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=SubsidyPolicy.Kind.choices, label=_("补助类型"))
    studio_type = filters.ChoiceFilter(choices=StudioType.choices, label=_("工作室类型"))
    in_force_on = filters.DateFilter(
        field_name="effective_from", lookup_expr="lte", label=_("在此日期前生效"), widget=DATE
    )

    class Meta:
        model = SubsidyPolicy
        fields = ["kind", "studio_type", "in_force_on"]


class SubsidyRoundFilterSet(filters.FilterSet):
    year = filters.NumberFilter(label=_("年度"))
    state = filters.ChoiceFilter(choices=SubsidyRound.State.choices, label=_("状态"))

    class Meta:
        model = SubsidyRound
        fields = ["year", "state"]


class SubsidyLineFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("工作室、测算依据或调整理由"))
    year = filters.NumberFilter(field_name="round__year", label=_("年度"))
    round = filters.NumberFilter(field_name="round_id", label=_("批次编号"))
    kind = filters.ChoiceFilter(choices=SubsidyPolicy.Kind.choices, label=_("补助类型"))
    district = AreaFilter(path_field="studio__scope_path")
    committed = yes_no_filter(_("已承诺"), method="flag")
    adjusted = yes_no_filter(_("已调整"), method="flag")
    studio = filters.NumberFilter(field_name="studio_id", label=_("工作室编号"))

    class Meta:
        model = SubsidyLine
        fields = ["q", "year", "round", "kind", "district", "committed", "adjusted", "studio"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(studio__name__icontains=value) | Q(basis__icontains=value) | Q(reason__icontains=value)
        )

    def flag(self, qs, name, value):
        condition = {"committed": Q(commitment__isnull=False), "adjusted": ~Q(reason="")}[name]
        return qs.filter(condition) if value else qs.exclude(condition)
