"""The review app's FilterSets: the ranking (page, Excel export and API) and an expert's own
assignments (API)."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.achievements.filters import search_terms
from innovation.achievements.models import Field
from innovation.experts.models import Assignment

from .models import ItemResult


class RankingFilterSet(filters.FilterSet):
    """The ranking's filters: one set for the page, its Excel export and the API."""

    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("成果名称、单位、完成人"))
    field = filters.ChoiceFilter(field_name="achievement__field", choices=Field.choices, label=_("所属领域"))
    disagreement = filters.BooleanFilter(
        label=_("只看专家分歧较大"),
        method="only_disagreement",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = ItemResult
        fields = ["q", "field", "disagreement"]

    def search(self, qs, name, value):
        return search_terms(qs, value, column="achievement__search_text")

    def only_disagreement(self, qs, name, value):
        return qs.filter(disagreement=True) if value else qs


class MyAssignmentFilterSet(filters.FilterSet):
    campaign = filters.NumberFilter(field_name="campaign_id", label="征集活动")
    field = filters.ChoiceFilter(field_name="achievement__field", choices=Field.choices, label="所属领域")
    state = filters.ChoiceFilter(choices=[(s, s.label) for s in Assignment.ACTIVE_STATES], label="状态")

    class Meta:
        model = Assignment
        fields = ["campaign", "field", "state"]
