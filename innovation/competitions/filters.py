"""The FilterSets of the competitions' lists: the page, its Excel export and the API share them."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter, yes_no_filter

from .models import (
    Competition,
    CompetitionState,
    JudgeAssignment,
    League,
    LeagueRule,
    Level,
    Occupation,
    Registration,
    RegistrationState,
)


class CompetitionFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("赛事名称或比赛地点"))
    level = filters.ChoiceFilter(choices=Level.choices, label=_("级别"))
    state = filters.ChoiceFilter(choices=CompetitionState.choices, label=_("状态"))
    year = filters.NumberFilter(field_name="year", label=_("年度"))
    league = filters.NumberFilter(field_name="league_id", label=_("联赛编号"))

    class Meta:
        model = Competition
        fields = ["q", "level", "state", "year", "league"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(title__icontains=value) | Q(venue__icontains=value)) if value else qs


class LeagueFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("联赛名称"))
    year = filters.NumberFilter(field_name="year", label=_("年度"))
    rule = filters.ChoiceFilter(choices=LeagueRule.choices, label=_("积分规则"))

    class Meta:
        model = League
        fields = ["q", "year", "rule"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(title__icontains=value) if value else qs


class RegistrationFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("姓名、单位或参赛证号"))
    competition = filters.NumberFilter(field_name="occupation__competition_id", label=_("赛事编号"))
    occupation = filters.NumberFilter(field_name="occupation_id", label=_("工种编号"))
    year = filters.NumberFilter(field_name="occupation__competition__year", label=_("年度"))
    state = filters.ChoiceFilter(choices=RegistrationState.choices, label=_("状态"))
    district = AreaFilter()

    class Meta:
        model = Registration
        fields = ["q", "competition", "occupation", "year", "state", "district"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(worker__name__icontains=value) | Q(enterprise__name__icontains=value) | Q(card_number=value)
        )


class OccupationFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("工种名称或代码"))
    competition = filters.NumberFilter(field_name="competition_id", label=_("赛事编号"))

    class Meta:
        model = Occupation
        fields = ["q", "competition"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(title__icontains=value) | Q(code__iexact=value)) if value else qs


class JudgeAssignmentFilterSet(filters.FilterSet):
    competition = filters.NumberFilter(field_name="occupation__competition_id", label=_("赛事编号"))
    occupation = filters.NumberFilter(field_name="occupation_id", label=_("工种编号"))
    chief = yes_no_filter(_("裁判长"), method="filter_chief")

    class Meta:
        model = JudgeAssignment
        fields = ["competition", "occupation", "chief"]

    def filter_chief(self, qs, name, value):
        return qs if value is None else qs.filter(is_chief=value)
