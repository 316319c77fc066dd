"""Reads that are not plain scoped lists: the economic-benefit totals, and the union a city
admin organises campaigns for (shared by the pages and the API)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import home_node, restrict
from innovation.org.filters import AREA_KINDS
from innovation.org.models import TradeUnion

from .models import Field, Kind

GROUPINGS = {
    "year": _("年度"),
    "district": _("县(市、区)/产业工会"),
    "unit": _("单位"),
    "kind": _("成果类别"),
    "field": _("所属领域"),
}


@dataclass
class BenefitRow:
    key: str  # the filter parameter value that selects these rows
    param: str  # the filter parameter name
    label: str
    count: int
    claimed: Decimal
    verified: Decimal


def benefit_totals(queryset, by: str, user) -> list[BenefitRow]:
    """Filed achievements of `queryset` grouped by year, district, unit, kind or field:
    count, claimed and verified benefit (yuan per year). One aggregate query (plus the
    district names)."""
    qs = queryset.filter(submitted_at__isnull=False).order_by()
    sums = {"count": Count("id"), "claimed": Sum("benefit_claimed"), "verified": Sum("benefit_verified")}
    zero = Decimal(0)

    def row(key, param, label, r):
        return BenefitRow(
            str(key), param, str(label), r["count"], r["claimed"] or zero, r["verified"] or zero
        )

    if by == "year":
        rows = qs.values("campaign__year").annotate(**sums).order_by("campaign__year")
        return [row(r["campaign__year"], "year", r["campaign__year"], r) for r in rows]
    if by == "kind":
        rows = qs.values("kind").annotate(**sums).order_by("kind")
        return [row(r["kind"], "kind", Kind(r["kind"]).label, r) for r in rows]
    if by == "field":
        rows = qs.values("field").annotate(**sums).order_by("field")
        return [row(r["field"], "field", Field(r["field"]).label, r) for r in rows]
    if by == "unit":
        rows = qs.values("enterprise_id", "enterprise__name").annotate(**sums).order_by("-claimed")[:500]
        return [row(r["enterprise_id"], "enterprise", r["enterprise__name"], r) for r in rows]
    # district: group by the unit union's parent, then fold each parent into the area above it.
    areas = list(
        restrict(
            TradeUnion.objects.filter(kind__in=AREA_KINDS).exclude(kind=TradeUnion.Kind.CITY),
            user,
            Action.UNION_VIEW,
        )
    )
    parents = qs.values("enterprise__union__parent_id", "enterprise__union__parent__path").annotate(**sums)
    merged: dict[int, dict] = {}
    for r in parents:
        path = r["enterprise__union__parent__path"] or ""
        area = max((a for a in areas if path.startswith(a.path)), key=lambda a: len(a.path), default=None)
        if area is None:
            continue
        acc = merged.setdefault(area.pk, {"area": area, "count": 0, "claimed": zero, "verified": zero})
        acc["count"] += r["count"]
        acc["claimed"] += r["claimed"] or zero
        acc["verified"] += r["verified"] or zero
    return [
        row(v["area"].pk, "district", v["area"].name, v)
        for v in sorted(merged.values(), key=lambda v: v["area"].path)
    ]


def campaign_union_of(user):
    """The union a city admin organises campaigns for (accounts.scope.home_node)."""
    node = home_node(user, Action.CAMPAIGN_MANAGE)
    if node is not None:
        return node
    raise PermissionDenied(gettext("只有市总工会可以发布征集活动。"))
