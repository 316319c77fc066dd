"""The FilterSets of the volunteer-service lists: the page, its Excel export and the API share them."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter, yes_no_filter

from .models import Category, ServiceTeam


class TeamFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("服务队、队长、所在单位或队员专长"))
    category = filters.ChoiceFilter(choices=Category.choices, method="filter_category", label=_("服务领域"))
    district = AreaFilter(label=_("所在县(市、区)/产业工会"))
    serves = filters.NumberFilter(field_name="districts", label=_("服务区域编号"))
    is_active = yes_no_filter(_("在服务"))

    class Meta:
        model = ServiceTeam
        fields = ["q", "category", "district", "serves", "is_active"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(name__icontains=value)
            | Q(leader__name__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(pk__in=ServiceTeam.objects.filter(members__skills__icontains=value).values("pk"))
        )

    def filter_category(self, qs, name, value):
        if not value:
            return qs
        # The categories are a short JSON list: match the quoted value (SQLite and PostgreSQL alike).
        return qs.filter(categories__icontains=f'"{value}"')
