"""The FilterSet of the project list: the page, its Excel export and the API share it. `verified`
with `since_year` selects exactly the rows behind a project channel of `benefit_by_channel_yuan`."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovation.org.filters import AreaFilter, yes_no_filter

from .models import PROJECT_CHANNELS, OwnerKind, Project, ProjectState


class ProjectFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="search", label=_("搜索"), help_text=_("项目名称、单位、工作室、班组或成员")
    )
    state = filters.MultipleChoiceFilter(choices=ProjectState.choices, label=_("状态"))
    channel = filters.ChoiceFilter(
        choices=[(c.value, c.label) for c in PROJECT_CHANNELS], label=_("创效渠道")
    )
    owner_kind = filters.ChoiceFilter(choices=OwnerKind.choices, label=_("承担主体"))
    district = AreaFilter(label=_("所属县(市、区)/产业工会"))
    year = filters.NumberFilter(field_name="start_on__year", label=_("开始年度"))
    enterprise = filters.NumberFilter(field_name="enterprise_id", label=_("单位编号"))
    studio = filters.NumberFilter(field_name="studio_id", label=_("工作室编号"))
    verified = yes_no_filter(_("效益已核实"), method="filter_verified")
    since_year = filters.NumberFilter(method="filter_since", label=_("结题年度起"))
    filed = yes_no_filter(_("已申报五小成果"), method="filter_filed")

    class Meta:
        model = Project
        fields = ["q", "state", "channel", "owner_kind", "district", "year", "enterprise", "studio"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(title__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(studio__name__icontains=value)
            | Q(team_name__icontains=value)
            | Q(pk__in=Project.objects.filter(members__name__icontains=value).values("pk"))
        )

    def filter_verified(self, qs, name, value):
        if value is None:
            return qs
        q = Q(state=ProjectState.CONCLUDED, benefit_verified_fen__isnull=False)
        return qs.filter(q) if value else qs.exclude(q)

    def filter_since(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(concluded_on__year__gte=int(value))

    def filter_filed(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(achievement__isnull=not value)
