import django_filters as filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.org.filters import AreaFilter, yes_no_filter

from .models import Achievement, Campaign, DemonstrationPost, Field, Kind, Patent, State


def _campaigns(request):
    user = getattr(request, "user", None)
    return (
        restrict(Campaign.objects.order_by("-year"), user, Action.CAMPAIGN_VIEW)
        if user
        else Campaign.objects.none()
    )


def search_terms(qs, value: str, column: str = "search_text"):
    """Chinese full-text search: every whitespace-separated term must occur (case-folded).

    On PostgreSQL a trigram GIN index serves the LIKE '%term%' scans (migration 0002);
    on SQLite it is a scan, fine at a city's size."""
    for term in value.lower().split()[:8]:
        qs = qs.filter(**{f"{column}__contains": term})
    return qs


class AchievementFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="search", label=_("全文检索"), help_text=_("成果名称、问题、方案、效果、单位、完成人")
    )
    campaign = filters.ModelChoiceFilter(queryset=_campaigns, label=_("征集活动"))
    year = filters.NumberFilter(field_name="campaign__year", label=_("年度"))
    since_year = filters.NumberFilter(field_name="campaign__year", lookup_expr="gte", label=_("年度起"))
    district = AreaFilter()
    unit = filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("单位名称"))
    enterprise = filters.NumberFilter(field_name="enterprise_id", label=_("单位编号"))
    kind = filters.ChoiceFilter(choices=Kind.choices, label=_("成果类别"))
    field = filters.ChoiceFilter(choices=Field.choices, label=_("所属领域"))
    state = filters.ChoiceFilter(choices=State.choices, label=_("状态"))
    benefit_min = filters.NumberFilter(
        field_name="benefit_claimed", lookup_expr="gte", label=_("申报效益不低于(元)")
    )
    benefit_max = filters.NumberFilter(
        field_name="benefit_claimed", lookup_expr="lte", label=_("申报效益不高于(元)")
    )
    has_patent = yes_no_filter(_("有专利"), method="flag")
    filed = yes_no_filter(_("已申报"), method="flag")
    verified = yes_no_filter(_("效益已核定"), method="flag")
    has_benefit = yes_no_filter(_("申报了效益"), method="flag")
    # A project (技术攻关/岗位创新) filed as a five-smalls achievement (`Project.achievement`,
    # related_name "project"): its benefit is counted in the project's channel.
    from_project = yes_no_filter(_("由攻关项目申报"), method="flag")

    class Meta:
        model = Achievement
        fields = [
            "q",
            "campaign",
            "year",
            "district",
            "unit",
            "kind",
            "field",
            "state",
            "benefit_min",
            "benefit_max",
            "has_patent",
        ]

    def search(self, qs, name, value):
        return search_terms(qs, value)

    FLAGS = {
        "has_patent": lambda: Exists(Patent.objects.filter(achievement=OuterRef("pk"))),
        "filed": lambda: Q(submitted_at__isnull=False),
        "verified": lambda: Q(benefit_verified__isnull=False),
        "has_benefit": lambda: Q(benefit_claimed__gt=0),
        "from_project": lambda: Q(project__isnull=False),
    }

    def flag(self, qs, name, value):
        condition = self.FLAGS[name]()
        return qs.filter(condition) if value else qs.exclude(condition)


class CampaignFilterSet(filters.FilterSet):
    year = filters.NumberFilter(label=_("年度"))

    class Meta:
        model = Campaign
        fields = ["year"]


class DemonstrationPostFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"), help_text=_("岗位或单位名称"))
    year = filters.NumberFilter(label=_("年度"))
    district = AreaFilter()
    unit = filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("单位名称"))

    class Meta:
        model = DemonstrationPost
        fields = ["q", "year", "district", "unit"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(post__icontains=value) | Q(enterprise__name__icontains=value))
