"""One FilterSet per list, shared by the page, the Excel export and the API."""

import re

import django_filters as filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core import pii
from innovation.core.validators import normalize_id_number

from .models import Enterprise, Honour, Region, SkillLevel, TradeUnion, Worker

AREA_KINDS = (TradeUnion.Kind.CITY, TradeUnion.Kind.DISTRICT, TradeUnion.Kind.INDUSTRY)


def _areas(request):
    """County-level and industry unions the user can see: the 'district' filter's choices."""
    user = getattr(request, "user", None)
    qs = TradeUnion.objects.filter(kind__in=AREA_KINDS).order_by("path")
    return restrict(qs, user, Action.UNION_VIEW) if user is not None else qs.none()


@extend_schema_field(OpenApiTypes.INT)
class AreaFilter(filters.ModelChoiceFilter):
    """Rows under a chosen district/industry union (by materialised path)."""

    def __init__(self, *args, path_field: str = "scope_path", **kwargs):
        self.path_field = path_field
        kwargs.setdefault("queryset", _areas)
        kwargs.setdefault("label", _("所属县(市、区)/产业工会"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.path_field}__startswith": value.path})


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class YesNoFilter(filters.TypedChoiceFilter):
    """A strict yes/no filter: anything but true/false is an invalid choice (a 400 in the API),
    where django-filter's BooleanFilter would silently ignore it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("", _("全部")), ("true", _("是")), ("false", _("否"))])
        kwargs.setdefault("coerce", lambda value: value == "true")
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)


def yes_no_filter(label, method=None):
    return YesNoFilter(label=label, method=method)


class RegionFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"))
    level = filters.ChoiceFilter(choices=Region.Level.choices, label=_("级别"))

    class Meta:
        model = Region
        fields = ["q", "level"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__startswith=value))


class TradeUnionFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"))
    kind = filters.ChoiceFilter(choices=TradeUnion.Kind.choices, label=_("类别"))
    district = AreaFilter(path_field="path")
    region = filters.ModelChoiceFilter(queryset=Region.objects.all(), label=_("所在地区"))

    class Meta:
        model = TradeUnion
        fields = ["q", "kind", "district", "region"]

    def search(self, qs, name, value):
        return qs.filter(name__icontains=value.strip())


class EnterpriseFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("单位名称或统一社会信用代码"))
    district = AreaFilter()
    region = filters.ModelChoiceFilter(queryset=Region.objects.all(), label=_("所在地区"))
    size = filters.ChoiceFilter(choices=Enterprise.Size.choices, label=_("企业规模"))
    industry = filters.ChoiceFilter(choices=Enterprise.Industry.choices, label=_("所属行业"))
    is_active = yes_no_filter(_("有效"))

    class Meta:
        model = Enterprise
        fields = ["q", "district", "region", "size", "industry", "is_active"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(uscc=value.upper()))


ID_LIKE = re.compile(r"^\d{17}[\dXx]$")
PHONE_LIKE = re.compile(r"^1\d{10}$")


class WorkerFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="search", label=_("搜索"), help_text=_("姓名、岗位，或完整的身份证号码/手机号码")
    )
    district = AreaFilter()
    enterprise = filters.NumberFilter(field_name="enterprise_id", label=_("单位编号"))
    unit = filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("单位名称"))
    skill_level = filters.ChoiceFilter(choices=SkillLevel.choices[1:], label=_("技能等级"))
    gender = filters.ChoiceFilter(choices=Worker._meta.get_field("gender").choices, label=_("性别"))
    honour = filters.ChoiceFilter(choices=Honour.Kind.choices, method="with_honour", label=_("荣誉称号"))
    honour_level = filters.ChoiceFilter(
        choices=Honour.Level.choices, method="with_honour_level", label=_("荣誉级别")
    )
    birth_year_min = filters.NumberFilter(
        field_name="birth_year", lookup_expr="gte", label=_("出生年份不早于")
    )
    birth_year_max = filters.NumberFilter(
        field_name="birth_year", lookup_expr="lte", label=_("出生年份不晚于")
    )
    is_active = yes_no_filter(_("在职"))

    class Meta:
        model = Worker
        fields = [
            "q",
            "district",
            "enterprise",
            "unit",
            "skill_level",
            "gender",
            "honour",
            "honour_level",
            "is_active",
        ]

    def search(self, qs, name, value):
        value = value.strip()
        if ID_LIKE.match(value):
            return qs.filter(id_number_hash=pii.keyed_hash(normalize_id_number(value)))
        if PHONE_LIKE.match(value):
            return qs.filter(phone_hash=pii.keyed_hash(value))
        return qs.filter(Q(name__icontains=value) | Q(post__icontains=value))

    def with_honour(self, qs, name, value):
        return qs.filter(Exists(Honour.objects.filter(worker=OuterRef("pk"), kind=value)))

    def with_honour_level(self, qs, name, value):
        return qs.filter(Exists(Honour.objects.filter(worker=OuterRef("pk"), level=value)))
