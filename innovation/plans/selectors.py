"""Reads of plans. Targets and snapshots are scoped rows (accounts.scope); a plan, its versions and
its indicators are read through the plan: a plan is visible to whoever may view plans over its
union (the city; Plan is scoped at its union) or sees one of its targets (a county union: its
district's)."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict

from .models import Plan, PlanTarget, PlanVersion, Snapshot


def plans_visible_to(user) -> QuerySet:
    if not can(user, Action.PLAN_VIEW):
        return Plan.objects.none()
    own = restrict(Plan.objects.all(), user, Action.PLAN_VIEW).values("pk")
    seen = restrict(PlanTarget.objects.all(), user, Action.PLAN_VIEW).values("version__plan_id")
    return Plan.objects.filter(Q(pk__in=own) | Q(pk__in=seen)).select_related("union")


def versions_of(plan: Plan) -> QuerySet:
    return PlanVersion.objects.filter(plan=plan).order_by("number")


def current_version(plan: Plan, today: datetime.date) -> PlanVersion | None:
    """The version in force on `today` (the latest effective), else the first one."""
    versions = versions_of(plan)
    return versions.filter(effective_on__lte=today).order_by("-number").first() or versions.first()


def plan_years(version: PlanVersion) -> list[int]:
    return sorted(set(PlanTarget.objects.filter(version=version).values_list("year", flat=True)))


def plan_year(version: PlanVersion, today: datetime.date) -> int | None:
    """The current plan year: the latest year with targets that is not after today's year."""
    years = [y for y in plan_years(version) if y <= today.year]
    return years[-1] if years else None


def visible_districts(user, version: PlanVersion) -> list:
    """The districts of the version's targets the caller sees (the progress page's filter)."""
    from innovation.org.models import TradeUnion

    ids = restrict(PlanTarget.objects.filter(version=version), user, Action.PLAN_VIEW).values("district_id")
    return list(TradeUnion.objects.filter(pk__in=ids).order_by("path"))


def snapshots_visible_to(user, plan: Plan) -> QuerySet:
    return restrict(
        Snapshot.objects.filter(version__plan=plan).select_related("version", "indicator", "district"),
        user,
        Action.PLAN_VIEW,
    )


def diff(old: PlanVersion | None, new: PlanVersion, user) -> list[dict]:
    """What a revision changed (本次修订变更), among the target rows the caller sees: each key
    (indicator, year, district) whose target was added, removed or changed, old → new."""

    def keyed(version):
        if version is None:
            return {}
        rows = restrict(
            PlanTarget.objects.filter(version=version).select_related("indicator", "district"),
            user,
            Action.PLAN_VIEW,
        )
        return {(t.indicator.code, t.year, t.district_id): t for t in rows}

    before, after = keyed(old), keyed(new)
    changes = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[0], k[1], k[2] or 0)):
        was, now = before.get(key), after.get(key)
        if was is not None and now is not None and was.value == now.value:
            continue
        row = now or was
        kind = "added" if was is None else "removed" if now is None else "changed"
        changes.append(
            {
                "kind": kind,
                "indicator": row.indicator,
                "year": row.year,
                "district": row.district,
                "old": was.value if was is not None else None,
                "new": now.value if now is not None else None,
            }
        )
    changes.sort(
        key=lambda c: (
            c["indicator"].order,
            c["indicator"].pk,
            c["year"],
            c["district"].path if c["district"] else "",
        )
    )
    return changes
