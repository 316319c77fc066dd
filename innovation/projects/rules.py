"""The rules of projects that more than one service or step asks: who leads a project's studio,
the plan's dates, the benefit amounts, the budget line support is paid from, the campaign a
concluded project is filed in."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.core.money import money_text
from innovation.funds.models import MAX_FEN, BudgetLine, LineKind
from innovation.org.models import TradeUnion

from .models import Project

SUPPORT_SOURCE = "project_support"  # the ledger's source kind of a project's funds support


def leads_studio(user, project: Project) -> bool:
    return bool(project.studio_id) and project.studio.leader.user_id == getattr(user, "pk", None)


def is_date(value) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def check_fen(value, field: str, *, required: bool, minimum: int = 0) -> int | None:
    """A whole number of fen within the ledger's bounds (None when optional and not given)."""
    if value is None:
        if required:
            raise ValidationError({field: [_("请填写金额。")]})
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: [_("金额须为整数（单位：分）。")]})
    if value < minimum:
        raise ValidationError({field: [_("金额不能为负数。") if minimum == 0 else _("金额须大于0。")]})
    if value > MAX_FEN:
        raise ValidationError({field: [_("金额过大（不超过%(m)s）。") % {"m": money_text(MAX_FEN)}]})
    return value


def check_milestone_date(project: Project, due_on) -> None:
    if not is_date(due_on):
        raise ValidationError({"due_on": [_("请填写计划完成日期。")]})
    if due_on > project.end_on:
        raise ValidationError(
            {
                "due_on": [
                    _("里程碑日期（%(d)s）不能晚于项目计划完成日期（%(e)s）。")
                    % {"d": due_on.isoformat(), "e": project.end_on.isoformat()}
                ]
            }
        )
    if due_on < project.start_on:
        raise ValidationError(
            {
                "due_on": [
                    _("里程碑日期（%(d)s）不能早于项目计划开始日期（%(s)s）。")
                    % {"d": due_on.isoformat(), "s": project.start_on.isoformat()}
                ]
            }
        )


def city_union_of(project: Project) -> TradeUnion | None:
    from innovation.accounts.scope import ancestor_paths

    return (
        TradeUnion.objects.filter(kind=TradeUnion.Kind.CITY, path__in=ancestor_paths(project.scope_path))
        .order_by("-path")
        .first()
    )


def support_line(project: Project, on: datetime.date) -> BudgetLine:
    """The city union's 「其他」 line of the year the support is given (innovation projects are
    paid from it)."""
    line = BudgetLine.objects.filter(union=city_union_of(project), year=on.year, kind=LineKind.OTHER).first()
    if line is None:
        raise ValidationError(
            {"amount_fen": [_("尚未设立%(y)d年的「其他」经费预算科目，攻关经费无从列支。") % {"y": on.year}]},
            code="budget_line",
        )
    return line


def open_campaign(project: Project, now: datetime.datetime | None = None):
    """The five-smalls campaign open now, run by a union above the project's unit (the latest)."""
    from innovation.accounts.scope import ancestor_paths
    from innovation.achievements.models import Campaign

    now = now or timezone.now()
    return (
        Campaign.objects.filter(
            union__path__in=ancestor_paths(project.scope_path), opens_at__lte=now, closes_at__gt=now
        )
        .order_by("-year", "-id")
        .first()
    )
