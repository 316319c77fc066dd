"""The dashboard's charts of the other parts: benefit by channel, studios by type × level, 金牌师徒,
service orders, skills competitions and budget use (see selectors.py for the rules)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.competitions.filters import RegistrationFilterSet
from innovation.competitions.models import Registration, RegistrationState
from innovation.funds.filters import BudgetLineFilterSet, CommitmentFilterSet, PaymentFilterSet
from innovation.funds.models import BudgetLine
from innovation.pairs.filters import AgreementFilterSet
from innovation.pairs.models import Agreement
from innovation.pairs.models.agreements import COUNTED_STATES
from innovation.projects.models import Channel
from innovation.projects.stats import benefit_by_channel_fen, channel_url
from innovation.studios.filters import StudioFilterSet
from innovation.studios.models import Studio, StudioLevel, StudioType
from innovation.volunteer.filters import OrderFilterSet
from innovation.volunteer.models import OrderState, ServiceOrder

from ..charts import chart, link, point, series
from ..params import Filters
from .achievements import _year, fen_to_yuan, in_node


def benefit_by_channel(user, f: Filters) -> dict:
    """The report's ~5亿 since 2019, by channel. It is the caller's whole scope since 2019: under a
    year or a narrower node it is not shown (a figure of another scope would pretend to be this one)."""
    if f.year or not f.at_home:
        return chart(
            "benefit_by_channel",
            _("创新创效经济效益（2019年以来，按渠道，元）"),
            "pie",
            [],
            [],
            unit=_("元"),
            note=_("此图为您权限范围内2019年以来的合计，不按年度或下级组织筛选；请清除筛选后查看。"),
        )
    fen = benefit_by_channel_fen(user)
    codes = [c for c in Channel if fen.get(c.value)]
    return chart(
        "benefit_by_channel",
        _("创新创效经济效益（2019年以来，按渠道，元）"),
        "pie",
        [c.label for c in codes],
        [series(_("核定经济效益"), [point(fen_to_yuan(fen[c.value]), channel_url(c.value)) for c in codes])],
        unit=_("元"),
    )


def studios_by_type_level(user, f: Filters) -> dict:
    qs = in_node(restrict(Studio.objects.filter(status=Studio.Status.ACTIVE), user, Action.STUDIO_VIEW), f)
    counts = {(t, lv): n for t, lv, n in qs.values_list("type", "level").annotate(n=Count("id"))}
    levels = [lv for lv in StudioLevel if any(counts.get((t, lv)) for t in StudioType)]
    types = [t for t in StudioType if any(counts.get((t, lv)) for lv in StudioLevel)]
    area = f.area_params()
    return chart(
        "studios_by_type_level",
        _("创新工作室（按级别与类型，现有）"),
        "stack",
        [lv.label for lv in levels],
        [
            series(
                t.label,
                [
                    point(
                        counts.get((t, lv), 0),
                        link(
                            "studios:list",
                            StudioFilterSet,
                            {"status": "active", "type": t.value, "level": lv.value},
                            area,
                        ),
                    )
                    for lv in levels
                ],
            )
            for t in types
        ],
        unit=_("个"),
        note=_("现有工作室，不按年度筛选。") if f.year else "",
    )


def pairs_by_year(user, f: Filters) -> dict:
    qs = in_node(restrict(Agreement.objects.filter(state__in=COUNTED_STATES), user, Action.PAIR_VIEW), f)
    if f.year:
        qs = qs.filter(start_on__year=f.year)
    rows = qs.values_list("start_on__year").annotate(n=Count("id")).order_by("start_on__year")
    area = f.area_params()
    return chart(
        "pairs_by_year",
        _("师徒结对（履行中及已出师，按开始年度）"),
        "bar",
        [str(y) for y, _n in rows],
        [
            series(
                _("师徒结对"),
                [
                    point(n, link("pairs:list", AgreementFilterSet, {"counted": "true", "year": y}, area))
                    for y, n in rows
                ],
            )
        ],
        unit=_("对"),
    )


def orders_by_state(user, f: Filters) -> dict:
    qs = in_node(restrict(ServiceOrder.objects.all(), user, Action.SERVICE_VIEW), f)
    if f.year:
        qs = qs.filter(posted_at__year=f.year)
    counts = dict(qs.values_list("state").annotate(n=Count("id")))
    present = [s for s in OrderState if counts.get(s.value)]
    area = f.area_params()
    return chart(
        "orders_by_state",
        _("志愿服务订单（按状态）"),
        "pie",
        [s.label for s in present],
        [
            series(
                _("服务订单"),
                [
                    point(
                        counts[s.value],
                        link("volunteer:orders", OrderFilterSet, {"state": s.value, **_year(f)}, area),
                    )
                    for s in present
                ],
            )
        ],
        unit=_("单"),
    )


def contestants_by_year(user, f: Filters) -> dict:
    qs = in_node(
        restrict(
            Registration.objects.filter(state=RegistrationState.CONFIRMED), user, Action.COMPETITION_VIEW
        ),
        f,
    )
    if f.year:
        qs = qs.filter(occupation__competition__year=f.year)
    rows = (
        qs.values_list("occupation__competition__year")
        .annotate(n=Count("id"))
        .order_by("occupation__competition__year")
    )
    area = f.area_params(by_enterprise=False)  # the registration list has no unit filter
    return chart(
        "contestants_by_year",
        _("技能大赛参赛选手（已确认，按年度）"),
        "bar",
        [str(y) for y, _n in rows],
        [
            series(
                _("参赛选手"),
                [
                    point(
                        n,
                        link(
                            "competitions:registrations",
                            RegistrationFilterSet,
                            {"state": RegistrationState.CONFIRMED.value, "year": y},
                            area,
                        ),
                    )
                    for y, n in rows
                ],
            )
        ],
        unit=_("人"),
    )


def budget_lines(user, f: Filters) -> dict:
    qs = in_node(restrict(BudgetLine.objects.all(), user, Action.FUNDS_VIEW), f, path="union__path")
    # One year's lines (the chosen one, else the latest): budgets of several years side by side
    # would read as one.
    year = f.year or qs.order_by("-year").values_list("year", flat=True).first()
    lines = list(qs.filter(year=year).select_related("union").order_by("kind", "id")[:30]) if year else []
    return chart(
        "budget_lines",
        _("预算执行（%(year)s年，按预算科目，元）") % {"year": year}
        if year
        else _("预算执行（按预算科目，元）"),
        "bar",
        [line.name if line.name.startswith(str(line.year)) else f"{line.year} {line.name}" for line in lines],
        [
            series(
                _("预算额"),
                [
                    point(
                        fen_to_yuan(line.amount_fen),
                        link(
                            "funds:lines",
                            BudgetLineFilterSet,
                            {"year": line.year, "kind": line.kind, "union": line.union_id},
                            {},
                        ),
                    )
                    for line in lines
                ],
            ),
            series(
                _("已承诺"),
                [
                    point(
                        fen_to_yuan(line.committed_fen),
                        link("funds:commitments", CommitmentFilterSet, {"line": line.pk}, {}),
                    )
                    for line in lines
                ],
            ),
            series(
                _("已支付"),
                [
                    point(
                        fen_to_yuan(line.paid_fen),
                        link("funds:payments", PaymentFilterSet, {"line": line.pk}, {}),
                    )
                    for line in lines
                ],
            ),
        ],
        unit=_("元"),
        note="" if f.year else _("最近年度的预算科目；选择年度查看其他年度。"),
    )
