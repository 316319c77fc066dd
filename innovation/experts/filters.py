"""One FilterSet per list, shared by the page, the Excel export and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.models import Campaign, Field
from innovation.org.filters import yes_no_filter

from .models import Assignment, ExpertProfile


def fields_contain(qs, value: str, path: str = "fields"):
    """Experts whose JSON list of fields holds `value` (portable: SQLite has no JSON containment)."""
    if value not in Field.values:
        return qs.none()
    return qs.filter(**{f"{path}__icontains": f'"{value}"'})


class ExpertFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("姓名、职称或细分专长"))
    field = filters.ChoiceFilter(choices=Field.choices, method="with_field", label=_("专业领域"))
    employer = filters.CharFilter(method="with_employer", label=_("工作单位"))
    active = yes_no_filter(_("在库"), method="with_active")

    class Meta:
        model = ExpertProfile
        fields = ["q", "field", "employer", "active"]

    def search(self, qs, name, value):
        for term in value.split()[:5]:
            qs = qs.filter(Q(name__icontains=term) | Q(title__icontains=term) | Q(tags__icontains=term))
        return qs

    def with_field(self, qs, name, value):
        return fields_contain(qs, value)

    def with_employer(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(employer__name__icontains=value) | Q(employer_outside__icontains=value))

    def with_active(self, qs, name, value):
        return qs.filter(is_active=value)


def _campaigns(request):
    user = getattr(request, "user", None)
    if user is None:
        return Campaign.objects.none()
    return restrict(Campaign.objects.order_by("-year"), user, Action.CAMPAIGN_VIEW)


def _experts(request):
    user = getattr(request, "user", None)
    if user is None:
        return ExpertProfile.objects.none()
    return restrict(ExpertProfile.objects.all(), user, Action.EXPERT_VIEW)


class AssignmentFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("成果名称或专家姓名"))
    campaign = filters.ModelChoiceFilter(queryset=_campaigns, label=_("征集活动"))
    expert = filters.ModelChoiceFilter(queryset=_experts, label=_("评审专家"))
    state = filters.ChoiceFilter(choices=Assignment.State.choices, label=_("状态"))
    origin = filters.ChoiceFilter(choices=Assignment.Origin.choices, label=_("来源"))
    field = filters.ChoiceFilter(choices=Field.choices, field_name="achievement__field", label=_("成果领域"))

    class Meta:
        model = Assignment
        fields = ["q", "campaign", "expert", "state", "origin", "field"]

    def search(self, qs, name, value):
        for term in value.split()[:5]:
            qs = qs.filter(Q(achievement__title__icontains=term) | Q(expert__name__icontains=term))
        return qs
