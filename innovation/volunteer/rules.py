"""The rules of the orders that more than one step or service asks: who leads a team, whether a
team may take an order (area, capacity, in service), the enterprise's county, the budget line an
expense is paid from and whether it fits."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from innovation.core.money import money_text
from innovation.funds.models import BudgetLine, LineKind
from innovation.org.models import Enterprise, Region, TradeUnion

from .models import TEAM_LOAD_STATES, ServiceExpense, ServiceOrder, ServiceTeam

EXPENSE_SOURCE = "service_expense"  # the ledger's source kind of an order's expense


def leads(user, team: ServiceTeam) -> bool:
    return bool(team.leader.user_id) and team.leader.user_id == getattr(user, "pk", None)


def county_of(enterprise: Enterprise) -> Region | None:
    """The county-level division the enterprise is in (its region, or the region's county)."""
    region = enterprise.region
    while region is not None and region.level != Region.Level.COUNTY:
        region = region.parent
    return region


def check_team_takes(team: ServiceTeam, order: ServiceOrder) -> None:
    """Refuse a team that is out of service, does not serve the order's county, or is full."""
    if not team.is_active:
        raise ValidationError({"team": [_("%(t)s已停止服务，不能承接订单。") % {"t": team.name}]})
    if not team.districts.filter(pk=order.district_id).exists():
        raise ValidationError(
            {
                "team": [
                    _("%(d)s不在%(t)s的服务区域内，不能承接该订单。") % {"d": order.district, "t": team.name}
                ]
            }
        )
    load = ServiceOrder.objects.filter(team=team, state__in=TEAM_LOAD_STATES).exclude(pk=order.pk).count()
    if load >= team.capacity:
        raise ValidationError(
            {
                "team": [
                    _("%(t)s在办订单已有%(n)d单，达到同时承接上限（%(c)d单），不能再承接。")
                    % {"t": team.name, "n": load, "c": team.capacity}
                ]
            }
        )


def city_union_of(order: ServiceOrder) -> TradeUnion | None:
    """The city union above the order's enterprise (whose budget pays the service)."""
    from innovation.accounts.scope import ancestor_paths

    return (
        TradeUnion.objects.filter(kind=TradeUnion.Kind.CITY, path__in=ancestor_paths(order.scope_path))
        .order_by("-path")
        .first()
    )


def expense_year(order: ServiceOrder) -> int:
    from django.utils import timezone

    return timezone.localdate(order.posted_at).year if isinstance(order.posted_at, datetime.datetime) else 0


def service_line(order: ServiceOrder) -> BudgetLine:
    """The city union's 志愿服务经费 line of the year the order was posted."""
    year = expense_year(order)
    line = BudgetLine.objects.filter(union=city_union_of(order), year=year, kind=LineKind.SERVICE).first()
    if line is None:
        raise ValidationError(
            {
                "amount_fen": [
                    _("尚未设立%(y)d年的「志愿服务经费」预算科目，服务经费无从列支。") % {"y": year}
                ]
            },
            code="budget_line",
        )
    return line


def check_expense_fits(expense: ServiceExpense, line: BudgetLine) -> None:
    left = line.amount_fen - line.committed_fen
    if expense.amount_fen > left:
        raise ValidationError(
            {
                "amount_fen": [
                    _("%(l)s余额为%(r)s，不足以列支%(a)s。")
                    % {"l": line, "r": money_text(left), "a": money_text(expense.amount_fen)}
                ]
            },
            code="over_line",
        )
