"""The FilterSet of the agreements list: the page, its Excel export and the API share it."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter, yes_no_filter

from .models import (
    Agreement,
    Level,
    Nomination,
    NominationState,
    PairAward,
    PairBenefit,
    PairScore,
    Party,
    Selection,
    SelectionState,
    Side,
    State,
)
from .models.agreements import COUNTED_STATES


class AgreementFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("师傅、徒弟或单位名称"))
    state = filters.ChoiceFilter(choices=State.choices, label=_("状态"))
    district = AreaFilter()
    enterprise = filters.NumberFilter(field_name="enterprise_id", label=_("单位编号"))
    year = filters.NumberFilter(field_name="start_on__year", label=_("开始年度"))
    cross_unit = yes_no_filter(_("跨单位结对"), method="filter_cross_unit")
    counted = yes_no_filter(_("履行中或已出师"), method="filter_counted")
    worker = filters.NumberFilter(method="filter_worker", label=_("职工编号"))

    class Meta:
        model = Agreement
        fields = ["q", "state", "district", "enterprise", "year", "cross_unit", "counted", "worker"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(title__icontains=value) | Q(enterprise__name__icontains=value))

    def filter_cross_unit(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(industry_union__isnull=not value)

    def filter_counted(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(state__in=COUNTED_STATES) if value else qs.exclude(state__in=COUNTED_STATES)

    def filter_worker(self, qs, name, value):
        if value in (None, ""):
            return qs
        return qs.filter(pk__in=Party.objects.filter(worker_id=value).values("agreement_id"))


class SelectionFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("评选名称"))
    level = filters.ChoiceFilter(choices=Level.choices, label=_("级别"))
    state = filters.ChoiceFilter(choices=SelectionState.choices, label=_("状态"))
    year = filters.NumberFilter(field_name="year", label=_("年度"))

    class Meta:
        model = Selection
        fields = ["q", "level", "state", "year"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(title__icontains=value) if value else qs


class NominationFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("师徒或单位名称"))
    selection = filters.NumberFilter(field_name="selection_id", label=_("评选编号"))
    year = filters.NumberFilter(field_name="selection__year", label=_("年度"))
    level = filters.ChoiceFilter(field_name="selection__level", choices=Level.choices, label=_("级别"))
    state = filters.ChoiceFilter(choices=NominationState.choices, label=_("状态"))
    district = AreaFilter()

    class Meta:
        model = Nomination
        fields = ["q", "selection", "year", "level", "state", "district"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(title__icontains=value) | Q(enterprise__name__icontains=value))


class PairAwardFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("获奖人或单位"))
    year = filters.NumberFilter(field_name="selection__year", label=_("年度"))
    level = filters.ChoiceFilter(field_name="selection__level", choices=Level.choices, label=_("级别"))
    side = filters.ChoiceFilter(choices=Side.choices, label=_("身份"))
    district = AreaFilter()

    class Meta:
        model = PairAward
        fields = ["q", "year", "level", "side", "district"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(unit__icontains=value))


class PairScoreFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("师徒名称"))
    selection = filters.NumberFilter(field_name="nomination__selection_id", label=_("评选编号"))
    submitted = yes_no_filter(_("已提交"), method="filter_submitted")

    class Meta:
        model = PairScore
        fields = ["q", "selection", "submitted"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(nomination__title__icontains=value) if value else qs

    def filter_submitted(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(submitted_at__isnull=not value)


class PairBenefitFilterSet(filters.FilterSet):
    """The list of 名师带徒创效 records; `verified` with `since_year` selects exactly the rows behind
    the 名师带徒 channel of benefit_by_channel_yuan."""

    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("创效成果、师徒或单位名称"))
    district = AreaFilter(path_field="agreement__scope_path")
    enterprise = filters.NumberFilter(field_name="agreement__enterprise_id", label=_("单位编号"))
    agreement = filters.NumberFilter(field_name="agreement_id", label=_("协议编号"))
    year = filters.NumberFilter(field_name="on__year", label=_("取得年度"))
    since_year = filters.NumberFilter(field_name="on__year", lookup_expr="gte", label=_("取得年度起"))
    verified = yes_no_filter(_("效益已核实"), method="filter_verified")

    class Meta:
        model = PairBenefit
        fields = ["q", "district", "enterprise", "agreement", "year", "since_year", "verified"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(title__icontains=value)
            | Q(agreement__title__icontains=value)
            | Q(agreement__enterprise__name__icontains=value)
        )

    def filter_verified(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(verified_fen__isnull=not value)
