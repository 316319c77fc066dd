"""The dashboard's figures (reads only): every chart for a caller and their filters, each point
linked to the list of its rows. Every query starts from `restrict(...)` (the caller's scope) and
is then narrowed to the chosen node of the tree and year; the lists the links open apply the same
scope and the same filters, so a point's value is the row count of its list."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.achievements.filters import AchievementFilterSet
from innovation.achievements.models import Achievement, Field, Kind, State
from innovation.org.models import TradeUnion

from ..charts import chart, link, point, series
from ..params import DRILL_KINDS, Filters, node_params


def yuan(value) -> int:
    """Whole yuan of a Decimal yuan amount (half up), as the home page's *_yuan figures."""
    return int((value or Decimal(0)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def fen_to_yuan(fen) -> int:
    return (int(fen or 0) + 50) // 100


def in_node(qs, f: Filters, path: str = "scope_path"):
    """Rows under the chosen node (the scope already holds the caller's subtree)."""
    if f.at_home or f.node is None:
        return qs
    return qs.filter(**{f"{path}__startswith": f.node.path})


def filed_achievements(user, f: Filters):
    qs = restrict(Achievement.objects.all(), user, Action.ACHIEVEMENT_VIEW).filter(submitted_at__isnull=False)
    qs = in_node(qs, f)
    return qs.filter(campaign__year=f.year) if f.year else qs


def awarded_achievements(user, f: Filters):
    """The awarded among them. Not the Award rows: those hang at the campaign's union (the city),
    so a county's awards are found through its achievements (and so are the links)."""
    return filed_achievements(user, f).filter(state=State.AWARDED)


AWARDED = {"filed": "true", "state": State.AWARDED.value}


def dashboard_url(f: Filters, node: TradeUnion) -> str:
    """The dashboard at `node` (the caller's own union: no node), keeping the year."""
    query = {**_year(f), **({} if node == f.home else {"node": node.pk})}
    return reverse("dashboards:index") + ("?" + urlencode(query) if query else "")


def _year(f: Filters) -> dict:
    return {"year": f.year} if f.year else {}


def achievements_by_year(user, f: Filters) -> dict:
    filed = dict(filed_achievements(user, f).values_list("campaign__year").annotate(n=Count("id")))
    won = dict(awarded_achievements(user, f).values_list("campaign__year").annotate(n=Count("id")))
    years = sorted(set(filed) | set(won))
    area = f.area_params()
    return chart(
        "achievements_by_year",
        _("五小创新成果：申报与获奖（按年度）"),
        "bar",
        [str(y) for y in years],
        [
            series(
                _("申报成果"),
                [
                    point(
                        filed.get(y, 0),
                        link("achievements:list", AchievementFilterSet, {"filed": "true", "year": y}, area),
                    )
                    for y in years
                ],
            ),
            series(
                _("获奖成果"),
                [
                    point(
                        won.get(y, 0),
                        link("achievements:list", AchievementFilterSet, {**AWARDED, "year": y}, area),
                    )
                    for y in years
                ],
            ),
        ],
        unit=_("项"),
    )


def children_of(f: Filters) -> list[TradeUnion]:
    if f.node is None or f.node.kind not in DRILL_KINDS:
        return []
    return list(TradeUnion.objects.filter(parent=f.node).order_by("sort", "path"))


def _child_counts(qs, node: TradeUnion) -> dict[int, int]:
    """Rows per child of `node`: the child's id is the next step of each row's path."""
    counts: dict[int, int] = {}
    for path, n in qs.order_by().values_list("scope_path").annotate(n=Count("id")):
        rest = path[len(node.path) :].split("/", 1)[0] if path.startswith(node.path) else ""
        if rest.isdigit():
            counts[int(rest)] = counts.get(int(rest), 0) + n
    return counts


def achievements_by_area(user, f: Filters) -> dict | None:
    children = children_of(f)
    if not children:
        return None
    from innovation.org.models import Enterprise

    enterprises = dict(Enterprise.objects.filter(union__in=children).values_list("union_id", "pk"))
    filed = _child_counts(filed_achievements(user, f), f.node)
    won = _child_counts(awarded_achievements(user, f), f.node)
    keep = [c for c in children if filed.get(c.pk) or won.get(c.pk)]
    drill = [dashboard_url(f, c) for c in keep]
    return chart(
        "achievements_by_area",
        _("五小创新成果：申报与获奖（按%(node)s下属组织）") % {"node": f.node.name},
        "bar",
        [c.name for c in keep],
        [
            series(
                _("申报成果"),
                [
                    point(
                        filed.get(c.pk, 0),
                        link(
                            "achievements:list",
                            AchievementFilterSet,
                            {"filed": "true", **_year(f)},
                            node_params(c, enterprises.get(c.pk)),
                        ),
                    )
                    for c in keep
                ],
            ),
            series(
                _("获奖成果"),
                [
                    point(
                        won.get(c.pk, 0),
                        link(
                            "achievements:list",
                            AchievementFilterSet,
                            {**AWARDED, **_year(f)},
                            node_params(c, enterprises.get(c.pk)),
                        ),
                    )
                    for c in keep
                ],
            ),
        ],
        unit=_("项"),
        drill=drill,
    )


def _by_choice(user, f: Filters, column: str, choices, key: str, title) -> dict:
    counts = dict(filed_achievements(user, f).values_list(column).annotate(n=Count("id")))
    present = [(value, label) for value, label in choices if counts.get(value)]
    area = f.area_params()
    return chart(
        key,
        title,
        "pie",
        [label for _v, label in present],
        [
            series(
                _("申报成果"),
                [
                    point(
                        counts[value],
                        link(
                            "achievements:list",
                            AchievementFilterSet,
                            {"filed": "true", column: value, **_year(f)},
                            area,
                        ),
                    )
                    for value, _label in present
                ],
            )
        ],
        unit=_("项"),
    )


def achievements_by_field(user, f: Filters) -> dict:
    return _by_choice(user, f, "field", Field.choices, "achievements_by_field", _("申报成果（按所属领域）"))


def achievements_by_kind(user, f: Filters) -> dict:
    return _by_choice(user, f, "kind", Kind.choices, "achievements_by_kind", _("申报成果（按成果类别）"))


def benefit_by_year(user, f: Filters) -> dict:
    rows = (
        filed_achievements(user, f)
        .filter(benefit_verified__isnull=False)
        .values_list("campaign__year")
        .annotate(s=Sum("benefit_verified"))
        .order_by("campaign__year")
    )
    area = f.area_params()
    return chart(
        "benefit_by_year",
        _("核定经济效益（按年度，元/年）"),
        "line",
        [str(y) for y, _s in rows],
        [
            series(
                _("核定经济效益"),
                [
                    point(
                        yuan(s),
                        link(
                            "achievements:list",
                            AchievementFilterSet,
                            {"filed": "true", "verified": "true", "year": y},
                            area,
                        ),
                    )
                    for y, s in rows
                ],
            )
        ],
        unit=_("元"),
    )


def achievements_by_state(user) -> dict:
    """A worker's own achievements by state (their small dashboard)."""
    qs = restrict(Achievement.objects.all(), user, Action.ACHIEVEMENT_VIEW)
    counts = dict(qs.values_list("state").annotate(n=Count("id")))
    present = [(v, label) for v, label in State.choices if counts.get(v)]
    return chart(
        "my_achievements_by_state",
        _("我的成果（按状态）"),
        "pie",
        [label for _v, label in present],
        [
            series(
                _("成果"),
                [
                    point(counts[v], link("achievements:list", AchievementFilterSet, {"state": v}, {}))
                    for v, _l in present
                ],
            )
        ],
        unit=_("项"),
    )


def my_achievements_by_year(user) -> dict:
    qs = restrict(Achievement.objects.all(), user, Action.ACHIEVEMENT_VIEW)
    rows = qs.values_list("campaign__year").annotate(n=Count("id")).order_by("campaign__year")
    return chart(
        "my_achievements_by_year",
        _("我的成果（按年度）"),
        "bar",
        [str(y) for y, _n in rows],
        [
            series(
                _("成果"),
                [point(n, link("achievements:list", AchievementFilterSet, {"year": y}, {})) for y, n in rows],
            )
        ],
        unit=_("项"),
    )
