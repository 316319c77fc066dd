"""The recommendations' list, its Excel export, the API and the figures' link share this
FilterSet: `result=awarded` selects exactly the rows behind provincial_awards_total."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter

from .models import AWARDED_PRIZES, Contest, Prize, Recommendation, RecState

RESULT_CHOICES = [
    ("awarded", _("获奖")),
    ("none", _("未获奖")),
    ("pending", _("待结果")),
    *[(p, label) for p, label in Prize.choices if p != Prize.NONE],
]


class RecommendationFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("成果名称、单位或完成人"))
    contest = filters.ModelChoiceFilter(queryset=Contest.objects.all(), label=_("上级大赛"))
    year = filters.NumberFilter(field_name="contest__year", label=_("年度"))
    state = filters.ChoiceFilter(choices=RecState.choices, label=_("状态"))
    result = filters.ChoiceFilter(choices=RESULT_CHOICES, method="filter_result", label=_("推荐结果"))
    district = AreaFilter(label=_("所属县(市、区)/产业工会"))

    class Meta:
        model = Recommendation
        fields = ["q", "contest", "year", "state", "result", "district"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(achievement__title__icontains=value)
            | Q(achievement__enterprise__name__icontains=value)
            | Q(achievement__authors__worker__name__icontains=value)
            | Q(achievement__authors__outside_name__icontains=value)
        ).distinct()

    def filter_result(self, qs, name, value):
        if not value:
            return qs
        if value == "awarded":
            return qs.filter(state=RecState.RESULT, result_prize__in=AWARDED_PRIZES)
        if value == "none":
            return qs.filter(state=RecState.RESULT, result_prize=Prize.NONE)
        if value == "pending":
            return qs.filter(state__in=(RecState.SELECTED, RecState.SUBMITTED))
        return qs.filter(state=RecState.RESULT, result_prize=value)
