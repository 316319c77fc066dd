"""The FilterSets of the volunteer-service lists: the page, its Excel export and the API share them."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter, yes_no_filter

from .models import (
    CONFIRMED_STATES,
    SERVED_STATES,
    Category,
    OrderState,
    Outcome,
    ServiceOrder,
    ServiceTeam,
    ServiceTraining,
)


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


class OrderFilterSet(filters.FilterSet):
    """The orders' list, its Excel export, the API and the figures' links share it: `served`,
    `solved` and `trained` select exactly the rows behind service_firms_served,
    service_problems_solved and service_people_trained."""

    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("问题标题、企业或服务队"))
    state = filters.MultipleChoiceFilter(choices=OrderState.choices, label=_("状态"))
    category = filters.ChoiceFilter(choices=Category.choices, label=_("问题类别"))
    outcome = filters.ChoiceFilter(choices=Outcome.choices, label=_("解决情况"))
    district = AreaFilter(label=_("所属县(市、区)/产业工会"))
    team = filters.NumberFilter(field_name="team_id", label=_("服务队编号"))
    enterprise = filters.NumberFilter(field_name="enterprise_id", label=_("企业编号"))
    year = filters.NumberFilter(field_name="posted_at__year", label=_("提交年度"))
    served = yes_no_filter(_("已服务完成"), method="filter_served")
    solved = yes_no_filter(_("企业确认已解决"), method="filter_solved")
    trained = yes_no_filter(_("有技术培训"), method="filter_trained")
    overdue = yes_no_filter(_("超时"), method="filter_overdue")

    class Meta:
        model = ServiceOrder
        fields = ["q", "state", "category", "outcome", "district", "team", "enterprise", "year"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(title__icontains=value) | Q(enterprise__name__icontains=value) | Q(team__name__icontains=value)
        )

    def _yes_no(self, qs, value, q):
        if value is None:
            return qs
        return qs.filter(q) if value else qs.exclude(q)

    def filter_served(self, qs, name, value):
        return self._yes_no(qs, value, Q(state__in=SERVED_STATES))

    def filter_solved(self, qs, name, value):
        return self._yes_no(qs, value, Q(state__in=CONFIRMED_STATES, outcome=Outcome.SOLVED))

    def filter_trained(self, qs, name, value):
        trained = Q(pk__in=ServiceTraining.objects.values("order_id")) & ~Q(state=OrderState.CANCELLED)
        return self._yes_no(qs, value, trained)

    def filter_overdue(self, qs, name, value):
        from django.utils import timezone

        from .selectors import overdue_q

        return self._yes_no(qs, value, overdue_q(timezone.now()))
