"""One FilterSet per list, shared by the page, the Excel export and the API."""

import django_filters as filters
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.filters import AchievementFilterSet
from innovation.achievements.models import Field
from innovation.org.filters import AreaFilter, _areas, yes_no_filter

from .models import (
    Naming,
    Studio,
    StudioLevel,
    StudioType,
)


def _visible_studios(request):
    user = getattr(request, "user", None)
    return (
        restrict(Studio.objects.order_by("name"), user, Action.STUDIO_VIEW) if user else Studio.objects.none()
    )


def _outside_areas(qs, request):
    """Studios whose unit sits under no county-level or industry union (units filed directly
    under the city): the "other" row of the district counts."""
    condition = Q()
    for area in _areas(request).exclude(kind="city"):
        condition |= Q(scope_path__startswith=area.path)
    return qs.exclude(condition) if condition else qs


class StudioFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("工作室名称、带头人或单位名称"))
    type = filters.ChoiceFilter(choices=StudioType.choices, label=_("类型"))
    level = filters.ChoiceFilter(choices=StudioLevel.choices, label=_("级别"))
    district = AreaFilter()
    status = filters.ChoiceFilter(choices=Studio.Status.choices, label=_("状态"))
    field = filters.ChoiceFilter(choices=Field.choices, label=_("所属领域"))
    named_year = filters.NumberFilter(label=_("命名年度"))
    enterprise = filters.NumberFilter(field_name="enterprise_id", label=_("单位编号"))
    direct = yes_no_filter(_("市直单位"), method="direct_units")
    # Lineage drill-down (the city's lineage figures link here).
    first_year = filters.NumberFilter(method="first_named_in", label=_("首次命名年度"))
    upgraded_in = filters.NumberFilter(method="upgraded_in_year", label=_("升级年度"))
    has_posts = yes_no_filter(_("由示范岗发展而来"), method="with_posts")
    has_grew_from = yes_no_filter(_("有前身工作室"), method="with_grew_from")

    class Meta:
        model = Studio
        fields = ["q", "type", "level", "district", "status", "field", "named_year"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(name__icontains=value) | Q(leader__name__icontains=value) | Q(enterprise__name__icontains=value)
        )

    def first_named_in(self, qs, name, value):
        if value is None:
            return qs
        first = Naming.objects.filter(studio=OuterRef("pk")).order_by("year").values("year")[:1]
        return qs.annotate(first_named=Subquery(first)).filter(first_named=value)

    def upgraded_in_year(self, qs, name, value):
        """Studios that got a naming in that year which was not their first: a later one, or a
        second the same year."""
        if value is None:
            return qs
        earlier = Naming.objects.filter(studio=OuterRef("pk"), year__lt=value)
        that_year = (
            Naming.objects.filter(studio=OuterRef("pk"), year=value)
            .order_by()
            .values("studio")
            .annotate(n=Count("id"))
            .values("n")
        )
        return qs.annotate(named_that_year=Subquery(that_year)).filter(
            Q(named_that_year__gte=1, pk__in=Studio.objects.filter(Exists(earlier)).values("pk"))
            | Q(named_that_year__gte=2)
        )

    def with_posts(self, qs, name, value):
        if value is None:
            return qs
        posts = Studio.demonstration_posts.through.objects.filter(studio_id=OuterRef("pk"))
        return qs.filter(Exists(posts)) if value else qs.exclude(Exists(posts))

    def with_grew_from(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(grew_from__isnull=not value)

    def direct_units(self, qs, name, value):
        if value is None:
            return qs
        outside = _outside_areas(qs, self.request)
        return outside if value else qs.exclude(pk__in=outside.values("pk"))


class IncubatedFilterSet(AchievementFilterSet):
    """The achievements list's filters, plus the studio they were incubated in."""

    studio = filters.ModelChoiceFilter(queryset=_visible_studios, label=_("孵化工作室"))
    studio_type = filters.ChoiceFilter(
        field_name="studio__type", choices=StudioType.choices, label=_("工作室类型")
    )

    class Meta(AchievementFilterSet.Meta):
        fields = ["q", "studio", "studio_type", "year", "district", "kind", "field", "state", "has_patent"]


def type_filter():
    return filters.ChoiceFilter(field_name="studio__type", choices=StudioType.choices, label=_("类型"))


def level_filter():
    return filters.ChoiceFilter(field_name="studio__level", choices=StudioLevel.choices, label=_("级别"))


def status_filter():
    return filters.ChoiceFilter(
        field_name="studio__status", choices=Studio.Status.choices, label=_("工作室状态")
    )
