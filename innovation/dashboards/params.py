"""The dashboard's filters: a year, a district and a node of the union tree (the breadcrumb),
checked against the caller's scope. The page and the API read them through `parse`; a bad value
is a ValidationError with a Chinese message (a 400), never an empty chart that looks like data."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action, Scope
from innovation.accounts.scope import can_act_at, home_node, widest_scope
from innovation.org.filters import AREA_KINDS
from innovation.org.models import TradeUnion

YEAR_MIN, YEAR_MAX = 2000, 2100
ID_MAX = 2**63 - 1
# The action that decides who sees a dashboard of a part of the tree, and where: whoever reads the
# achievements of a subtree (city, county / industry, unit union staff).
ACTION = Action.ACHIEVEMENT_VIEW
# Drilling stops at a unit (its union and the enterprise are one): sub-unit unions have no rows
# of their own in the lists.
DRILL_KINDS = (TradeUnion.Kind.PROVINCE, *AREA_KINDS)


def sees_subtree(user) -> bool:
    return widest_scope(user, ACTION) in (Scope.SUBTREE, Scope.ALL)


def sees_own(user) -> bool:
    return widest_scope(user, ACTION) is Scope.SELF


@dataclass
class Filters:
    """A dashboard's filters, resolved: `node` is where the figures are taken (the caller's own
    union when nothing was chosen), `home` the top of the caller's subtree."""

    home: TradeUnion | None
    node: TradeUnion | None
    year: int | None = None
    district: TradeUnion | None = None
    enterprise_id: int | None = None  # the unit behind `node` when it is a unit union
    breadcrumb: list[TradeUnion] = field(default_factory=list)

    @property
    def at_home(self) -> bool:
        return self.node is None or self.home is None or self.node.pk == self.home.pk

    def area_params(self, *, by_enterprise: bool = True) -> dict | None:
        """The list parameters that pick `node`'s rows: none at the caller's own union (the list's
        scope is the same), `district` for a county-level / industry union, `enterprise` for a
        unit. None when the target list cannot express the node (no link rather than a wrong one)."""
        if self.at_home:
            return {}
        return node_params(self.node, self.enterprise_id, by_enterprise=by_enterprise)


def node_params(node, enterprise_id, *, by_enterprise: bool = True) -> dict | None:
    if node.kind in AREA_KINDS:
        return {"district": node.pk}
    if enterprise_id and by_enterprise:
        return {"enterprise": enterprise_id}
    return None


def _int(value: str | None, *, name: str, low: int, high: int, message: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError({name: [message]}) from None
    if not low <= number <= high:
        raise ValidationError({name: [message]})
    return number


def _union_in_scope(user, pk: int | None, *, name: str, kinds=None) -> TradeUnion | None:
    if pk is None:
        return None
    union = TradeUnion.objects.filter(pk=pk).first()
    # Missing and out of scope read the same: the caller learns nothing of other areas.
    if union is None or (kinds and union.kind not in kinds) or not can_act_at(user, ACTION, union):
        if name == "district":
            message = _("所选县(市、区)/产业工会不存在或不在您的权限范围内，请从下拉列表中选择。")
        else:
            message = _("所选工会组织不存在或不在您的权限范围内。")
        raise ValidationError({name: [message]})
    return union


def parse(user, data) -> Filters:
    """The filters of `data` (a QueryDict or a dict) for `user`; ValidationError when one is bad."""
    year = _int(
        data.get("year"),
        name="year",
        low=YEAR_MIN,
        high=YEAR_MAX,
        message=_("年度须为%(low)s至%(high)s之间的整数。") % {"low": YEAR_MIN, "high": YEAR_MAX},
    )
    id_message = _("编号须为正整数。")
    district_id = _int(data.get("district"), name="district", low=1, high=ID_MAX, message=id_message)
    node_id = _int(data.get("node"), name="node", low=1, high=ID_MAX, message=id_message)
    home = home_node(user, ACTION)
    if home is None and (district_id or node_id):
        raise ValidationError(
            {"district" if district_id else "node": [_("您只能查看本人的数据，不能按区域筛选。")]}
        )
    district = _union_in_scope(user, district_id, name="district", kinds=AREA_KINDS)
    node = _union_in_scope(user, node_id, name="node")
    if node is not None and district is not None and not node.path.startswith(district.path):
        raise ValidationError({"node": [_("所选工会组织不在所选县(市、区)/产业工会之内。")]})
    node = node or district or home
    if node is not None and home is not None and not node.path.startswith(home.path):
        # A grant lower in the tree than the one chosen as home (a second role): start from it.
        home = next(
            (g.node for g in user.active_grants() if g.node_id and node.path.startswith(g.node.path)), home
        )
    enterprise_id = None
    if node is not None and node.kind not in DRILL_KINDS:
        enterprise_id = _enterprise_of(node)
    crumbs = []
    if node is not None and home is not None:
        ids = [int(p) for p in node.path.strip("/").split("/")]
        start = ids.index(home.pk) if home.pk in ids else len(ids) - 1
        by_id = TradeUnion.objects.in_bulk(ids[start:])
        crumbs = [by_id[i] for i in ids[start:] if i in by_id]
    return Filters(
        home=home, node=node, year=year, district=district, enterprise_id=enterprise_id, breadcrumb=crumbs
    )


def _enterprise_of(union) -> int | None:
    from innovation.org.models import Enterprise

    return Enterprise.objects.filter(union=union).values_list("pk", flat=True).first()


def districts_for(user) -> list[TradeUnion]:
    """The county-level and industry unions of the caller's subtree (the district filter's choices)."""
    from innovation.accounts.scope import restrict

    qs = TradeUnion.objects.filter(kind__in=(TradeUnion.Kind.DISTRICT, TradeUnion.Kind.INDUSTRY)).order_by(
        "path"
    )
    return list(restrict(qs, user, Action.UNION_VIEW))
