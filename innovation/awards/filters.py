"""One FilterSet per list, shared by the page, the Excel export and the API."""

import django_filters as filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import AwardGrade
from innovation.org.filters import AreaFilter

from .models import Award, AwardShare, Decision, Objection


class DecisionFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("征集活动名称"))
    year = filters.NumberFilter(field_name="campaign__year", label=_("年度"))
    state = filters.ChoiceFilter(choices=Decision.State.choices, label=_("状态"))

    class Meta:
        model = Decision
        fields = ["q", "year", "state"]

    def search(self, qs, name, value):
        return qs.filter(campaign__title__icontains=value.strip())


class NoticeFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("征集活动名称"))
    year = filters.NumberFilter(field_name="campaign__year", label=_("年度"))
    open = filters.ChoiceFilter(
        method="open_now",
        label=_("公示状态"),
        choices=[("true", _("公示中")), ("false", _("已生效"))],
    )

    class Meta:
        model = Decision
        fields = ["q", "year", "open"]

    def search(self, qs, name, value):
        return qs.filter(campaign__title__icontains=value.strip())

    def open_now(self, qs, name, value):
        state = Decision.State.NOTICE if value == "true" else Decision.State.FINAL
        return qs.filter(state=state)


class ObjectionFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("成果名称或异议理由"))
    year = filters.NumberFilter(field_name="decision__campaign__year", label=_("年度"))
    state = filters.ChoiceFilter(choices=Objection.State.choices, label=_("状态"))

    class Meta:
        model = Objection
        fields = ["q", "year", "state"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(line__achievement__title__icontains=value) | Q(reason__icontains=value))


class AwardFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("成果名称、单位或获奖人"))
    year = filters.NumberFilter(field_name="campaign__year", label=_("年度"))
    grade = filters.ChoiceFilter(field_name="grade__code", choices=AwardGrade.Code.choices, label=_("奖项"))
    district = AreaFilter()
    unit = filters.CharFilter(
        field_name="achievement__enterprise__name", lookup_expr="icontains", label=_("单位名称")
    )

    class Meta:
        model = Award
        fields = ["q", "year", "grade", "district", "unit"]

    def search(self, qs, name, value):
        for term in value.split()[:8]:
            named = AwardShare.objects.filter(award=OuterRef("pk"), name__icontains=term)
            qs = qs.filter(
                Q(achievement__title__icontains=term)
                | Q(achievement__enterprise__name__icontains=term)
                | Exists(named)
            )
        return qs
