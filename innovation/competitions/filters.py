"""The FilterSets of the competitions' lists: the page, its Excel export and the API share them."""

import django_filters as filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter, yes_no_filter
from innovation.org.models import SkillLevel

from .models import (
    Competition,
    CompetitionAward,
    CompetitionState,
    JudgeAssignment,
    League,
    LeagueRule,
    Level,
    Occupation,
    PromotionRecommendation,
    PromotionState,
    Registration,
    RegistrationState,
    Result,
)


class CompetitionFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("赛事名称或比赛地点"))
    level = filters.ChoiceFilter(choices=Level.choices, label=_("级别"))
    state = filters.ChoiceFilter(choices=CompetitionState.choices, label=_("状态"))
    year = filters.NumberFilter(field_name="year", label=_("年度"))
    league = filters.NumberFilter(field_name="league_id", label=_("联赛编号"))
    held = yes_no_filter(_("已开放报名或更后"), method="filter_held")

    class Meta:
        model = Competition
        fields = ["q", "level", "state", "year", "league", "held"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(title__icontains=value) | Q(venue__icontains=value)) if value else qs

    def filter_held(self, qs, name, value):
        """Past the draft (what `competitions_total` counts), or still a draft."""
        if value is None:
            return qs
        draft = Q(state=CompetitionState.DRAFT)
        return qs.exclude(draft) if value else qs.filter(draft)


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


def _person_search(qs, value: str, prefix: str = "registration__"):
    value = value.strip()
    if not value:
        return qs
    return qs.filter(
        Q(**{f"{prefix}worker__name__icontains": value})
        | Q(**{f"{prefix}enterprise__name__icontains": value})
        | Q(**{f"{prefix}card_number": value})
    )


class ResultFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("姓名、单位或参赛证号"))
    competition = filters.NumberFilter(field_name="occupation__competition_id", label=_("赛事编号"))
    occupation = filters.NumberFilter(field_name="occupation_id", label=_("工种编号"))
    year = filters.NumberFilter(field_name="occupation__competition__year", label=_("年度"))
    placed = yes_no_filter(_("获奖"), method="filter_placed")
    titled = yes_no_filter(_("获得称号"), method="filter_titled")
    district = AreaFilter()

    class Meta:
        model = Result
        fields = ["q", "competition", "occupation", "year", "placed", "titled", "district"]

    def search(self, qs, name, value):
        return _person_search(qs, value)

    def filter_placed(self, qs, name, value):
        return qs if value is None else (qs.exclude(place="") if value else qs.filter(place=""))

    def filter_titled(self, qs, name, value):
        return qs if value is None else (qs.exclude(title="") if value else qs.filter(title=""))


class AwardFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("获奖人、单位或证书验证码"))
    competition = filters.NumberFilter(field_name="competition_id", label=_("赛事编号"))
    year = filters.NumberFilter(field_name="competition__year", label=_("年度"))
    paid = yes_no_filter(_("奖金已支付"), method="filter_paid")
    district = AreaFilter()

    class Meta:
        model = CompetitionAward
        fields = ["q", "competition", "year", "paid", "district"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(name__icontains=value) | Q(unit__icontains=value) | Q(certificate_code__iexact=value)
        )

    def filter_paid(self, qs, name, value):
        if value is None:
            return qs
        paid = Q(commitment__isnull=False, commitment__paid_fen__gte=F("commitment__amount_fen"))
        return qs.filter(paid) if value else qs.filter(commitment__isnull=False).exclude(paid)


class PromotionFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("姓名、单位或参赛证号"))
    competition = filters.NumberFilter(field_name="competition_id", label=_("赛事编号"))
    year = filters.NumberFilter(field_name="competition__year", label=_("年度"))
    state = filters.ChoiceFilter(choices=PromotionState.choices, label=_("状态"))
    to_level = filters.ChoiceFilter(choices=[c for c in SkillLevel.choices if c[0]], label=_("推荐晋升等级"))
    district = AreaFilter()

    class Meta:
        model = PromotionRecommendation
        fields = ["q", "competition", "year", "state", "to_level", "district"]

    def search(self, qs, name, value):
        return _person_search(qs, value)
